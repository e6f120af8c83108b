"""Writes behind the client's tracking page: the frontend's actions mapped onto the state
machine, messages both ways, and tracking links emailed to an address on request.

Every status change still goes through bookings.services (booking_transition and
booking_accept_terms), which check bookings.states under a row lock."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import audit
from bookings import links, services, tracking
from bookings.models import ActorType, Booking, BookingEvent, BookingStatus, Client
from core.exceptions import Conflict
from core.mail import send_email_on_commit

AUDIT_MESSAGE = "angisoft.booking.message"
MESSAGE_MAX_LENGTH = 5000

_DONE = {
    tracking.ACCEPT_QUOTATION: "Thank you: you accepted the quotation. We have emailed you "
    "the next step, the deposit.",
    tracking.DECLINE_QUOTATION: "You declined the quotation, so the booking is now closed.",
    tracking.REQUEST_CHANGES: "Thank you: we have your request and will get back to you.",
    tracking.CONFIRM_DELIVERY: "Thank you for confirming the delivery. The booking is complete.",
    tracking.CANCEL_BOOKING: "Your booking has been cancelled.",
    tracking.ADD_FILE: "Add your files in the Attachments section.",
}


class ActionNotAvailable(Conflict):
    default_code = "action_not_available"


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
        services.booking_accept_terms(booking_id=booking.pk, request=request)
    elif action == tracking.REQUEST_CHANGES:
        message = (message or "").strip()
        if not message:
            raise ValidationError({"message": ["Describe the changes you need."]})
        services.booking_transition(
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
        services.booking_transition(
            booking_id=booking.pk,
            to_status=tracking.action_target(action, status),
            actor_type=ActorType.CLIENT,
            note=notes[action],
            request=request,
            expected_status=status,
        )
    return _DONE[action]


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ["Write a message first."]})
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationError({"text": [f"Keep messages under {MESSAGE_MAX_LENGTH} characters."]})
    return text


def booking_client_message(*, booking_id, text: str) -> BookingEvent:
    """A message from the client: a timeline event, emailed to the assignee (or the team)."""
    text = _clean_text(text)
    with transaction.atomic():
        booking = services._lock(booking_id)
        event = services._event(
            booking,
            BookingEvent.Type.MESSAGE,
            "Message",
            description=text,
            actor_type=ActorType.CLIENT,
        )
        assignee = booking.assigned_to
        send_email_on_commit(
            "bookings_client_message",
            assignee.email if assignee and assignee.email else settings.TEAM_NOTIFICATION_EMAIL,
            services._email_context(booking, message=text),
        )
    return event


def booking_staff_message(*, booking_id, text: str, actor, request=None) -> BookingEvent:
    """A staff answer: shown to the client on the tracking page and emailed with a link."""
    text = _clean_text(text)
    with transaction.atomic():
        booking = services._lock(booking_id)
        event = services._event(
            booking,
            BookingEvent.Type.MESSAGE,
            "Message from AngiSoft",
            description=text,
            actor=actor,
            actor_type=ActorType.STAFF,
        )
        audit.record(AUDIT_MESSAGE, instance=booking, actor=actor, request=request, data={})
        send_email_on_commit(
            "bookings_staff_message",
            booking.client.email,
            services._email_context(booking, message=text, tracking_url=links.link_url(booking)),
        )
    return event


# --- tracking links by email ---------------------------------------------------------


def _cooldown_key(email: str, reference: str = "") -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"bookings:links-emailed:{digest}:{reference.upper()}"


def links_cooldown_start(email: str) -> None:
    """The address was just emailed its link (the booking confirmation): a lookup right
    after (the frontend opens the history page next) does not email it again."""
    cache.set(_cooldown_key(email), 1, settings.BOOKINGS_LINK_EMAIL_COOLDOWN)


def booking_links_request(*, email: str, reference: str = "") -> None:
    """Queue an email of tracking links to `email` (for one booking when `reference` is
    given). The caller answers the same whatever happens here: whether the address has
    bookings is only looked at in the task, and the cooldown applies to every address."""
    from bookings.tasks import email_booking_links

    if not cache.add(_cooldown_key(email, reference), 1, settings.BOOKINGS_LINK_EMAIL_COOLDOWN):
        return
    email, reference = email.strip(), reference.strip().upper()
    transaction.on_commit(lambda: email_booking_links(email, reference))


def booking_links_send(*, email: str, reference: str = "") -> int:
    """Email `email` a fresh tracking link for each of its bookings (or the one named by
    `reference`). Nothing is sent to an address without bookings. Returns how many."""
    client = Client.objects.filter(email__iexact=email.strip()).first()
    if client is None:
        return 0
    bookings = client.bookings.order_by("-created_at")
    if reference:
        bookings = bookings.filter(public_reference=reference.upper())
    with transaction.atomic():
        items = [
            {
                "reference": booking.public_reference,
                "title": booking.title,
                "status_label": BookingStatus(booking.status).label,
                "tracking_url": links.link_url(booking),
            }
            for booking in bookings[:50]
        ]
        if items:
            send_email_on_commit(
                "bookings_links", client.email, {"client_name": client.name, "bookings": items}
            )
    return len(items)
