"""send_email_on_commit goes through the OutboxEmail table: written with the caller's
transaction, delivered after commit under a row lock, retried with backoff, swept when its
task was lost, and never sent twice."""

import pytest
from django.core import mail
from django.db import transaction
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage

from core.mail import backoff_seconds, outbox_deliver, outbox_sweep, send_email_on_commit
from core.models import AlertIncident, OutboxEmail
from tests.platform.fake_postmark import FakePostmark

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postmark(settings):
    with FakePostmark() as fake:
        settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
        settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "test-token", "POSTMARK_API_URL": fake.url}
        yield fake


@pytest.fixture(autouse=True)
def _fast_outbox(settings):
    settings.OUTBOX_SWEEP_GRACE_SECONDS = 0
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    settings.OUTBOX_MAX_ATTEMPTS = 4


@pytest.fixture
def queue_down(monkeypatch):
    """Huey pointed at a Redis port where nothing listens: every enqueue raises."""
    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", RedisStorage(HUEY.name, url="redis://127.0.0.1:9/0"))


def _send(marker="m1"):
    with transaction.atomic():
        return send_email_on_commit("platform_test", "ops@angisoft.test", {"marker": marker})


def test_commit_writes_a_row_and_delivers_once():
    email = _send()
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert (email.attempts, email.last_error, email.context) == (1, "", {})
    assert email.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ops@angisoft.test"]
    assert "m1" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<outbox.{email.pk}.")

    # A duplicate task (sweep race, redelivery) finds the row sent and does nothing.
    assert outbox_deliver(email.pk) is None
    assert len(mail.outbox) == 1


def test_rollback_leaves_no_row_and_no_mail():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email_on_commit("platform_test", ["ops@angisoft.test"], {"marker": "x"})
        raise RuntimeError
    assert not OutboxEmail.objects.exists()
    assert mail.outbox == []


def test_queue_down_at_commit_the_request_succeeds_and_the_sweep_delivers(queue_down, settings):
    email = _send("while-redis-was-down")  # must not raise
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.PENDING
    assert email.attempts == 0
    assert mail.outbox == []
    # The sweep cannot queue either while Redis is down; the row stays pending.
    assert outbox_sweep() == 0
    assert OutboxEmail.objects.get(pk=email.pk).status == OutboxEmail.Status.PENDING


def test_sweep_delivers_rows_whose_task_was_lost(settings):
    email = OutboxEmail.objects.create(
        template="platform_test",
        recipients=["ops@angisoft.test"],
        context={"marker": "lost-task"},
        next_attempt_at="2020-01-01T00:00:00Z",
    )
    assert outbox_sweep() == 1
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert len(mail.outbox) == 1
    assert outbox_sweep() == 0
    assert len(mail.outbox) == 1


def test_provider_failures_retry_with_backoff_and_send_once(postmark, settings):
    postmark.fail_remaining = 2
    email = _send("flaky-provider")  # first attempt fails inside the on-commit task
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.PENDING, 1)
    assert "500" in email.last_error or "Internal" in email.last_error
    assert postmark.accepted == []

    assert outbox_deliver(email.pk) == 0  # second attempt: still failing
    email.refresh_from_db()
    assert email.attempts == 2
    assert outbox_deliver(email.pk) == 1  # provider recovered
    assert outbox_deliver(email.pk) is None  # and a late retry does not send again
    assert outbox_sweep() == 0

    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.SENT, 3)
    assert postmark.requests == 3
    assert len(postmark.accepted) == 1
    assert postmark.accepted[0]["To"] == "ops@angisoft.test"
    assert postmark.message_ids() == [
        f"<outbox.{email.pk}.{int(email.created_at.timestamp())}@angisoft.co.ke>"
    ]


def test_gives_up_after_max_attempts_and_raises_an_alert(postmark, settings):
    settings.ALERT_EMAIL = []
    postmark.failing = True
    email = _send("never")
    for _ in range(settings.OUTBOX_MAX_ATTEMPTS - 1):
        outbox_deliver(email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.FAILED, 4)
    assert outbox_deliver(email.pk) is None
    assert AlertIncident.objects.get(key="email.outbox.failed").occurrences == 1
    assert postmark.accepted == []


def test_backoff_doubles_and_is_capped(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    settings.OUTBOX_RETRY_MAX_SECONDS = 600
    assert [backoff_seconds(n) for n in range(1, 7)] == [30, 60, 120, 240, 480, 600]
