"""Races on PostgreSQL, with real threads and connections: reference allocation and
conflicting status changes (accept vs cancel)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from bookings.exceptions import InvalidTransition, StatusChanged
from bookings.models import Booking, BookingEvent, BookingStatus
from bookings.services import client_actions, intake, review
from tests.bookings.conftest import staff_with
from tests.bookings.factories import BookingFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL (set DATABASE_URL)")


def run_together(functions):
    """Start every function at the same moment, each on its own connection."""
    barrier = threading.Barrier(len(functions))

    def call(fn):
        try:
            barrier.wait()
            return ("ok", fn())
        except Exception as exc:
            return ("error", exc)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(functions)) as pool:
        return list(pool.map(call, functions))


def test_concurrent_submissions_get_distinct_sequential_references():
    def submit(i):
        return lambda: (
            intake.booking_create(
                name=f"Client {i}",
                email=f"same-{i % 3}@example.test",
                title="Race",
                description="Parallel",
                project_type="OTHER",
            )[0].public_reference
        )

    results = run_together([submit(i) for i in range(12)])
    assert all(kind == "ok" for kind, _ in results), results
    refs = sorted(ref for _, ref in results)
    numbers = [int(ref.rsplit("-", 1)[1]) for ref in refs]
    assert numbers == list(range(numbers[0], numbers[0] + 12))
    assert Booking.objects.count() == 12
    # Find-or-create of the client under concurrency: one row per email.
    from bookings.models import Client

    assert Client.objects.count() == 3


@pytest.mark.parametrize("attempt", range(5))
def test_accept_versus_cancel_exactly_one_wins(attempt):
    reviewer = staff_with("view_booking", "review_booking")
    booking = BookingFactory(status=BookingStatus.SUBMITTED)

    def accept():
        return review.booking_review(
            booking_id=booking.pk,
            action="accept",
            actor=reviewer,
            quoted_amount=1000,
            deposit_amount=300,
            currency="KES",
        ).status

    def cancel():
        # The client pressed Cancel on a page showing SUBMITTED.
        return client_actions.booking_cancel_by_client(
            booking_id=booking.pk, expected_status="SUBMITTED"
        ).status

    results = run_together([accept, cancel])
    winners = [value for kind, value in results if kind == "ok"]
    losers = [value for kind, value in results if kind == "error"]
    assert len(winners) == 1 and len(losers) == 1, results
    assert isinstance(losers[0], InvalidTransition | StatusChanged)
    assert losers[0].status_code == 409
    booking.refresh_from_db()
    assert booking.status == winners[0]
    events = BookingEvent.objects.filter(booking=booking, type="STATUS_CHANGED")
    assert [e.to_status for e in events] == [winners[0]]
    if winners[0] == "CANCELLED":
        assert booking.quoted_amount is None  # the loser wrote nothing


def test_two_reviewers_accepting_at_once_record_one_review():
    reviewer = staff_with("view_booking", "review_booking")
    booking = BookingFactory()

    def accept(amount):
        return lambda: review.booking_review(
            booking_id=booking.pk,
            action="accept",
            actor=reviewer,
            quoted_amount=amount,
            deposit_amount=100,
            currency="KES",
        )

    results = run_together([accept(1000), accept(2000)])
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    assert BookingEvent.objects.filter(booking=booking, to_status="ACCEPTED").count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_accept_then_cancel_without_expected_status_is_serialised(attempt):
    """Without a stated expectation both moves may apply, but only in a serial order:
    never a lost update or an event that does not match the final status."""
    reviewer = staff_with("view_booking", "review_booking")
    booking = BookingFactory(status=BookingStatus.SUBMITTED)
    results = run_together(
        [
            lambda: (
                review.booking_review(
                    booking_id=booking.pk,
                    action="accept",
                    actor=reviewer,
                    quoted_amount=1000,
                    deposit_amount=300,
                    currency="KES",
                ).status
            ),
            lambda: client_actions.booking_cancel_by_client(booking_id=booking.pk).status,
        ]
    )
    booking.refresh_from_db()
    moves = [
        (e.from_status, e.to_status)
        for e in BookingEvent.objects.filter(booking=booking, type="STATUS_CHANGED")
    ]
    assert booking.status == "CANCELLED"
    if results[0][0] == "ok":
        assert moves == [("SUBMITTED", "ACCEPTED"), ("ACCEPTED", "CANCELLED")]
    else:
        assert isinstance(results[0][1], InvalidTransition)
        assert moves == [("SUBMITTED", "CANCELLED")]
