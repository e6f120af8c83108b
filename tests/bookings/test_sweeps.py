"""Work whose task was lost (a killed worker) is found again by the periodic sweeps."""

import hashlib
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from bookings.models import BookingFile
from bookings.tasks import sweep_booking_files
from cms.models import WebhookDelivery, WebhookEndpoint
from cms.tasks import sweep_webhook_deliveries
from tests.bookings import factories as f
from tests.bookings.factories import BookingFactory
from tests.fake_server import FakeServer, Reply

pytestmark = pytest.mark.django_db


def lost_file(content: bytes, name: str, kind: str, age: timedelta) -> BookingFile:
    """A file whose processing task never ran (the worker was killed)."""
    key = storages["private"].save(f"bookings/test/{name}", ContentFile(content))
    item = BookingFile.objects.create(
        booking=BookingFactory(),
        storage_key=key,
        filename=name,
        kind=kind,
        content_type="application/octet-stream",
        size=len(content),
    )
    BookingFile.objects.filter(pk=item.pk).update(created_at=timezone.now() - age)
    return item


def test_the_sweep_processes_files_whose_task_was_lost():
    content = f.image_bytes("PNG", (800, 600))
    lost = lost_file(content, "photo.png", "png", timedelta(minutes=30))
    fresh = lost_file(content, "new.png", "png", timedelta(seconds=5))

    assert sweep_booking_files.call_local() == 1

    lost.refresh_from_db()
    assert lost.sha256 == hashlib.sha256(content).hexdigest()
    assert lost.processed_at is not None and lost.thumbnail_key
    fresh.refresh_from_db()
    assert fresh.processed_at is None  # its own task may still be on its way
    assert sweep_booking_files.call_local() == 0


class Receiver(FakeServer):
    routes = [("POST", r"/hook", "hook")]

    def hook(self, request):
        return Reply(200, {"ok": True})


def test_the_sweep_sends_publish_webhooks_whose_task_was_lost():
    with Receiver() as receiver:
        endpoint = WebhookEndpoint.objects.create(
            name="Frontend", url=receiver.url + "/hook", secret="s" * 32
        )
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event="content.published", payload={"event": "content.published"}
        )
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            created_at=timezone.now() - timedelta(minutes=30)
        )

        assert sweep_webhook_deliveries.call_local() == 1

        delivery.refresh_from_db()
        assert delivery.status == WebhookDelivery.Status.DELIVERED
        assert len(receiver.calls("POST", "/hook")) == 1
