"""Schemathesis against /api/schema/ on a private stack (ops/stack.py): every public and
staff operation, staff ones with a valid admin JWT. Checks: no 5xx and responses that
conform to the schema. Prints the number of generated cases and every failure.

    .venv/bin/python bench/fuzz_api.py --profile short   # CI: a few cases per operation
    .venv/bin/python bench/fuzz_api.py --profile long    # >= 2,000 cases

Left out: POST /api/payments/create (it calls an external payment provider, unreachable
here on purpose, so it answers 502 by design) and POST /api/auth/logout (it would end the
fuzzer's own staff session).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ops.stack import Stack  # noqa: E402
from tests.platform.fake_postmark import FakePostmark  # noqa: E402

# short: deterministic generation (the same cases every run) so CI is stable;
# long: random generation with many more cases, to hunt for new failures.
PROFILES = {
    "short": {
        "max_examples": 5,
        "min_cases": 100,
        "phases": "examples,coverage,fuzzing",
        "extra": ["--generation-deterministic"],
    },
    "long": {
        "max_examples": 60,
        "min_cases": 2000,
        "phases": "examples,coverage,fuzzing",
        "extra": [],
    },
}
# Exact paths: schemathesis keeps only the last --exclude-path-regex given, while
# --exclude-path may be repeated.
EXCLUDED = [
    "/api/payments/create",
    # Signing out ends the session the fuzzer authenticates with: every later staff case
    # would only see 401s. Logout has its own tests in tests/accounts.
    "/api/auth/logout",
]
ADMIN_EMAIL = "fuzz-admin@angisoft.test"
ADMIN_PASSWORD = "fuzz-admin-password-0123"  # noqa: S105 (a throwaway stack)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="short")
    parser.add_argument("--max-examples", type=int, help="override the profile")
    parser.add_argument("--workers", default="2")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def count_cases(report_dir: Path) -> tuple[int, list[str]]:
    """Total generated cases and failure summaries from schemathesis' ndjson events."""
    cases, failures = 0, []
    for path in report_dir.glob("*.ndjson"):
        for line in path.read_text().splitlines():
            event = json.loads(line)
            for kind, body in event.items():
                if kind == "ScenarioFinished":
                    recorder = body.get("recorder", {})
                    cases += len(recorder.get("cases", {}))
                    for checks in recorder.get("checks", {}).values():
                        for check in checks:
                            # schemathesis 4 writes the status in lower case
                            if str(check.get("status")).lower() == "failure":
                                failures.append(
                                    f"{recorder.get('label', '?')}: {check.get('name')}"
                                    f" {str(check.get('failure_info', ''))[:200]}"
                                )
    return cases, failures


def main():
    args = parse_args()
    profile = PROFILES[args.profile]
    max_examples = args.max_examples or profile["max_examples"]
    with FakePostmark() as provider:
        stack = Stack(
            email_api_url=provider.url,
            extra_env={
                "STRIPE_WEBHOOK_SECRET": "whsec_fuzz",
                "STRIPE_SECRET_KEY": "sk_test_fuzz_unused",
                "STRIPE_API_BASE": "http://127.0.0.1:9",
                "REQUIRE_ADMIN_2FA": "false",
                "JWT_ACCESS_MINUTES": "240",
                "ADMIN_EMAIL": ADMIN_EMAIL,
                "ADMIN_PASSWORD": ADMIN_PASSWORD,
            },
        )
        try:
            print("starting stack...", flush=True)
            stack.start()
            stack.manage("load_demo_content")
            stack.manage("ensure_admin")
            login = requests.post(
                f"{stack.base_url}/api/auth/login",
                json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
                timeout=30,
            )
            login.raise_for_status()
            token = login.json()["accessToken"]
            report_dir = Path(tempfile.mkdtemp(prefix="fuzz-report-"))
            command = [
                str(ROOT / ".venv" / "bin" / "st"),
                "run",
                f"{stack.base_url}/api/schema/",
                "--checks",
                "not_a_server_error,response_schema_conformance",
                "--header",
                f"Authorization: Bearer {token}",
                "--max-examples",
                str(max_examples),
                "--phases",
                profile["phases"],
                "--workers",
                args.workers,
                "--seed",
                str(args.seed),
                "--request-timeout",
                "60",
                "--no-shrink",
                "--continue-on-failure",
                "--suppress-health-check",
                "all",
                "--report",
                "ndjson,junit",
                "--report-dir",
                str(report_dir),
            ]
            command += profile["extra"]
            for path in EXCLUDED:
                command += ["--exclude-path", path]
            print(
                " ".join(c if "Bearer" not in c else "Authorization: Bearer ***" for c in command),
                flush=True,
            )
            result = subprocess.run(
                command,
                cwd=ROOT,
                env={**os.environ, "NO_COLOR": "1"},
                text=True,
                capture_output=True,
                timeout=7200,
            )
            (report_dir / "schemathesis.txt").write_text(result.stdout + result.stderr)
            print(result.stdout)
            cases, failures = count_cases(report_dir)
            print(
                f"\nschemathesis exit {result.returncode}; {cases} generated cases; "
                f"{len(failures)} failing checks"
            )
            for failure in failures[:50]:
                print("  " + failure)
            failing_operations = [
                line.strip("_ ") for line in result.stdout.splitlines() if line.startswith("___")
            ]
            if failing_operations:
                print("failing operations:\n  " + "\n  ".join(failing_operations))
            ok = result.returncode == 0 and cases >= profile["min_cases"]
            if not ok:
                for log in stack.dir.glob("*.log"):
                    shutil.copy(log, report_dir / log.name)
                print(f"server logs: {report_dir}/*.log")
            if cases < profile["min_cases"]:
                print(f"too few cases: {cases} < {profile['min_cases']}")
        finally:
            stack.destroy()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
