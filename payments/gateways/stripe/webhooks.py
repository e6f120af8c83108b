"""Stripe webhooks: signature verification and the {event_type: handler} dict the inbox
(payments.webhooks) dispatches through. Handlers return the Payment they applied to, or
None when the event is not ours."""

import json
import time

import stripe
from django.conf import settings

from payments.exceptions import InvalidWebhook
from payments.fulfil import payment_apply_state, refund_mark_outcome
from payments.gateways.base import Outcome, ProviderState
from payments.gateways.stripe import client
from payments.gateways.stripe.lookups import stripe_payment_for_charge, stripe_payment_for_session
from payments.models import Payment, PaymentProvider, Refund
from payments.selectors import parse_uuid

HEADERS = ("stripe-signature",)  # stored with the raw event
# Clock skew allowed for a Stripe signature timestamp ahead of ours; a timestamp further
# in the future is a replayable token minted by someone with the secret, not a delivery.
FUTURE_SKEW_SECONDS = 300


def _signed_at(header: str) -> int:
    for part in header.split(","):
        key, _, value = part.partition("=")
        if key.strip() == "t" and value.strip().isascii() and value.strip().isdigit():
            return int(value)
    return 0


def _event_fields(body: bytes):
    """id, type and data.object of a signed body, or InvalidWebhook: the signature
    vouches for the sender, not for the shape."""
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise InvalidWebhook(f"signed but malformed: not JSON ({exc})") from exc
    if not isinstance(payload, dict):
        raise InvalidWebhook("signed but malformed: the event is not a JSON object")
    event_id, event_type = payload.get("id"), payload.get("type")
    data = payload.get("data")
    if not isinstance(event_id, str) or not event_id or len(event_id) > 255:
        raise InvalidWebhook("signed but malformed: the event has no usable id")
    if not isinstance(event_type, str) or not event_type or len(event_type) > 100:
        raise InvalidWebhook("signed but malformed: the event has no usable type")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        raise InvalidWebhook("signed but malformed: the event has no data.object")
    return event_id, event_type, payload


def verify(headers: dict, body: bytes):
    """-> (event_id, event_type, payload), or InvalidWebhook."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise InvalidWebhook("STRIPE_WEBHOOK_SECRET is not configured")
    header = headers.get("stripe-signature", "")
    try:
        stripe.WebhookSignature.verify_header(
            body.decode("utf-8"),
            header,
            secret,
            tolerance=settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        )
    except UnicodeDecodeError as exc:
        raise InvalidWebhook(f"unreadable payload: {exc}") from exc
    except stripe.SignatureVerificationError as exc:
        raise InvalidWebhook(f"bad signature: {exc}") from exc
    if _signed_at(header) > time.time() + FUTURE_SKEW_SECONDS:
        raise InvalidWebhook("bad signature: the timestamp is in the future")
    return _event_fields(body)


def session_event(payload: dict) -> Payment | None:
    session = payload["data"]["object"]
    payment = stripe_payment_for_session(session)
    if payment is None:
        return None
    state = client.state_from_session(session)
    if payload["type"] == "checkout.session.async_payment_failed":
        state = ProviderState(
            outcome=Outcome.FAILED,
            failure_code="async_payment_failed",
            message="The bank did not confirm the payment.",
            provider_payment_id=state.provider_payment_id,
        )
    return payment_apply_state(payment_id=payment.pk, state=state, source="stripe_webhook")


def charge_refunded(payload: dict) -> Payment | None:
    charge = payload["data"]["object"]
    payment = stripe_payment_for_charge(charge)
    intent = client.object_id(charge.get("payment_intent"))
    if payment is None and intent:  # not stored yet: the intent's metadata names it
        found = parse_uuid(client.payment_id_for_intent(intent))
        payment = (
            Payment.objects.filter(pk=found, provider=PaymentProvider.STRIPE).first()
            if found
            else None
        )
    if payment is None:
        return None
    # A paid, refunded charge also proves the payment itself, so a refund that arrives
    # before checkout.session.completed settles both, in that order.
    state = client.state_from_charge(charge)
    return payment_apply_state(payment_id=payment.pk, state=state, source="stripe_webhook")


def refund_updated(payload: dict) -> Payment | None:
    """A refund's own lifecycle: Stripe reports refunds that fail after being accepted
    (e.g. a closed card) with refund.updated / charge.refund.updated."""
    refund_obj = payload["data"]["object"]
    status = refund_obj.get("status")
    refund = (
        Refund.objects.select_related("payment")
        .filter(provider_refund_id=refund_obj.get("id") or "-")
        .first()
    )
    if refund is None:
        return None
    return refund_mark_outcome(
        refund_pk=refund.pk,
        succeeded=status == "succeeded",
        failed=status in ("failed", "canceled"),
        reason=refund_obj.get("failure_reason") or status or "",
    )


HANDLERS = {
    "checkout.session.completed": session_event,
    "checkout.session.async_payment_succeeded": session_event,
    "checkout.session.async_payment_failed": session_event,
    "checkout.session.expired": session_event,
    "charge.refunded": charge_refunded,
    "charge.refund.updated": refund_updated,
    "refund.updated": refund_updated,
    "refund.failed": refund_updated,
}
