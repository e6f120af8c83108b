"""pytest plugin: records every JSON answer the test client receives, so two runs of the
API tests (before and after a change that must not alter responses) can be diffed.

    API_RECORD=/tmp/before.jsonl .venv/bin/pytest -p bench.record_api tests/bookings ...
    .venv/bin/python bench/record_api.py /tmp/before.jsonl /tmp/after.jsonl

Values that differ between runs by nature (tokens, UUIDs, timestamps) are masked; keys,
status codes and every other value are kept. Faker is reseeded before each test.
"""

import json
import os
import re
import sys

VOLATILE = [
    (re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?"), "<datetime>"),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
    (re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+"), "<jwt>"),
    (re.compile(r"[A-Za-z0-9_\-:]{22,}"), "<token>"),
]


def mask(value):
    if isinstance(value, dict):
        return {key: mask(item) for key, item in value.items()}
    if isinstance(value, list):
        return [mask(item) for item in value]
    if isinstance(value, str):
        for pattern, replacement in VOLATILE:
            value = pattern.sub(replacement, value)
    return value


def pytest_configure(config):
    path = os.environ.get("API_RECORD")
    if not path:
        return
    from django.test import client

    original = client.Client.request
    out = open(path, "a")  # noqa: SIM115 (open for the whole session)

    def request(self, **environ):
        response = original(self, **environ)
        content_type = response.get("Content-Type", "")
        body = None
        if "json" in content_type and not getattr(response, "streaming", False):
            try:
                body = mask(json.loads(response.content or b"null"))
            except ValueError:
                body = "<invalid json>"
        record = {
            "test": os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" ", 1)[0],
            "method": environ.get("REQUEST_METHOD"),
            "path": mask(environ.get("PATH_INFO")),
            "query": mask(environ.get("QUERY_STRING", "")),
            "status": response.status_code,
            "body": body,
        }
        out.write(json.dumps(record, sort_keys=False) + "\n")
        out.flush()
        return response

    client.Client.request = request


def pytest_runtest_setup(item):
    import factory.random

    factory.random.reseed_random(f"{item.nodeid}")


# Values that depend on what earlier tests created (sequences, factory counters are not
# reset, so adding a test shifts them) or on chance and timing: masked when comparing.
RUN_DEPENDENT = [
    (re.compile(r"^\d+$"), "<id>"),
    (re.compile(r"/\d+(?=/|$|\?)"), "/<id>"),
    (re.compile(r"(?<==)\d+(?=&|$)"), "<id>"),  # ids in query strings
    (re.compile(r"(?<=token=)[^&]+"), "<token>"),  # signed (timestamped) links
    (re.compile(r"\d+(@|%40)"), r"<n>\1"),  # factory emails: staff12@...
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:<port>"),
    (re.compile(r"^[a-z0-9]{5}-[a-z0-9]{5}$"), "<backup code>"),
    (re.compile(r"^data:([^,]+),.*"), r"data:\1,<data>"),
    (re.compile(r"wait \d+ seconds"), "wait <n> seconds"),
    (re.compile(r"(X-Amz-[A-Za-z]+)=[^&]*"), r"\1=<signed>"),  # presigned S3 links
    (re.compile(r"\b[0-9A-F]{16}\b"), "<provider id>"),  # the fake PayPal's order ids
]


def without_ids(value):
    """The answer without RUN_DEPENDENT values."""
    if isinstance(value, dict):
        return {
            key: "<id>" if key == "id" and isinstance(item, int) else without_ids(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [without_ids(item) for item in value]
    if isinstance(value, str):
        for pattern, replacement in RUN_DEPENDENT:
            value = pattern.sub(replacement, value)
    return value


def main(before, after):
    def load(path):
        with open(path) as handle:
            return [without_ids(json.loads(line)) for line in handle]

    old, new = load(before), load(after)
    old_by_test, new_by_test = {}, {}
    for records, by_test in ((old, old_by_test), (new, new_by_test)):
        for record in records:
            by_test.setdefault(record["test"], []).append(record)
    only_one = set(old_by_test) ^ set(new_by_test)
    if only_one:
        print(f"{len(only_one)} tests ran in one of the two runs only; not compared")
    differences = 0
    for test in sorted(set(old_by_test) & set(new_by_test)):
        a, b = old_by_test[test], new_by_test[test]
        if json.dumps(a) != json.dumps(b):
            differences += 1
            print(f"DIFF {test}: {len(a)} vs {len(b)} answers")
            for x, y in zip(a, b, strict=False):
                if x != y:
                    print("  before:", json.dumps(x)[:600])
                    print("  after: ", json.dumps(y)[:600])
                    break
    compared = len(set(old_by_test) & set(new_by_test))
    print(f"{len(old)} vs {len(new)} answers; {compared} tests compared; {differences} differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
