"""Concurrent deliveries on PostgreSQL: real transactions and row locks, many threads."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client

from bookings.models import BookingEvent, BookingStatus
from payments.models import Payment, PaymentStatus, WebhookEvent
from tests.payments.fakes.stripe import event
from tests.payments.helpers import create_payment, post_stripe, receipts

# serialized_rollback: the flush after each test must not take the data migrations created
# (Wagtail's root page and site) away from the tests that run after these.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (set DATABASE_URL)")


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
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert WebhookEvent.objects.count() == 3
    assert sum(WebhookEvent.objects.values_list("deliveries", flat=True)) == 16
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
    assert Payment.objects.count() == 1
    assert len(fake_stripe.calls("POST", "/v1/checkout/sessions")) == 1
