"""The transition map, enforced by the one locked service."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from bookings import states
from bookings.exceptions import InvalidTransition
from bookings.models import Booking, BookingEvent, BookingStatus
from bookings.services.transitions import booking_record_deposit_paid, booking_transition
from tests.bookings.conftest import api_for, staff_with
from tests.bookings.factories import BookingFactory

pytestmark = pytest.mark.django_db

ALL = [s.value for s in BookingStatus]
ACTORS = ["staff", "client", "system"]


def test_map_covers_every_status_and_only_known_targets():
    assert set(states.TRANSITIONS) == set(ALL)
    for moves in states.TRANSITIONS.values():
        assert set(moves) <= set(ALL)
        for actors in moves.values():
            assert actors and actors <= set(ACTORS)
    assert {"COMPLETED", "REJECTED", "CANCELLED"} == states.TERMINAL


@pytest.mark.parametrize("from_status", ALL)
def test_every_illegal_transition_is_refused_and_names_the_allowed_moves(from_status):
    booking = BookingFactory(status=from_status)
    refused = 0
    for actor_type in ACTORS:
        allowed = states.allowed_transitions(from_status, actor_type)
        for to_status in ALL:
            if to_status in allowed:
                continue
            with pytest.raises(InvalidTransition) as caught, transaction.atomic():
                booking_transition(
                    booking_id=booking.pk, to_status=to_status, actor_type=actor_type
                )
            refused += 1
            exc = caught.value
            assert exc.status_code == 409
            assert exc.extra["allowed"] == allowed
            assert from_status in str(exc.detail) and to_status in str(exc.detail)
    booking.refresh_from_db()
    assert booking.status == from_status
    assert not BookingEvent.objects.filter(booking=booking).exists()
    assert refused >= 2 * len(ALL)


@pytest.mark.parametrize(
    ("from_status", "to_status", "actor_type"),
    [
        (src, dst, actor)
        for src, moves in states.TRANSITIONS.items()
        for dst, actors in moves.items()
        for actor in sorted(actors)
    ],
)
def test_every_legal_transition_moves_and_records_an_event(
    from_status, to_status, actor_type, django_capture_on_commit_callbacks
):
    booking = BookingFactory(status=from_status)
    actor = staff_with("transition_booking") if actor_type == "staff" else None
    with django_capture_on_commit_callbacks(execute=True):
        result = booking_transition(
            booking_id=booking.pk,
            to_status=to_status,
            actor=actor,
            actor_type=actor_type,
            note="because",
        )
    assert result.status == to_status
    assert Booking.objects.get(pk=booking.pk).status == to_status
    event = BookingEvent.objects.get(booking=booking)
    assert (event.type, event.from_status, event.to_status) == (
        "STATUS_CHANGED",
        from_status,
        to_status,
    )
    assert event.actor_type == actor_type
    assert event.description == "because"


def test_staff_api_answers_409_with_the_allowed_moves():
    booking = BookingFactory(status=BookingStatus.DEPOSIT_PAID)
    api = api_for(staff_with("view_booking", "transition_booking"))
    response = api.post(
        f"/api/bookings/{booking.pk}/transitions", {"toStatus": "COMPLETED"}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "invalid_transition"
    assert body["allowed"] == ["IN_PROGRESS", "CANCELLED"]
    assert "IN_PROGRESS, CANCELLED" in body["error"]


def test_deposit_paid_moves_terms_accepted_once(django_capture_on_commit_callbacks, settings):
    booking = BookingFactory(status=BookingStatus.TERMS_ACCEPTED, deposit_amount=500)
    paid_at = timezone.now() - dt.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        booking_record_deposit_paid(
            booking_id=booking.pk, paid_at=paid_at, payment_description="M-Pesa QWE123"
        )
    booking.refresh_from_db()
    assert booking.status == "DEPOSIT_PAID"
    assert booking.deposit_paid_at == paid_at
    event = BookingEvent.objects.get(booking=booking)
    assert (event.actor_type, event.to_status, event.description) == (
        "system",
        "DEPOSIT_PAID",
        "M-Pesa QWE123",
    )
    assert {m.to[0] for m in mail.outbox} == {
        settings.TEAM_NOTIFICATION_EMAIL,
        booking.client.email,
    }

    # A duplicate webhook, and a later one once work started: nothing changes.
    for status in ("DEPOSIT_PAID", "IN_PROGRESS"):
        Booking.objects.filter(pk=booking.pk).update(status=status)
        again = booking_record_deposit_paid(
            booking_id=booking.pk, paid_at=timezone.now(), payment_description="again"
        )
        assert again.status == status
        assert again.deposit_paid_at == paid_at
    assert BookingEvent.objects.filter(booking=booking).count() == 1


def test_deposit_for_a_cancelled_booking_is_recorded_for_staff_without_raising(
    django_capture_on_commit_callbacks, settings
):
    booking = BookingFactory(status=BookingStatus.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        result = booking_record_deposit_paid(
            booking_id=booking.pk, paid_at=timezone.now(), payment_description="Stripe pi_1"
        )
    assert result.status == "CANCELLED"
    assert result.deposit_paid_at is not None
    event = BookingEvent.objects.get(booking=booking)
    assert event.type == "DEPOSIT_RECEIVED" and not event.visible_to_customer
    assert [m.to for m in mail.outbox] == [[settings.TEAM_NOTIFICATION_EMAIL]]
    assert "Check payment" in mail.outbox[0].subject


def test_a_move_decided_from_a_stale_status_is_409():
    booking = BookingFactory(status=BookingStatus.IN_PROGRESS)
    api = api_for(staff_with("view_booking", "transition_booking"))
    response = api.post(
        f"/api/bookings/{booking.pk}/transitions",
        {"toStatus": "CANCELLED", "fromStatus": "DEPOSIT_PAID"},
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "status_changed"
    assert body["current"] == "IN_PROGRESS"
    booking.refresh_from_db()
    assert booking.status == "IN_PROGRESS"
