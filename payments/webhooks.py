"""The webhook inbox, the same for every provider: store raw, answer, then process in a Huey
task under a row lock, exactly once. Verification and handlers live in
payments/gateways/<provider>/webhooks.py.

The request only verifies and stores: every verified delivery is written in one short
transaction (unique on provider + event id, so a redelivery finds the first row) and its
processing is queued on commit, so the provider gets its 2xx at once, as Stripe asks
(https://docs.stripe.com/webhooks#acknowledge-events-immediately). A redelivery is
counted by one statement outside any transaction that skips a row a task holds (the count
is then queued for the consumer, so no delivery waits for a lock); a redelivery of a
settled (processed or ignored) or waiting event is only counted (a waiting one's task is
queued), and one of a FAILED event queues it again. Processing (the task, a staff replay, the
sweep) locks the inbox row, skips it if it was already processed, and dispatches through
the provider's {event_type: handler} dict. Handlers translate the provider's event into a
ProviderState and call the one fulfil function (fulfil.payment_apply_state), which locks
the payment; emails and the booking transition happen on commit. Duplicate, out-of-order
and concurrent deliveries, tasks and sweeps therefore all end in one effect. A lost task
never loses an event: the periodic sweep queues rows left RECEIVED (or FAILED with "retry
later") for WEBHOOK_SWEEP_GRACE_SECONDS again.
"""

import json
import logging
import traceback
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
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
# A FAILED event whose error starts so was valid but not applicable yet: the sweep retries.
RETRY_LATER_PREFIX = "retry later: "


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


def webhook_deliver(*, provider, event_id, event_type, headers, body: bytes, source_ip) -> None:
    """Store one verified delivery and queue its processing once the row is committed."""
    overdue_before = timezone.now() - sweep_grace()
    counted = _count_unless_held(provider, event_id, overdue_before)
    created = False
    if counted is not None:  # a redelivery, counted
        event_pk, status, overdue = counted
    else:  # not stored yet, or a task holds the row
        stored = _inbox_row(provider, event_id)
        if stored is None:
            stored, created = webhook_receive(
                provider=provider,
                event_id=event_id,
                event_type=event_type,
                headers=headers,
                body=body,
                source_ip=source_ip,
            )
        event_pk, status, received_at = stored
        overdue = received_at <= overdue_before
        if not created:
            webhook_count_delivery(event_pk)
    # A first delivery queues the task; a duplicate of a waiting event is only counted
    # (its task is queued, the sweep covers a lost one) unless that wait is already
    # overdue; a redelivery of a failed event is another try, as before.
    if created or status == WebhookStatus.FAILED or (status == WebhookStatus.RECEIVED and overdue):
        transaction.on_commit(lambda: webhook_enqueue(event_pk))


def _count_unless_held(provider, event_id, overdue_before):
    """Count one more delivery of a stored event in one statement, without a transaction
    and without waiting for a row a task holds (SKIP LOCKED, where the database has row
    locks: SQLite has one lock for the whole file, which every writer waits for anyway).
    -> (pk, status, received before `overdue_before`), or None: not stored, or held."""
    quote = connection.ops.quote_name
    table = quote(WebhookEvent._meta.db_table)
    skip_held = (
        " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    )
    no_flush_wait = _no_flush_wait()
    with connection.cursor() as cursor:
        cursor.execute(
            f"{no_flush_wait}UPDATE {table} SET {quote('deliveries')} = {quote('deliveries')} + 1"  # noqa: S608 (names quoted, values bound)
            f" WHERE {quote('id')} = (SELECT {quote('id')} FROM {table}"
            f" WHERE {quote('provider')} = %s AND {quote('event_id')} = %s{skip_held})"
            f" RETURNING {quote('id')}, {quote('status')}, {quote('received_at')} <= %s",
            [provider, event_id, overdue_before],
        )
        if no_flush_wait:
            cursor.nextset()  # the SET's result, then the UPDATE's
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1], bool(row[2]))


def _no_flush_wait() -> str:
    """On PostgreSQL outside a transaction, a prefix that lets the counter's own commit
    return before its WAL record is flushed to disk (one fsync per duplicate was most of a
    redelivery's time). A crash of the database server may lose the last moments' counts,
    never a status or an effect; the two statements are one implicit transaction, so
    the setting ends with it. Client-side binding (Django's default with psycopg 3) sends
    them in one round trip."""
    if (
        connection.vendor != "postgresql"
        or connection.in_atomic_block  # it would cover the caller's writes too
        or connection.settings_dict["OPTIONS"].get("server_side_binding")
    ):
        return ""
    return "SET LOCAL synchronous_commit TO OFF; "


def _inbox_row(provider, event_id):
    """(pk, status, received_at) of a stored event, or None: one lock-free read."""
    return (
        WebhookEvent.objects.filter(provider=provider, event_id=event_id)
        .values_list("pk", "status", "received_at")
        .first()
    )


def webhook_receive(*, provider, event_id, event_type, headers, body: bytes, source_ip):
    """Store a first delivery in its own short transaction; -> ((pk, status, received_at),
    created). A concurrent first delivery of the same event may have stored it already."""
    try:
        with transaction.atomic():
            event = WebhookEvent.objects.create(
                provider=provider,
                event_id=event_id,
                event_type=event_type,
                headers=headers,
                body=body[:MAX_BODY_STORED].decode("utf-8", "replace"),
                source_ip=source_ip,
            )
    except IntegrityError:  # unique on provider + event id: the other one counts as first
        return _inbox_row(provider, event_id), False
    return (event.pk, event.status, event.received_at), True


def webhook_count_delivery(event_pk: int) -> None:
    """One more delivery of an event whose row a task holds: queued for the consumer,
    which waits for the lock instead of the provider."""
    from payments.tasks import count_webhook_delivery

    try:
        count_webhook_delivery(event_pk)
    except Exception:  # the queue is down: wait for the lock after all
        logger.warning("could not queue a delivery count for %s", event_pk, exc_info=True)
        webhook_add_delivery(event_pk)


def webhook_add_delivery(event_pk: int) -> None:
    """Count a delivery, waiting for the row if it is locked (the consumer's side)."""
    WebhookEvent.objects.filter(pk=event_pk).update(deliveries=F("deliveries") + 1)


def sweep_grace() -> timedelta:
    return timedelta(seconds=settings.WEBHOOK_SWEEP_GRACE_SECONDS)


def webhook_enqueue(event_pk: int) -> bool:
    """Queue processing; if the queue is unreachable the row waits for the sweep and the
    delivery is still acknowledged (it is stored)."""
    from payments.tasks import process_webhook_event

    try:
        process_webhook_event(event_pk)
    except Exception:  # the queue is down; the sweep will queue it again
        logger.warning("could not queue webhook event %s; the sweep will", event_pk, exc_info=True)
        return False
    return True


def webhook_sweep(*, limit: int = 200) -> int:
    """Queue again the events whose task was lost (still RECEIVED after the grace period)
    and those that asked to be retried later, up to WEBHOOK_MAX_ATTEMPTS. -> how many."""
    stale = WebhookEvent.objects.filter(
        received_at__lte=timezone.now() - sweep_grace(),
        attempts__lt=settings.WEBHOOK_MAX_ATTEMPTS,
    ).filter(
        Q(status=WebhookStatus.RECEIVED)
        | Q(status=WebhookStatus.FAILED, error__startswith=RETRY_LATER_PREFIX)
    )
    queued = 0
    for event_pk in stale.order_by("received_at").values_list("pk", flat=True)[:limit]:
        if not webhook_enqueue(event_pk):
            break  # the queue is still down; the next sweep tries again
        queued += 1
    return queued


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
            event.error = f"{RETRY_LATER_PREFIX}{exc}"
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
