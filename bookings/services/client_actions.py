"""What the client does from the tracking page: the frontend's actions mapped onto the
state machine, accepting the terms and cancelling. Every status change goes through
bookings.services.transitions, which checks bookings.states under a row lock."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bookings import hooks, tracking
from bookings.exceptions import ActionNotAvailable, TermsVersionChanged
from bookings.models import ActorType, Booking, BookingStatus
from bookings.selectors import tracking_token_from_request
from bookings.services.common import email_context, lock_booking, money, payment_link
from bookings.services.links import link_url
from bookings.services.messages import MESSAGE_MAX_LENGTH
from bookings.services.transitions import booking_transition, check_move, transition_locked
from core.mail import send_email_on_commit
from core.request import client_ip

_DONE = {
    tracking.ACCEPT_QUOTATION: "Thank you: you accepted the quotation. We have emailed you "
    "the next step, the deposit.",
    tracking.DECLINE_QUOTATION: "You declined the quotation, so the booking is now closed.",
    tracking.REQUEST_CHANGES: "Thank you: we have your request and will get back to you.",
    tracking.CONFIRM_DELIVERY: "Thank you for confirming the delivery. The booking is complete.",
    tracking.CANCEL_BOOKING: "Your booking has been cancelled.",
    tracking.ADD_FILE: "Add your files in the Attachments section.",
}


def booking_client_action(*, booking: Booking, action: str, message: str = "", request=None):
    """Run one of the frontend's actions for the token holder; returns the sentence the
    page shows. Refused (409 ActionNotAvailable or the state machine's InvalidTransition)
    when the booking's status does not offer it."""
    status = booking.status
    if action not in tracking.available_actions(booking):
        raise ActionNotAvailable(
            f"This is not possible for a booking that is {BookingStatus(status).label.lower()}."
        )
    if action == tracking.ACCEPT_QUOTATION:
        # Acceptance records today's terms version, time and IP (booking_accept_terms).
        booking_accept_terms(booking_id=booking.pk, request=request)
    elif action == tracking.REQUEST_CHANGES:
        message = (message or "").strip()
        if not message:
            raise ValidationError({"message": ["Describe the changes you need."]})
        booking_transition(
            booking_id=booking.pk,
            to_status=tracking.action_target(action, status),
            actor_type=ActorType.CLIENT,
            note=f"Changes requested: {message[:MESSAGE_MAX_LENGTH]}",
            request=request,
            expected_status=status,
        )
    elif action != tracking.ADD_FILE:
        notes = {
            tracking.DECLINE_QUOTATION: "The client declined the quotation.",
            tracking.CONFIRM_DELIVERY: "The client confirmed the delivery.",
            tracking.CANCEL_BOOKING: "Cancelled by the client.",
        }
        booking_transition(
            booking_id=booking.pk,
            to_status=tracking.action_target(action, status),
            actor_type=ActorType.CLIENT,
            note=notes[action],
            request=request,
            expected_status=status,
        )
    return _DONE[action]


def booking_accept_terms(*, booking_id, terms_version: str | None = None, request=None):
    current = settings.BOOKINGS_TERMS_VERSION
    if terms_version and terms_version != current:
        raise TermsVersionChanged()
    with transaction.atomic():
        booking = lock_booking(booking_id)
        check_move(booking, BookingStatus.TERMS_ACCEPTED, ActorType.CLIENT)
        booking.terms_accepted_at = timezone.now()
        booking.terms_version = current
        booking.terms_accepted_ip = (client_ip(request) if request else None) or None
        transition_locked(
            booking,
            BookingStatus.TERMS_ACCEPTED,
            actor_type=ActorType.CLIENT,
            note=f"Terms version {current} accepted.",
            extra_fields=("terms_accepted_at", "terms_version", "terms_accepted_ip"),
        )
        hooks.invoice_issue(booking)
        send_email_on_commit(
            "bookings_terms_accepted",
            booking.client.email,
            email_context(
                booking,
                deposit=money(booking.deposit_amount, booking.currency),
                terms_version=current,
                tracking_url=link_url(booking),
                # The client acted with their token: the email can carry a pay link.
                pay_url=payment_link(
                    booking, tracking_token_from_request(request) if request else None
                ),
            ),
        )
    return booking


def booking_cancel_by_client(
    *, booking_id, reason: str = "", request=None, expected_status: str | None = None
) -> Booking:
    return booking_transition(
        booking_id=booking_id,
        to_status=BookingStatus.CANCELLED,
        actor_type=ActorType.CLIENT,
        note=(reason or "Cancelled by the client.").strip(),
        request=request,
        expected_status=expected_status,
    )
