"""Messages on a booking's timeline, both ways: the client's from the tracking page and
staff answers from the admin."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import audit
from bookings.models import ActorType, BookingEvent
from bookings.services.common import email_context, event_record, lock_booking
from bookings.services.links import link_url
from core.mail import send_email_on_commit

AUDIT_MESSAGE = "angisoft.booking.message"
MESSAGE_MAX_LENGTH = 5000


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
        booking = lock_booking(booking_id)
        event = event_record(
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
            email_context(booking, message=text),
        )
    return event


def booking_staff_message(*, booking_id, text: str, actor, request=None) -> BookingEvent:
    """A staff answer: shown to the client on the tracking page and emailed with a link."""
    text = _clean_text(text)
    with transaction.atomic():
        booking = lock_booking(booking_id)
        event = event_record(
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
            email_context(booking, message=text, tracking_url=link_url(booking)),
        )
    return event
