"""The state machine's one writer: every status change is checked against
bookings.states under the row lock, recorded as an event and audited when staff made it."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from accounts import audit
from bookings import states
from bookings.exceptions import InvalidTransition, StatusChanged
from bookings.models import ActorType, Booking, BookingEvent, BookingStatus
from bookings.services.common import (
    email_context,
    event_record,
    lock_booking,
    queue_client_project,
)
from bookings.services.links import link_url
from core.mail import send_email_on_commit

AUDIT_TRANSITION = "angisoft.booking.transition"


def check_move(booking: Booking, to_status: str, actor_type: str) -> None:
    if not states.can_transition(booking.status, to_status, actor_type):
        raise InvalidTransition(
            current=booking.status,
            requested=to_status,
            allowed=states.allowed_transitions(booking.status, actor_type),
        )


def transition_locked(
    booking: Booking,
    to_status: str,
    *,
    actor=None,
    actor_type: str = "staff",
    note: str = "",
    request=None,
    visible_to_customer: bool = True,
    notify_client: bool = True,
    extra_fields: tuple[str, ...] = (),
    audit_data: dict | None = None,
) -> BookingEvent:
    """The one place a status changes. The caller holds the row lock (see lock_booking)."""
    if actor_type not in states.ACTOR_TYPES:
        raise ValueError(f"Unknown actor type {actor_type!r}")
    check_move(booking, to_status, actor_type)
    from_status = booking.status
    booking.status = to_status
    booking.save(update_fields=["status", "updated_at", *extra_fields])
    event = event_record(
        booking,
        BookingEvent.Type.STATUS_CHANGED,
        f"{BookingStatus(to_status).label}",
        description=note,
        actor=actor,
        actor_type=actor_type,
        from_status=from_status,
        to_status=to_status,
        visible_to_customer=visible_to_customer,
    )
    if actor_type == ActorType.STAFF:
        audit.record(
            AUDIT_TRANSITION,
            instance=booking,
            actor=actor,
            request=request,
            data={"from": from_status, "to": to_status, "note": note, **(audit_data or {})},
        )
    if notify_client and visible_to_customer and to_status not in _CLIENT_EMAILED_ELSEWHERE:
        send_email_on_commit(
            "bookings_status_changed",
            booking.client.email,
            email_context(
                booking,
                note=note if visible_to_customer else "",
                tracking_url=link_url(booking),
            ),
        )
    if actor_type == ActorType.CLIENT:
        send_email_on_commit(
            "bookings_client_update_team",
            settings.TEAM_NOTIFICATION_EMAIL,
            email_context(booking, what=BookingStatus(to_status).label, note=note),
        )
    return event


# Statuses whose client email is a dedicated template sent by their own service.
_CLIENT_EMAILED_ELSEWHERE = frozenset(
    {BookingStatus.ACCEPTED, BookingStatus.REJECTED, BookingStatus.TERMS_ACCEPTED}
)


def booking_transition(
    *,
    booking_id,
    to_status: str,
    actor=None,
    actor_type: str = "staff",
    note: str = "",
    request=None,
    visible_to_customer: bool = True,
    expected_status: str | None = None,
) -> Booking:
    """Move a booking to `to_status` if the map allows it for this actor; 409 otherwise.

    `expected_status` is the status the caller decided from (what the staff member or
    client saw): if another change won the race meanwhile, this one is refused (409)
    instead of being applied to a booking in a state nobody looked at."""
    with transaction.atomic():
        booking = lock_booking(booking_id)
        if expected_status and booking.status != expected_status:
            raise StatusChanged(
                current=booking.status,
                expected=expected_status,
                allowed=states.allowed_transitions(booking.status, actor_type),
            )
        transition_locked(
            booking,
            to_status,
            actor=actor,
            actor_type=actor_type,
            note=note,
            request=request,
            visible_to_customer=visible_to_customer,
        )
    return booking


def booking_record_deposit_paid(*, booking_id, paid_at, payment_description: str) -> Booking:
    """Called by payments (inside its own transaction) when a deposit is confirmed.

    Idempotent: a booking already DEPOSIT_PAID or later is returned unchanged. A booking
    in TERMS_ACCEPTED moves to DEPOSIT_PAID. Money that arrives for a booking in any other
    status (e.g. cancelled meanwhile) is recorded on the booking and the team is told,
    without raising: the payment itself must still be kept."""
    with transaction.atomic():
        booking = lock_booking(booking_id)
        if booking.status in states.PAID_OR_LATER:
            return booking
        if booking.deposit_paid_at is None:
            booking.deposit_paid_at = paid_at
        if booking.status == BookingStatus.TERMS_ACCEPTED:
            transition_locked(
                booking,
                BookingStatus.DEPOSIT_PAID,
                actor_type=ActorType.SYSTEM,
                note=payment_description,
                extra_fields=("deposit_paid_at",),
            )
            send_email_on_commit(
                "bookings_deposit_paid_team",
                settings.TEAM_NOTIFICATION_EMAIL,
                email_context(booking, payment=payment_description),
            )
            queue_client_project(booking.pk)
            return booking
        booking.save(update_fields=["deposit_paid_at", "updated_at"])
        event_record(
            booking,
            BookingEvent.Type.DEPOSIT_RECEIVED,
            "Deposit received while the booking was not awaiting payment",
            description=f"{payment_description} (status {booking.status}); please follow up.",
            visible_to_customer=False,
        )
        send_email_on_commit(
            "bookings_deposit_paid_team",
            settings.TEAM_NOTIFICATION_EMAIL,
            email_context(booking, payment=payment_description, needs_attention=True),
        )
    return booking
