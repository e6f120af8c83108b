"""Reads for payments. bookings reads payments only through the hooks registered in
payments.apps (bookings.hooks); other apps import from here, never from models."""

import uuid

from payments.gateways.stripe import object_id
from payments.models import Payment, PaymentProvider, PaymentStatus, Refund
from payments.money import format_major


def payment_summaries_for_booking(booking_id) -> list[dict]:
    """The booking's payments for the tracking page, newest first:
    [{"id": str, "amount": "1500.00" (major units), "currency", "provider", "status"}]."""
    rows = Payment.objects.filter(booking_id=booking_id).order_by("-created_at")
    return [
        {
            "id": str(payment.id),
            "amount": format_major(payment.amount_minor, payment.currency),
            "currency": payment.currency,
            "provider": payment.provider,
            "status": payment.status,
        }
        for payment in rows
    ]


def settled_payments_for_booking(booking_id) -> list[dict]:
    """Only money received, for the tracking page (which adds every entry up as paid):
    [{"id", "amount", "currency", "provider", "label"}], newest first."""
    settled = {PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED}
    return [
        {
            "id": row["id"],
            "amount": row["amount"],
            "currency": row["currency"],
            "provider": row["provider"],
            "label": f"{str(row['provider']).title()} payment",
        }
        for row in payment_summaries_for_booking(booking_id)
        if row["status"] in settled
    ]


_STATUS_MESSAGES = {
    PaymentStatus.SUCCEEDED: "Payment received. Thank you.",
    PaymentStatus.REFUNDED: "This payment has been refunded.",
    PaymentStatus.PARTIALLY_REFUNDED: "Part of this payment has been refunded.",
    PaymentStatus.FAILED: "The payment did not go through. Please try again.",
    PaymentStatus.CANCELLED: "The payment was cancelled.",
    PaymentStatus.EXPIRED: "The payment request expired. Please start again.",
}
_PENDING_MESSAGES = {
    PaymentProvider.MPESA: "Check your phone and enter your M-Pesa PIN to pay.",
    PaymentProvider.STRIPE: "Waiting for the card payment to complete.",
    PaymentProvider.PAYPAL: "Waiting for PayPal to confirm the payment.",
}


def client_message(payment: Payment) -> str:
    """A sentence the frontend can show next to the payment's status."""
    if payment.status == PaymentStatus.PENDING:
        return _PENDING_MESSAGES[payment.provider]
    if payment.status in (PaymentStatus.FAILED, PaymentStatus.CANCELLED, PaymentStatus.EXPIRED):
        return payment.failure_message or _STATUS_MESSAGES[payment.status]
    return _STATUS_MESSAGES[payment.status]


def payment_lookup(key: str) -> Payment | None:
    """A payment by our id or by the provider reference the client was given (Stripe
    session id on the success redirect, M-Pesa CheckoutRequestID, PayPal order id)."""
    query = Payment.objects.select_related("booking", "booking__client")
    try:
        found = query.filter(pk=uuid.UUID(str(key))).first()
    except ValueError:
        found = None
    return found or query.filter(provider_reference=key).first()


# --- finding our payment from what a provider sends (webhooks and reconciliation) --------


def parse_uuid(value) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except (TypeError, ValueError):
        return None


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
