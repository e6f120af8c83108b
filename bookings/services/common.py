"""What every bookings service shares: the row lock, timeline events, email context."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from rest_framework.exceptions import APIException

from bookings import hooks
from bookings.addresses import admin_url, tracking_url
from bookings.models import Booking, BookingEvent, BookingStatus
from bookings.selectors import booking_for_tracking_token
from core.money import display_amount


def lock_booking(booking_id) -> Booking:
    """The booking row locked until the caller's transaction ends."""
    return Booking.objects.select_for_update().select_related("client").get(pk=booking_id)


def event_record(booking, type_, title, *, description="", actor=None, actor_type="system", **kw):
    return BookingEvent.objects.create(
        booking=booking,
        type=type_,
        title=title,
        description=description,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_type=actor_type,
        **kw,
    )


def email_context(booking: Booking, **extra) -> dict:
    return {
        "reference": booking.public_reference,
        "title": booking.title,
        "client_name": booking.client.name,
        "client_email": booking.client.email,
        "status": booking.status,
        "status_label": BookingStatus(booking.status).label,
        "tracking_url": tracking_url(booking),
        "admin_url": admin_url(booking),
        **extra,
    }


def money(amount: Decimal | None, currency: str) -> str:
    return display_amount(amount, currency)


def payment_link(booking: Booking, token: str | None) -> str:
    """The deposit payment page link for the client's email, recorded on the timeline;
    empty without a token that opens the booking (the link would not work)."""
    try:  # the check the tracking API makes, so every token that opens the page works
        booking_for_tracking_token(token=token, booking_id=booking.pk)
    except APIException:
        return ""

    event_record(
        booking,
        BookingEvent.Type.PAYMENT_REQUESTED,
        "Payment link sent",
        description="A link to pay the deposit of "
        f"{money(booking.deposit_amount, booking.currency)} was emailed to you.",
    )
    return hooks.pay_url(booking, token)


def queue_client_project(booking_id: int) -> None:
    """Open the client's portal tracker once the payment commits (a task, so a failure
    there can never undo the payment)."""
    transaction.on_commit(lambda: hooks.client_project_open(booking_id), robust=True)
