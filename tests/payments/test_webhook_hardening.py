"""Webhook routes under attack: malformed but signed bodies, future timestamps, floods."""

import json
import time

import pytest

from payments.models import WebhookEvent, WebhookStatus
from tests.payments.fakes.stripe import sign
from tests.payments.helpers import STRIPE_WEBHOOK_SECRET, post_stripe

pytestmark = pytest.mark.django_db


def post_signed(client, raw: str, **extra):
    return client.post(
        "/api/payments/webhooks/stripe",
        data=raw,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(raw, STRIPE_WEBHOOK_SECRET),
        **extra,
    )


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps({"id": "evt_no_type", "object": "event", "data": {"object": {}}}),
        json.dumps({"id": "evt_bad_type", "type": 5, "data": {"object": {}}}),
        json.dumps({"id": "evt_no_data", "type": "checkout.session.completed"}),
        json.dumps({"id": "evt_bad_obj", "type": "charge.refunded", "data": {"object": []}}),
        json.dumps({"type": "checkout.session.completed", "data": {"object": {}}}),
        json.dumps([1, 2, 3]),
        json.dumps("just a string"),
        "null",
    ],
)
def test_signed_but_malformed_event_is_a_clean_refusal_kept_for_staff(client, raw):
    response = post_signed(client, raw)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_webhook"
    stored = WebhookEvent.objects.get()
    assert stored.status == WebhookStatus.INVALID
    assert "malformed" in stored.error


def test_event_signed_far_in_the_future_is_refused(client):
    evt = {"id": "evt_future", "type": "checkout.session.completed", "data": {"object": {}}}
    future = int(time.time()) + 3600
    response = post_stripe(
        client, evt, signature=sign(json.dumps(evt), STRIPE_WEBHOOK_SECRET, timestamp=future)
    )

    assert response.status_code == 400
    stored = WebhookEvent.objects.get()
    assert stored.status == WebhookStatus.INVALID
    assert "future" in stored.error


def test_forged_deliveries_keep_only_a_bounded_summary(client):
    huge = {"id": "evt_forged", "type": "x", "padding": "A" * 200_000}

    response = post_stripe(client, huge, secret="whsec_forged")

    assert response.status_code == 400
    stored = WebhookEvent.objects.get()
    assert stored.status == WebhookStatus.INVALID
    assert len(stored.body) <= 2048
    assert len(json.dumps(stored.headers)) <= 4096


def test_invalid_deliveries_kept_are_capped(client, settings):
    settings.WEBHOOK_INVALID_KEEP = 5
    for n in range(12):
        post_stripe(client, {"id": f"evt_{n}", "type": "x"}, secret="whsec_forged")

    invalid = WebhookEvent.objects.filter(status=WebhookStatus.INVALID)
    assert invalid.count() == 5
    # The newest are kept: they are the ones staff investigate.
    kept = {json.loads(e.body)["id"] for e in invalid}
    assert kept == {f"evt_{n}" for n in range(7, 12)}


def test_webhook_routes_are_rate_limited_per_source_address(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "webhooks": "3/min",
        },
    }
    for n in range(3):
        response = post_stripe(client, {"id": f"evt_{n}", "type": "x"}, secret="whsec_forged")
        assert response.status_code == 400
    blocked = post_stripe(client, {"id": "evt_9", "type": "x"}, secret="whsec_forged")
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "rate_limited"
    mpesa = client.post(
        "/api/payments/webhooks/mpesa/wrong", data="{}", content_type="application/json"
    )
    assert mpesa.status_code == 429
    assert WebhookEvent.objects.count() == 3
    from_elsewhere = client.post(
        "/api/payments/webhooks/stripe",
        data="{}",
        content_type="application/json",
        REMOTE_ADDR="10.9.9.9",
    )
    assert from_elsewhere.status_code == 400
