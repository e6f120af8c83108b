"""Writes and side effects of the CMS: what happens after content changes (cache version
bump, CDN purge, signed publish webhooks) and webhook delivery with retries."""

import hashlib
import hmac
import json
import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cms.api.cache import bump_content_version, bump_fragment_generation
from cms.models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-AngiSoft-Signature"
TIMESTAMP_HEADER = "X-AngiSoft-Timestamp"
EVENT_HEADER = "X-AngiSoft-Event"
DELIVERY_HEADER = "X-AngiSoft-Delivery"


def content_changed(
    *,
    event: str,
    model: str,
    object_id,
    slug: str = "",
    path: str = "",
    fragments_stale: bool = True,
):
    """Called (from signals) when public content changed: after the transaction commits,
    cached API responses (and, unless the change was confined to one page's own fragment,
    every item fragment) are invalidated and the publish event goes out."""
    payload = {
        "event": event,
        "model": model,
        "id": str(object_id) if object_id is not None else None,
        "slug": slug,
        "path": path,
        "url": settings.FRONTEND_URL + path if path else None,
        "occurredAt": timezone.now().isoformat(),
    }
    batch = _batch.get()
    if batch is not None:
        batch.append((payload, fragments_stale))
        return
    transaction.on_commit(lambda: _changes_committed([payload], fragments_stale))


_batch: ContextVar[list | None] = ContextVar("cms_content_changes", default=None)


@contextmanager
def content_changes_batched():
    """For many writes in one transaction (the demo content, ~300 changes): what they
    change goes out together after commit, with one cache bump, one frontend purge and one
    endpoint query instead of one of each per change. Only for code where nothing inside
    is rolled back on its own (a rolled-back change would still send its event)."""
    changes: list = []
    token = _batch.set(changes)
    try:
        yield
    finally:
        _batch.reset(token)
    if changes:
        payloads = [payload for payload, _ in changes]
        stale = any(fragments_stale for _, fragments_stale in changes)
        transaction.on_commit(lambda: _changes_committed(payloads, stale))


def _changes_committed(payloads: list[dict], fragments_stale: bool):
    if fragments_stale:
        bump_fragment_generation()
    bump_content_version()
    from cms import tasks

    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        tasks.purge_frontend_cache()
    webhook_event_create(*payloads)


def settings_group_publish(group, *, user=None):
    """Publish a publishable settings group's current field values (cms.models.publishing)
    as a new revision, as the admin's Publish button does; the row save that publishing
    makes invalidates the API cache through the usual signal."""
    revision = group.save_revision(user=user)
    revision.publish(user=user)
    return revision


def webhook_event_create(*payloads: dict) -> list[WebhookDelivery]:
    """One delivery per active endpoint and event, each sent by a Huey task after commit."""
    from cms import tasks

    endpoints = list(WebhookEndpoint.objects.filter(is_active=True))
    if not endpoints:
        return []
    with transaction.atomic():
        deliveries = [
            WebhookDelivery.objects.create(
                endpoint=endpoint, event=payload["event"], payload=payload
            )
            for payload in payloads
            for endpoint in endpoints
        ]
        for delivery in deliveries:
            transaction.on_commit(lambda pk=delivery.pk: tasks.deliver_webhook(pk))
    return deliveries


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", hex: the receiver recomputes and compares."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def retry_delay(attempts: int) -> int:
    """Exponential backoff: base, 2 x base, 4 x base, … capped at one hour."""
    return min(3600, settings.CMS_WEBHOOK_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1))


def webhook_deliver(delivery_id: int) -> int | None:
    """POST one delivery. Returns the delay before the next attempt, or None when done
    (delivered, or failed for good after CMS_WEBHOOK_MAX_ATTEMPTS)."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status in (
            WebhookDelivery.Status.DELIVERED,
            WebhookDelivery.Status.FAILED,
        ):
            return None
        endpoint = delivery.endpoint
        body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "AngiSoft-CMS-Webhook/1",
            EVENT_HEADER: delivery.event,
            DELIVERY_HEADER: str(delivery.pk),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
        }
        status, error = None, ""
        try:
            response = requests.post(
                endpoint.url, data=body, headers=headers, timeout=settings.CMS_WEBHOOK_TIMEOUT
            )
            status = response.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status}: {response.text[:500]}"
        except requests.RequestException as exc:
            error = f"{type(exc).__name__}: {exc}"[:1000]

        delivery.attempts += 1
        delivery.response_status = status
        delivery.last_attempt_at = timezone.now()
        delivery.last_error = error
        delay = None
        if not error:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = delivery.last_attempt_at
        elif delivery.attempts >= settings.CMS_WEBHOOK_MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
            logger.warning("webhook %s failed for good: %s", delivery.pk, error)
        else:
            delivery.status = WebhookDelivery.Status.RETRYING
            delay = retry_delay(delivery.attempts)
        delivery.save()
    return delay


def frontend_cache_purge() -> None:
    """Purge the API's public URLs from the CDN (wagtail.contrib.frontend_cache)."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    base = settings.BACKEND_URL + "/api/"
    paths = [
        "services",
        "projects",
        "blogs",
        "testimonials",
        "faqs",
        "staff",
        "site/all",
        "company-stats",
        "about-sections",
    ]
    purge_urls_from_cache([base + p for p in paths])
