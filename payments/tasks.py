"""Huey tasks: each fetches ids and calls a service."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from payments import services, webhooks
from payments.gateways.mpesa.reconciliation import query_pending
from payments.models import WebhookStatus
from payments.reconciliation import reconcile_payments


@db_periodic_task(crontab(minute="*/2"))
def query_pending_mpesa_payments():
    """STK pushes whose callback never came (or could not be confirmed) are settled by
    asking the STK Query API."""
    return query_pending()


@db_task(retries=3, retry_delay=60)
def refresh_payment(payment_id: str):
    return services.payment_refresh(payment_id=payment_id, source="task").status


@db_periodic_task(crontab(hour="2", minute="30"))
def reconcile_payments_daily():
    return reconcile_payments().pk


class WebhookNotApplied(Exception):
    """Raised by the task so that Huey retries an event left FAILED (its row says why)."""


# Backoff 30 s, 1, 2, 4, 8 min; then the sweep (retry-later events), a redelivery or a
# staff replay.
@db_task(retries=5, retry_delay=30, retry_backoff=2)
def process_webhook_event(event_pk: int) -> str:
    event = webhooks.webhook_process(event_pk=event_pk)
    if event.status == WebhookStatus.FAILED:
        raise WebhookNotApplied(f"{event.provider} {event.event_id}: {event.error[:200]}")
    return event.status


@db_task()
def count_webhook_delivery(event_pk: int) -> None:
    """A delivery that arrived while its event was being processed (and locked)."""
    webhooks.webhook_add_delivery(event_pk)


@db_periodic_task(crontab(minute="*"))
def sweep_webhook_inbox() -> int:
    """Events whose task was lost, or that asked to be retried later, are queued again."""
    return webhooks.webhook_sweep()
