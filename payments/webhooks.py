"""The webhook inbox, the same for every provider: store raw, then process under a row
lock, exactly once. Verification and handlers live in payments/gateways/<provider>/webhooks.py.

Every verified delivery is stored before anything else happens (unique on provider +
event id, so a redelivery finds the first row). A redelivery of an event already settled
(processed or ignored) is answered from one lock-free read and a counter increment: no
row lock is waited for and no handler runs, so a storm of duplicates costs little.
Otherwise processing locks the inbox row, skips it if it was already processed, and
dispatches through the provider's {event_type: handler} dict. Handlers translate the
provider's event into a ProviderState and call the one fulfil function
(fulfil.payment_apply_state), which locks the payment; emails and the booking transition
happen on commit. Duplicate, out-of-order and concurrent deliveries therefore all end in
one effect.
"""

import json
import logging
import traceback
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.alerts import raise_alert
from payments.exceptions import RetryLater
from payments.gateways import webhooks_for
from payments.models import WebhookEvent, WebhookStatus

logger = logging.getLogger(__name__)

MAX_BODY_STORED = 256 * 1024
# A refused delivery is anyone's: keep enough to investigate, not the whole post.
MAX_INVALID_BODY_STORED = 2048
MAX_INVALID_HEADER_STORED = 300
# Kept for every provider; each adds its own signature headers (webhooks.HEADERS).
STORED_HEADERS = ("content-type", "user-agent", "x-forwarded-for", "x-request-id")


# Statuses a redelivery cannot change: it is counted and answered, nothing else.
SETTLED = (WebhookStatus.PROCESSED, WebhookStatus.IGNORED)


def headers_of(request, provider: str) -> dict:
    stored = STORED_HEADERS + webhooks_for(provider).HEADERS
    return {k.lower(): v for k, v in request.headers.items() if k.lower() in stored}


# --- the inbox -----------------------------------------------------------------------------


def _summary_headers(headers: dict) -> dict:
    return {key: str(value)[:MAX_INVALID_HEADER_STORED] for key, value in headers.items()}


def webhook_record_invalid(*, provider, headers, body: bytes, source_ip, error) -> WebhookEvent:
    """A bounded summary of a refused delivery, for staff; only the newest
    WEBHOOK_INVALID_KEEP are kept, so forged posts cannot fill the database."""
    event = WebhookEvent.objects.create(
        provider=provider,
        event_id=f"invalid-{uuid.uuid4()}",
        status=WebhookStatus.INVALID,
        headers=_summary_headers(headers),
        body=body[:MAX_INVALID_BODY_STORED].decode("utf-8", "replace"),
        source_ip=source_ip or None,
        error=str(error)[:2000],
    )
    invalid = WebhookEvent.objects.filter(status=WebhookStatus.INVALID)
    oldest_kept = invalid.order_by("-pk").values_list("pk", flat=True)[
        settings.WEBHOOK_INVALID_KEEP - 1 : settings.WEBHOOK_INVALID_KEEP
    ]
    if oldest_kept:
        invalid.filter(pk__lt=oldest_kept[0]).delete()
    return event


def webhook_deliver(*, provider, event_id, event_type, headers, body: bytes, source_ip) -> str:
    """Store and process one verified delivery; the event's inbox status afterwards."""
    inbox = WebhookEvent.objects.filter(provider=provider, event_id=event_id)
    status = inbox.values_list("status", flat=True).first()
    if status in SETTLED:
        inbox.update(deliveries=F("deliveries") + 1)
        return status
    event = webhook_receive(
        provider=provider,
        event_id=event_id,
        event_type=event_type,
        headers=headers,
        body=body,
        source_ip=source_ip,
    )
    return webhook_process(event_pk=event.pk).status


def webhook_receive(*, provider, event_id, event_type, headers, body: bytes, source_ip):
    """Store the delivery (or count a redelivery of a stored one). Its own transaction."""
    defaults = {
        "event_type": event_type,
        "headers": headers,
        "body": body[:MAX_BODY_STORED].decode("utf-8", "replace"),
        "source_ip": source_ip,
    }
    try:
        with transaction.atomic():
            event, created = WebhookEvent.objects.get_or_create(
                provider=provider, event_id=event_id, defaults=defaults
            )
    except IntegrityError:  # a concurrent delivery of the same event stored it first
        event, created = WebhookEvent.objects.get(provider=provider, event_id=event_id), False
    if not created:
        WebhookEvent.objects.filter(pk=event.pk).update(deliveries=F("deliveries") + 1)
    return event


def webhook_process(*, event_pk) -> WebhookEvent:
    """Process a stored event once. Safe to call for every delivery and for replays."""
    with transaction.atomic():
        event = WebhookEvent.objects.select_for_update().get(pk=event_pk)
        if event.status in (WebhookStatus.PROCESSED, WebhookStatus.IGNORED, WebhookStatus.INVALID):
            return event
        event.attempts += 1
        handler = webhooks_for(event.provider).HANDLERS.get(event.event_type)
        if handler is None:
            event.status = WebhookStatus.IGNORED
            event.processed_at = timezone.now()
            event.save(update_fields=["status", "processed_at", "attempts"])
            return event
        try:
            with transaction.atomic():  # a savepoint: a failing handler leaves no trace
                payment = handler(json.loads(event.body))
        except RetryLater as exc:  # valid, but not applicable yet: stays open for a retry
            event.status = WebhookStatus.FAILED
            event.error = f"retry later: {exc}"
            event.save(update_fields=["status", "error", "attempts"])
            return event
        except Exception as exc:  # recorded in the inbox, alerted, redelivered or replayed
            logger.exception("webhook %s %s failed", event.provider, event.event_id)
            event.status = WebhookStatus.FAILED
            event.error = "".join(traceback.format_exception(exc))[-4000:]
            event.save(update_fields=["status", "error", "attempts"])
            raise_alert(
                f"payments.webhook_failed.{event.provider}",
                f"A {event.provider} webhook ({event.event_type}) could not be processed: {exc}",
                {"event_id": event.event_id, "webhook_event_pk": event.pk},
            )
            return event
        event.status = WebhookStatus.PROCESSED if payment else WebhookStatus.IGNORED
        event.payment = payment
        event.error = ""
        event.processed_at = timezone.now()
        event.save(update_fields=["status", "payment", "error", "processed_at", "attempts"])
    return event


def webhook_replay(*, event_pk, actor=None) -> WebhookEvent:
    """Staff replay of a failed event (admin action)."""
    with transaction.atomic():
        event = WebhookEvent.objects.select_for_update().get(pk=event_pk)
        if event.status == WebhookStatus.FAILED:
            event.status = WebhookStatus.RECEIVED
            event.save(update_fields=["status"])
    return webhook_process(event_pk=event_pk)
