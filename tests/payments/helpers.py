"""Requests the way the frontend and the providers send them."""

import json

from tests.payments.fakes.stripe import sign

STRIPE_WEBHOOK_SECRET = "whsec_test_0123456789abcdef"
MPESA_SECRET = "cb-secret-abc123"


def create_payment(api_client, booking, provider="stripe", amount=None, **extra):
    body = {
        "bookingId": str(booking.pk),
        "amount": str(amount if amount is not None else booking.deposit_amount),
        "provider": provider,
        **extra,
    }
    return api_client.post(
        "/api/payments/create", body, format="json", HTTP_AUTHORIZATION=f"Bearer {booking.token}"
    )


def post_stripe(client, event: dict, *, secret=STRIPE_WEBHOOK_SECRET, signature=None):
    payload = json.dumps(event)
    return client.post(
        "/api/payments/webhooks/stripe",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature or sign(payload, secret),
    )


def post_mpesa(client, payload: dict, secret=MPESA_SECRET):
    return client.post(
        f"/api/payments/webhooks/mpesa/{secret}",
        data=json.dumps(payload),
        content_type="application/json",
    )


def receipts(mailbox, email: str | None = None) -> list:
    return [
        m for m in mailbox if m.subject.startswith("Receipt:") and (email is None or email in m.to)
    ]


def post_paypal(client, evt: dict, *, valid: bool = True, webhook_id: str = "WH-TEST-1"):
    from tests.payments.fakes.paypal import webhook_headers

    raw = json.dumps(evt, indent=1)  # PayPal's own spacing: verification needs these bytes
    return client.post(
        "/api/payments/webhooks/paypal",
        data=raw,
        content_type="application/json",
        **webhook_headers(raw, webhook_id, valid=valid),
    )
