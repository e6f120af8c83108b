"""PayPal webhooks: verification through PayPal's verify-webhook-signature API and the
{event_type: handler} dict the inbox (payments.webhooks) dispatches through."""

import json

from payments.exceptions import InvalidWebhook, ProviderError, RetryLater
from payments.fulfil import payment_apply_state
from payments.gateways.base import ProviderState
from payments.gateways.paypal import client
from payments.models import Payment, PaymentProvider
from payments.money import to_minor
from payments.selectors import parse_uuid

HEADERS = (  # stored with the raw event
    "paypal-auth-algo",
    "paypal-cert-url",
    "paypal-transmission-id",
    "paypal-transmission-sig",
    "paypal-transmission-time",
)


def verify(headers: dict, body: bytes):
    """-> (event_id, event_type, payload), InvalidWebhook, or RetryLater when PayPal
    cannot be asked."""
    try:
        raw = body.decode("utf-8")
        payload = json.loads(raw)
        event_id, event_type = payload["id"], payload["event_type"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidWebhook(f"unreadable payload: {exc}") from exc
    try:
        verified = client.verify_webhook(headers, raw)
    except ProviderError as exc:
        raise RetryLater(f"PayPal verification unavailable: {exc.message}") from exc
    if not verified:
        raise InvalidWebhook("PayPal did not verify the signature")
    return event_id, event_type, payload


def _paypal_payments():
    return Payment.objects.filter(provider=PaymentProvider.PAYPAL)


def _payment_for(resource: dict, *, order_id: str | None = None) -> Payment | None:
    payment_id = parse_uuid(resource.get("custom_id") or resource.get("invoice_id"))
    if payment_id:
        found = _paypal_payments().filter(pk=payment_id).first()
        if found:
            return found
    if order_id:
        return _paypal_payments().filter(provider_reference=order_id).first()
    return None


def order_approved(payload: dict) -> Payment | None:
    order = payload["resource"]
    payment = _paypal_payments().filter(provider_reference=order.get("id") or "-").first()
    if payment is None:
        return None
    state = client.capture(payment)
    return payment_apply_state(payment_id=payment.pk, state=state, source="paypal_webhook")


def capture_event(payload: dict) -> Payment | None:
    capture = payload["resource"]
    order_id = ((capture.get("supplementary_data") or {}).get("related_ids") or {}).get("order_id")
    payment = _payment_for(capture, order_id=order_id)
    if payment is None:
        return None
    state = client.state_from_capture(capture)
    return payment_apply_state(payment_id=payment.pk, state=state, source="paypal_webhook")


def capture_refunded(payload: dict) -> Payment | None:
    refund = payload["resource"]
    capture_id = next(
        (
            link["href"].rstrip("/").rsplit("/", 1)[-1]
            for link in refund.get("links", [])
            if link.get("rel") == "up"
        ),
        "",
    )
    payment = _payment_for(refund)
    if payment is None and capture_id:
        payment = _paypal_payments().filter(provider_payment_id=capture_id).first()
    if payment is None:
        return None
    # The refund event carries this refund; the capture's total comes from the API.
    state = client.fetch_state(payment)
    amount = refund.get("amount") or {}
    refunds = ()
    if amount.get("value"):
        minor = to_minor(amount["value"], amount["currency_code"])
        refunds = ((refund["id"], minor, refund.get("status") == "COMPLETED"),)
    state = ProviderState(
        outcome=state.outcome,
        amount_minor=state.amount_minor,
        currency=state.currency,
        provider_payment_id=state.provider_payment_id,
        receipt=state.receipt,
        amount_refunded_minor=state.amount_refunded_minor,
        refunds=refunds,
    )
    return payment_apply_state(payment_id=payment.pk, state=state, source="paypal_webhook")


HANDLERS = {
    "CHECKOUT.ORDER.APPROVED": order_approved,
    "PAYMENT.CAPTURE.COMPLETED": capture_event,
    "PAYMENT.CAPTURE.DENIED": capture_event,
    "PAYMENT.CAPTURE.REFUNDED": capture_refunded,
}
