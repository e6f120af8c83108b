"""Concurrent deliveries on PostgreSQL: real transactions and row locks, many threads."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.test import Client

from bookings.models import Booking, BookingEvent, BookingStatus
from bookings.models import Client as BookingClient
from config.models import AlertIncident, OutboxEmail
from payments.models import Payment, PaymentStatus, WebhookEvent
from tests.payments.factories import PayableBookingFactory
from tests.payments.fakes.stripe import event
from tests.payments.helpers import create_payment, post_stripe, receipts


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Real commits on the test database, visible to other threads' connections, without
    a flush afterwards (a flush would also take away the data migrations created, e.g.
    Wagtail's root page, from every test that runs later): the rows these tests create are
    deleted by hand instead."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("row locks need PostgreSQL (set DATABASE_URL)")
        # Never write outside the test database: it exists when the session holds any
        # django_db test (this module has one, test_sequential_burst_has_one_effect).
        if not str(connection.settings_dict["NAME"]).startswith(TEST_DATABASE_PREFIX):
            pytest.skip("the test database was not set up (select a django_db test too)")
        clients_before = set(BookingClient.objects.values_list("pk", flat=True))
        outbox_before = set(OutboxEmail.objects.values_list("pk", flat=True))
        try:
            yield
        finally:
            bookings = Booking.objects.exclude(client__in=clients_before)
            WebhookEvent.objects.filter(payment__booking__in=bookings).delete()
            Payment.objects.filter(booking__in=bookings).delete()
            BookingEvent.objects.filter(booking__in=bookings).delete()
            bookings.delete()
            BookingClient.objects.exclude(pk__in=clients_before).delete()
            AlertIncident.objects.filter(key__startswith="payments.").delete()
            OutboxEmail.objects.exclude(pk__in=outbox_before).delete()
            connections.close_all()


@pytest.fixture
def booking(committed):
    return PayableBookingFactory()


def _burst(events: list[dict], threads: int) -> list[int]:
    statuses: list[int] = []
    barrier = threading.Barrier(threads)
    lock = threading.Lock()
    queue = list(events)

    def worker():
        client = Client()
        barrier.wait()
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    evt = queue.pop()
                code = post_stripe(client, evt).status_code
                with lock:
                    statuses.append(code)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=60)
    return statuses


def test_concurrent_duplicates_have_one_effect_and_one_receipt(api, booking, fake_stripe):
    sid = create_payment(api, booking, "stripe").json()["sessionId"]
    session = fake_stripe.pay(sid)
    completed = event("checkout.session.completed", session)
    # The same success told three ways, each delivered several times, all at once.
    async_ok = event("checkout.session.async_payment_succeeded", session)
    charge = fake_stripe.charge_for(sid)
    charge_event = event("charge.refunded", charge)  # amount_refunded 0: proves payment only

    statuses = _burst([completed] * 8 + [async_ok] * 4 + [charge_event] * 4, threads=8)

    assert statuses == [200] * 16
    payment = Payment.objects.get(booking=booking)
    assert payment.status == PaymentStatus.SUCCEEDED
    inbox = WebhookEvent.objects.filter(payment=payment)
    assert inbox.count() == 3
    assert sum(inbox.values_list("deliveries", flat=True)) == 16
    assert len(receipts(mail.outbox)) == 1
    paid = BookingEvent.objects.filter(booking=booking, to_status=BookingStatus.DEPOSIT_PAID)
    assert paid.count() == 1


def test_concurrent_creates_start_one_attempt(booking, fake_stripe):
    results: list[dict] = []
    barrier = threading.Barrier(6)

    def worker():
        from rest_framework.test import APIClient

        try:
            barrier.wait()
            response = create_payment(APIClient(), booking, "stripe")
            results.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker) for _ in range(6)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=60)

    assert sorted(code for code, _ in results) == [200] * 5 + [201]
    assert len({body["sessionId"] for _, body in results}) == 1
    assert Payment.objects.filter(booking=booking).count() == 1
    assert len(fake_stripe.calls("POST", "/v1/checkout/sessions")) == 1


@pytest.mark.django_db
def test_sequential_burst_has_one_effect(client, fake_stripe, django_capture_on_commit_callbacks):
    """The same burst from one thread (inside the test transaction): the baseline the
    threaded tests above are compared with, and the reason this module always sets up
    the test database."""
    from rest_framework.test import APIClient

    booking = PayableBookingFactory()
    sid = create_payment(APIClient(), booking, "stripe").json()["sessionId"]
    completed = event("checkout.session.completed", fake_stripe.pay(sid))
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [post_stripe(client, completed).status_code for _ in range(16)]

    assert statuses == [200] * 16
    assert Payment.objects.get(booking=booking).status == PaymentStatus.SUCCEEDED
    assert len(receipts(mail.outbox)) == 1
