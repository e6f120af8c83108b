"""raise_alert: a Sentry event and one email per incident, however often the key repeats."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core import alerts
from core.alerts import raise_alert
from core.models import AlertIncident
from tests.platform.fake_sentry import FakeSentry, start_sentry, stop_sentry


@pytest.fixture
def sentry_server():
    with FakeSentry() as fake:
        start_sentry(fake)
        try:
            yield fake
        finally:
            stop_sentry()


@pytest.fixture
def clock(monkeypatch):
    """Moves raise_alert's idea of "now" without touching the database."""
    state = {"now": timezone.now()}
    monkeypatch.setattr(alerts.timezone, "now", lambda: state["now"])

    def advance(**delta):
        state["now"] += timedelta(**delta)

    return advance


def _alert_mails():
    return [m for m in mail.outbox if m.subject.startswith("[AngiSoft alert]")]


@pytest.mark.django_db(transaction=True)
def test_repeated_failures_within_the_window_are_one_incident(settings, sentry_server, clock):
    settings.ALERT_EMAIL = ["oncall@angisoft.test"]
    settings.ALERT_WINDOW_SECONDS = 3600

    assert raise_alert("payments.mpesa.failure", "M-Pesa STK push failed", {"code": "500"})
    # The provider keeps failing every 50 minutes for hours: the window slides with it.
    for _ in range(5):
        clock(minutes=50)
        assert not raise_alert("payments.mpesa.failure", "M-Pesa STK push failed")

    sent = _alert_mails()
    assert len(sent) == 1
    assert sent[0].to == ["oncall@angisoft.test"]
    assert "payments.mpesa.failure" in sent[0].subject
    assert "code: 500" in sent[0].body
    events = [e for e in sentry_server.events if e.get("tags", {}).get("alert")]
    assert len(events) == 1
    assert events[0]["tags"]["alert"] == "payments.mpesa.failure"
    assert events[0]["level"] == "error"
    incident = AlertIncident.objects.get(key="payments.mpesa.failure")
    assert (incident.occurrences, incident.incidents) == (6, 1)

    # Quiet for longer than the window: the next failure is a new incident.
    clock(minutes=61)
    assert raise_alert("payments.mpesa.failure", "M-Pesa STK push failed again")
    assert len(_alert_mails()) == 2
    assert len([e for e in sentry_server.events if e.get("tags", {}).get("alert")]) == 2
    incident.refresh_from_db()
    assert (incident.occurrences, incident.incidents) == (1, 2)


@pytest.mark.django_db(transaction=True)
def test_different_keys_are_different_incidents(settings, clock):
    settings.ALERT_EMAIL = ["oncall@angisoft.test"]
    assert raise_alert("payments.reconciliation.mismatch", "3 payments differ")
    assert raise_alert("payments.stripe.failure", "Stripe 502")
    assert not raise_alert("payments.reconciliation.mismatch", "3 payments differ")
    assert len(_alert_mails()) == 2


@pytest.mark.django_db(transaction=True)
def test_email_waits_for_commit_and_rollback_sends_nothing(settings):
    from django.db import transaction

    settings.ALERT_EMAIL = ["oncall@angisoft.test"]
    with pytest.raises(RuntimeError), transaction.atomic():
        raise_alert("ops.rolled-back", "never committed")
        raise RuntimeError
    assert _alert_mails() == []
    assert not AlertIncident.objects.filter(key="ops.rolled-back").exists()


@pytest.mark.django_db
def test_no_alert_email_configured_still_records(settings):
    settings.ALERT_EMAIL = []
    assert raise_alert("ops.quiet", "nobody to tell")
    assert _alert_mails() == []
    assert AlertIncident.objects.get(key="ops.quiet").occurrences == 1
