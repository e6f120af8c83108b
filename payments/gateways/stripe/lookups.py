"""Finding our payment from what Stripe sends (webhooks and reconciliation)."""

from payments.gateways.stripe.client import object_id
from payments.models import Payment, PaymentProvider, Refund
from payments.selectors import parse_uuid


def stripe_payment_for_session(session: dict) -> Payment | None:
    """The payment id we put in the Checkout Session (metadata, client_reference_id),
    else the session id we stored."""
    stripe_payments = Payment.objects.filter(provider=PaymentProvider.STRIPE)
    metadata = session.get("metadata") or {}
    payment_id = parse_uuid(metadata.get("payment_id")) or parse_uuid(
        session.get("client_reference_id")
    )
    found = stripe_payments.filter(pk=payment_id).first() if payment_id else None
    return found or stripe_payments.filter(provider_reference=session.get("id") or "-").first()


def stripe_payment_for_charge(obj: dict) -> Payment | None:
    """For a charge or a refund: a Refund row we already hold, the payment id in its
    metadata (a charge copies its PaymentIntent's), else its PaymentIntent."""
    if obj.get("object") == "refund":
        ours = Refund.objects.filter(provider_refund_id=obj.get("id") or "-").first()
        if ours is not None:
            return ours.payment
    stripe_payments = Payment.objects.filter(provider=PaymentProvider.STRIPE)
    payment_id = parse_uuid((obj.get("metadata") or {}).get("payment_id"))
    found = stripe_payments.filter(pk=payment_id).first() if payment_id else None
    intent = object_id(obj.get("payment_intent"))
    if found is None and intent:
        found = stripe_payments.filter(provider_payment_id=intent).first()
    return found
