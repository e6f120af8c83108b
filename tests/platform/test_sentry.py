"""Sentry for web and worker: events reach a (local fake) Sentry with release and
environment, and personal data (emails, phones, names, tokens) never leaves the process."""

import json

import pytest
from huey.contrib.djhuey import task

from core.sentry import scrub_text
from tests.platform.fake_sentry import FakeSentry, start_sentry, stop_sentry

EMAIL = "jane.client@example.com"
PHONE = "+254712345678"
TOKEN = "trk_9f8e7d6c5b4a39281706"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoxfQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"


@pytest.fixture
def sentry_server():
    with FakeSentry() as fake:
        start_sentry(fake, environment="staging", release="angisoft@1.2.3")
        try:
            yield fake
        finally:
            stop_sentry()


@task()
def _failing_worker_task(client_email, phone):
    customer_name = "Jane Client"  # noqa: F841 - a frame variable Sentry would capture
    raise ValueError(f"M-Pesa refused {phone} for {client_email}")


def _without_source(value):
    """Drop source-code context lines: this test file's own literals are not user data."""
    if isinstance(value, dict):
        return {
            k: _without_source(v)
            for k, v in value.items()
            if k not in {"pre_context", "context_line", "post_context"}
        }
    if isinstance(value, list):
        return [_without_source(v) for v in value]
    return value


def _assert_clean(event):
    dumped = json.dumps(_without_source(event))
    for secret in (EMAIL, PHONE, "712345678", TOKEN, JWT, "Jane Client"):
        assert secret not in dumped, secret
    assert "user" not in event


@pytest.mark.django_db
@pytest.mark.urls("tests.platform.sentry_urls")
def test_web_errors_are_reported_with_release_and_scrubbed(client, sentry_server):
    client.raise_request_exception = False
    response = client.post(
        f"/explode?token={TOKEN}",
        {"email": EMAIL, "phone": PHONE, "name": "Jane Client", "notes": f"call {PHONE}"},
        HTTP_AUTHORIZATION=f"Bearer {JWT}",
        HTTP_X_TRACKING_TOKEN=TOKEN,
    )
    assert response.status_code == 500
    events = sentry_server.events
    errors = [e for e in events if e.get("exception")]
    assert len(errors) == 1
    event = errors[0]
    assert event["environment"] == "staging"
    assert event["release"] == "angisoft@1.2.3"
    assert event["exception"]["values"][0]["type"] == "RuntimeError"
    assert "[scrubbed]" in event["exception"]["values"][0]["value"]
    assert event["request"]["data"]["email"] == "[scrubbed]"
    assert event["request"]["data"]["notes"] == "call [scrubbed]"
    assert "query_string" not in event["request"]
    _assert_clean(event)
    # The error log line also became an event; it is scrubbed the same way.
    assert any("could not reach" in json.dumps(e) for e in events if e is not event)
    for other in events:
        _assert_clean(other)


@pytest.mark.django_db
def test_worker_errors_are_reported_with_release_and_scrubbed(sentry_server):
    _failing_worker_task(EMAIL, PHONE)
    events = [e for e in sentry_server.events if e.get("exception")]
    assert events, "the Huey integration reports task failures"
    event = events[0]
    assert event["environment"] == "staging"
    assert event["release"] == "angisoft@1.2.3"
    assert event["exception"]["values"][-1]["type"] == "ValueError"
    frames = event["exception"]["values"][-1]["stacktrace"]["frames"]
    task_frame = next(f for f in frames if f["function"] == "_failing_worker_task")
    assert task_frame["vars"]["client_email"] == "[scrubbed]"
    assert task_frame["vars"]["customer_name"] == "[scrubbed]"
    for e in sentry_server.events:
        _assert_clean(e)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"mail {EMAIL} now", "mail [scrubbed] now"),
        (f"phone {PHONE}.", "phone [scrubbed]."),
        ("local 0712345678 ok", "local [scrubbed] ok"),
        (f"Authorization: Bearer {JWT}", "Authorization: Bearer [scrubbed]"),
        ("booking 20250001 amount 15000", "booking 20250001 amount 15000"),
        (
            f"<WSGIRequest: GET '/api/track?token={TOKEN}'>",
            "<WSGIRequest: GET '/api/track?[scrubbed]'>",
        ),
    ],
)
def test_scrub_text(text, expected):
    assert scrub_text(text) == expected
