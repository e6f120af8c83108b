"""Re-queue publish webhook deliveries whose Huey task was lost (like the mail outbox)."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from cms.models import WebhookDelivery
from cms.services import retry_delay

GRACE = timedelta(minutes=5)


def webhook_deliveries_sweep(*, limit: int = 200) -> int:
    """Queue every pending or retrying delivery overdue by more than GRACE."""
    from cms.tasks import deliver_webhook

    now = timezone.now()
    open_deliveries = WebhookDelivery.objects.filter(
        Q(status=WebhookDelivery.Status.PENDING, created_at__lte=now - GRACE)
        | Q(status=WebhookDelivery.Status.RETRYING, last_attempt_at__lte=now - GRACE)
    ).order_by("created_at")[:limit]
    queued = 0
    for delivery in open_deliveries:
        last = delivery.last_attempt_at or delivery.created_at
        if last + timedelta(seconds=retry_delay(delivery.attempts)) + GRACE <= now:
            deliver_webhook(delivery.pk)
            queued += 1
    return queued
