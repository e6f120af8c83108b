"""The one way to send email: ``send_email_on_commit`` writes an OutboxEmail row in the
caller's transaction and, once it commits, queues a Huey task that renders
templates/emails/<name>.{subject.txt,txt,html} and sends it.

Delivery guarantees:
- nothing is sent if the caller's transaction rolls back (the row never existed);
- nothing is lost if Redis is down at commit time or a worker dies mid-task: the row stays
  pending and the periodic sweep (core.tasks.sweep_outbox) queues it again;
- a failing provider is retried with exponential backoff (OUTBOX_RETRY_BASE_SECONDS,
  doubling, capped at OUTBOX_RETRY_MAX_SECONDS) up to OUTBOX_MAX_ATTEMPTS, then the row is
  marked failed and the failure handler runs (core.alerts raises an alert);
- delivery holds a row lock and re-checks the status, so concurrent or repeated tasks for
  the same row send it once; each row has a stable Message-ID so that, if a worker dies
  after the provider accepted the message but before the row was marked sent, the resend
  is recognisable as the same message.
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.files.storage import storages
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core.models import OutboxEmail

logger = logging.getLogger("angisoft.mail")
ATTACHMENTS_KEY = "_attachments"
# What runs when an email is given up on. Set by core.apps (core.alerts.outbox_email_failed)
# rather than imported: alerts send their own email through this module.
_failure_handler: dict[str, Callable[[OutboxEmail], object]] = {}


def set_failure_handler(handler: Callable[[OutboxEmail], object]) -> None:
    _failure_handler["failed"] = handler


def render_email(template: str, context: dict) -> EmailMultiAlternatives:
    context = {"frontend_url": settings.FRONTEND_URL, **context}
    subject = render_to_string(f"emails/{template}.subject.txt", context).strip()
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text)
    message.attach_alternative(html, "text/html")
    return message


def send_email_on_commit(
    template: str,
    to: list[str] | str,
    context: dict,
    *,
    headers: dict[str, str] | None = None,
    attachments: list[dict] | None = None,
) -> OutboxEmail:
    """Queue an email; it is only sent if the surrounding transaction commits.

    ``context`` must be JSON-friendly (strings, numbers, lists, dicts; dates and decimals
    are stored as strings): it is kept in the outbox row until the email is sent.
    ``headers`` are added to the message as they are (e.g. List-Unsubscribe).
    ``attachments``: [{"storage": <STORAGES alias>, "key", "filename", "mimetype"}], read
    from storage at send time (the row holds only the reference, not the bytes)."""
    recipients = [to] if isinstance(to, str) else list(to)
    if attachments:
        context = {**context, ATTACHMENTS_KEY: attachments}
    email = OutboxEmail.objects.create(
        template=template,
        recipients=recipients,
        context=context,
        headers=dict(headers or {}),
        next_attempt_at=timezone.now() + timedelta(seconds=settings.OUTBOX_SWEEP_GRACE_SECONDS),
    )
    transaction.on_commit(lambda: enqueue_outbox_email(email.pk))
    return email


def _attach_files(message: EmailMultiAlternatives, context: dict) -> None:
    for item in context.get(ATTACHMENTS_KEY, []):
        with storages[item["storage"]].open(item["key"], "rb") as handle:
            message.attach(item["filename"], handle.read(), item["mimetype"])


def enqueue_outbox_email(email_id: int, *, delay: int | None = None) -> bool:
    """Queue delivery; if the queue (Redis) is unreachable the row stays pending for the
    sweep, and the caller's request still succeeds."""
    from core.tasks import deliver_outbox_email

    try:
        if delay:
            deliver_outbox_email.schedule((email_id,), delay=delay)
        else:
            deliver_outbox_email(email_id)
    except Exception:  # the queue is down; the sweep will pick the row up
        logger.warning(
            "could not queue outbox email %s; the sweep will retry", email_id, exc_info=True
        )
        return False
    return True


def backoff_seconds(attempts: int) -> int:
    """Delay before attempt number ``attempts + 1`` (attempts already made >= 1)."""
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), settings.OUTBOX_RETRY_MAX_SECONDS)


def _message_id(email: OutboxEmail) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "angisoft.local"
    return f"<outbox.{email.pk}.{int(email.created_at.timestamp())}@{domain}>"


def outbox_deliver(email_id: int) -> int | None:
    """Send one outbox email under a row lock. Returns None when there is nothing to do
    (already sent, failed for good, or another worker holds it), 0 when the send failed
    and a retry is due (see the row's next_attempt_at), 1 when sent."""
    with transaction.atomic():
        email = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutboxEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return None
        email.attempts += 1
        try:
            message = render_email(email.template, email.context)
            _attach_files(message, email.context)
            message.to = email.recipients
            message.extra_headers.update(email.headers or {})
            message.extra_headers["Message-ID"] = _message_id(email)
            message.send()
        except Exception as exc:  # any provider or template error: record, back off, retry
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            logger.warning(
                "outbox email %s attempt %s failed: %s", email.pk, email.attempts, email.last_error
            )
            if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                email.status = OutboxEmail.Status.FAILED
            else:
                email.next_attempt_at = timezone.now() + timedelta(
                    seconds=backoff_seconds(email.attempts) + settings.OUTBOX_SWEEP_GRACE_SECONDS
                )
            email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            failed_for_good = email.status == OutboxEmail.Status.FAILED
        else:
            email.status = OutboxEmail.Status.SENT
            email.sent_at = timezone.now()
            email.context = {}
            email.save(update_fields=["attempts", "status", "sent_at", "context"])
            return 1
    if failed_for_good:
        try:
            handler = _failure_handler["failed"]
        except KeyError:
            raise RuntimeError("No failure handler set for core.mail (core.apps sets it)") from None
        handler(email)
        return None
    return 0


def outbox_sweep(*, limit: int = 500) -> int:
    """Queue every pending email whose next attempt is overdue (its task was lost: Redis
    was down at commit time, or a worker died). Returns how many were queued."""
    due = list(
        OutboxEmail.objects.filter(
            status=OutboxEmail.Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    queued = 0
    for email_id in due:
        # Push the row's deadline forward so the next sweep does not queue it twice.
        OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.PENDING).update(
            next_attempt_at=timezone.now() + timedelta(seconds=settings.OUTBOX_SWEEP_GRACE_SECONDS)
        )
        if not enqueue_outbox_email(email_id):
            break  # the queue is still down; try again next sweep
        queued += 1
    return queued
