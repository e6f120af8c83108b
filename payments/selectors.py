"""Reads for payments. bookings reads payments only through the hooks registered in
payments.apps (bookings.hooks); other apps import from here, never from models."""

import uuid

from payments.models import Payment, PaymentProvider, PaymentStatus
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


# --- for providers' lookups (webhooks and reconciliation) ------------------------------


def parse_uuid(value) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except (TypeError, ValueError):
        return None
