"""Operational alerts: a Sentry event plus an email to settings.ALERT_EMAIL, at most once
per incident.

An *incident* is a run of occurrences of the same ``key`` where no two consecutive
occurrences are further apart than ``settings.ALERT_WINDOW_SECONDS``. A payment provider
failing every few seconds for an hour is one incident (one email), while the same failure
again a day later is a new one. Every occurrence is counted on the AlertIncident row.

The row is written in the caller's transaction and the email goes through the outbox
(``send_email_on_commit``), so raise the alert from code that commits (after recording the
failure), not from inside a block that is about to roll back. The Sentry event is sent
immediately either way.
"""

import logging
from datetime import timedelta

import sentry_sdk
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.mail import send_email_on_commit
from core.models import AlertIncident, OutboxEmail

logger = logging.getLogger("angisoft.alerts")


def raise_alert(key: str, summary: str, details: dict | None = None) -> bool:
    """Record an occurrence of ``key``; notify if it opens a new incident.

    Returns True when this call opened a new incident (and so notified)."""
    details = details or {}
    now = timezone.now()
    window = timedelta(seconds=settings.ALERT_WINDOW_SECONDS)
    with transaction.atomic():
        incident, created = AlertIncident.objects.select_for_update().get_or_create(
            key=key,
            defaults={
                "summary": summary[:500],
                "details": details,
                "started_at": now,
                "last_seen_at": now,
            },
        )
        is_new = created or incident.last_seen_at < now - window
        if not created:
            if is_new:
                incident.started_at = now
                incident.occurrences = 1
                incident.incidents += 1
                incident.summary = summary[:500]
                incident.details = details
            else:
                incident.occurrences += 1
            incident.last_seen_at = now
            incident.save()
    logger.warning(
        "alert %s: %s",
        key,
        summary,
        extra={"alert_key": key, "new_incident": is_new, "occurrences": incident.occurrences},
    )
    if not is_new:
        return False
    with sentry_sdk.new_scope() as scope:
        scope.set_tag("alert", key)
        scope.set_level("error")
        scope.fingerprint = ["alert", key]
        scope.set_context("alert", {"key": key, **details})
        sentry_sdk.capture_message(f"[alert] {key}: {summary}", level="error")
    if settings.ALERT_EMAIL:
        send_email_on_commit(
            "ops_alert",
            settings.ALERT_EMAIL,
            {
                "key": key,
                "summary": summary,
                "details": details,
                "started_at": now.isoformat(),
                "window_minutes": settings.ALERT_WINDOW_SECONDS // 60,
            },
        )
    return True


def outbox_email_failed(email: OutboxEmail) -> None:
    """core.mail's failure handler (set in core.apps): an email was given up on."""
    raise_alert(
        "email.outbox.failed",
        f"An email could not be delivered after {email.attempts} attempts",
        {"outbox_id": email.pk, "template": email.template, "error": email.last_error},
    )
