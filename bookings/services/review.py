"""Staff work on a booking: the review (accept with a quote, or reject), assignment and
internal notes."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import audit
from bookings.addresses import tracking_url
from bookings.models import ActorType, Booking, BookingEvent, BookingNote, BookingStatus
from bookings.services.common import (
    email_context,
    event_record,
    lock_booking,
    money,
    payment_link,
)
from bookings.services.links import links_supersede_all
from bookings.services.transitions import check_move, transition_locked
from bookings.tokens import new_tracking_token
from core.mail import send_email_on_commit
from core.request import parse_id
from core.validators import normalise_kra_pin, validate_kra_pin

AUDIT_REVIEW = "angisoft.booking.review"
AUDIT_ASSIGN = "angisoft.booking.assign"
AUDIT_NOTE = "angisoft.booking.note"
AUDIT_TAX_PIN = "angisoft.booking.tax_pin"


def _staff_user(user_id):
    User = get_user_model()
    user = None
    if (pk := parse_id(user_id)) is not None:  # anything else names nobody (not a 500)
        user = User.objects.filter(pk=pk, is_active=True, is_staff=True).first()
    if user is None:
        raise ValidationError({"assignedToId": ["Choose an active staff member."]})
    return user


def _set_assignee(booking, user, *, actor, request) -> None:
    previous = booking.assigned_to
    booking.assigned_to = user
    booking.save(update_fields=["assigned_to", "updated_at"])
    event_record(
        booking,
        BookingEvent.Type.ASSIGNED,
        f"Assigned to {user}" if user else "Unassigned",
        actor=actor,
        actor_type=ActorType.STAFF,
        visible_to_customer=False,
    )
    audit.record(
        AUDIT_ASSIGN,
        instance=booking,
        actor=actor,
        request=request,
        data={
            "from": previous.pk if previous else None,
            "to": user.pk if user else None,
        },
    )
    if user is not None and user != actor:
        send_email_on_commit(
            "bookings_assigned", user.email, email_context(booking, assignee=str(user))
        )


def _require_amounts(quoted, deposit, currency) -> tuple[Decimal, Decimal, str]:
    errors = {}
    if quoted is None:
        errors["quotedAmount"] = ["Enter the quoted amount to accept a booking."]
    elif quoted <= 0:
        errors["quotedAmount"] = ["The quoted amount must be more than zero."]
    if deposit is None:
        errors["depositAmount"] = ["Enter the deposit amount to accept a booking."]
    elif deposit <= 0:
        errors["depositAmount"] = ["The deposit must be more than zero."]
    elif quoted is not None and deposit > quoted:
        errors["depositAmount"] = ["The deposit cannot be more than the quoted amount."]
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"] = ["Use a three-letter currency code, such as KES or USD."]
    if errors:
        raise ValidationError(errors)
    return quoted, deposit, currency


def booking_review(
    *,
    booking_id,
    action: str,
    actor,
    quoted_amount: Decimal | None = None,
    deposit_amount: Decimal | None = None,
    currency: str | None = None,
    assigned_to_id=None,
    note: str = "",
    reason: str = "",
    request=None,
) -> Booking:
    """Accept (with a quote) or reject (with a reason) a submitted booking.

    The client is emailed a link with a FRESH tracking token: we keep only token hashes,
    so the original token cannot be re-sent, and the accept email must carry a working
    "accept terms and pay" link. Rotating also retires the first token, which travelled
    in an HTTP response and may sit in a browser."""
    if action not in ("accept", "reject"):
        raise ValidationError({"action": ["Choose accept or reject."]})
    with transaction.atomic():
        booking = lock_booking(booking_id)
        target = BookingStatus.ACCEPTED if action == "accept" else BookingStatus.REJECTED
        check_move(booking, target, ActorType.STAFF)
        fields: list[str] = []
        if action == "accept":
            quoted, deposit, currency = _require_amounts(
                quoted_amount, deposit_amount, currency or booking.currency
            )
            booking.quoted_amount, booking.deposit_amount = quoted, deposit
            booking.currency = currency
            fields += ["quoted_amount", "deposit_amount", "currency"]
            summary = f"Quote {money(quoted, currency)}, deposit {money(deposit, currency)}."
        else:
            reason = (reason or "").strip()
            if not reason:
                raise ValidationError({"reason": ["Give the client a reason for rejecting."]})
            booking.rejection_reason = reason
            fields.append("rejection_reason")
            summary = reason
        if assigned_to_id not in (None, ""):
            assignee = _staff_user(assigned_to_id)
            if assignee != booking.assigned_to:
                _set_assignee(booking, assignee, actor=actor, request=request)
        if note.strip():
            BookingNote.objects.create(booking=booking, author=actor, body=note.strip())
        links_supersede_all(booking, current_hash=booking.tracking_token_hash)
        token, booking.tracking_token_hash = new_tracking_token()
        fields.append("tracking_token_hash")
        transition_locked(
            booking,
            target,
            actor=actor,
            actor_type=ActorType.STAFF,
            note=summary,
            extra_fields=tuple(fields),
            notify_client=False,
            request=None,  # the review itself is audited below
        )
        audit.record(
            AUDIT_REVIEW,
            instance=booking,
            actor=actor,
            request=request,
            data={
                "action": action,
                "quotedAmount": str(booking.quoted_amount) if action == "accept" else None,
                "depositAmount": str(booking.deposit_amount) if action == "accept" else None,
                "currency": booking.currency,
                "reason": booking.rejection_reason if action == "reject" else "",
                "assignedToId": booking.assigned_to_id,
            },
        )
        send_email_on_commit(
            "bookings_accepted" if action == "accept" else "bookings_rejected",
            booking.client.email,
            email_context(
                booking,
                tracking_url=tracking_url(booking, token),
                pay_url=payment_link(booking, token) if action == "accept" else "",
                quoted=money(booking.quoted_amount, booking.currency),
                deposit=money(booking.deposit_amount, booking.currency),
                reason=booking.rejection_reason,
            ),
        )
    return booking


def booking_assign(*, booking_id, assigned_to_id, actor, request=None) -> Booking:
    with transaction.atomic():
        booking = lock_booking(booking_id)
        user = None if assigned_to_id in (None, "") else _staff_user(assigned_to_id)
        if user != booking.assigned_to:
            _set_assignee(booking, user, actor=actor, request=request)
    return booking


def client_set_tax_pin(*, booking_id, tax_pin: str, actor, request=None) -> Booking:
    """Staff correct the buyer's KRA PIN (blank clears it). Documents already issued keep
    the PIN they were issued with; the next ones print this one."""
    tax_pin = normalise_kra_pin(tax_pin)
    validate_kra_pin(tax_pin)
    with transaction.atomic():
        booking = lock_booking(booking_id)
        client = booking.client
        if client.tax_pin != tax_pin:
            client.tax_pin = tax_pin
            client.save(update_fields=["tax_pin", "updated_at"])
            audit.record(
                AUDIT_TAX_PIN, instance=booking, actor=actor, request=request,
                data={"tax_pin": tax_pin},
            )  # fmt: skip
    return booking


def booking_note_add(*, booking_id, body: str, author, request=None) -> BookingNote:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": ["Write something in the note."]})
    with transaction.atomic():
        booking = lock_booking(booking_id)
        note = BookingNote.objects.create(booking=booking, author=author, body=body)
        audit.record(AUDIT_NOTE, instance=booking, actor=author, request=request, data={})
    return note
