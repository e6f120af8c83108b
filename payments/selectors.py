"""Reads for payments. Other apps (bookings) import from here, never from models."""

from payments.models import Payment
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
