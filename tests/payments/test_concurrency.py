"""Concurrent deliveries on PostgreSQL: real transactions and row locks, many threads."""

import json
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.test import Client

from accounts.models import User
from bookings.models import Booking, BookingEvent, BookingStatus
from bookings.models import Client as BookingClient
from core.models import AlertIncident, OutboxEmail
from invoicing.models import Document, DocumentCounter
from payments.gateways.mpesa.reconciliation import query_pending
from payments.models import Payment, PaymentStatus, Refund, RefundStatus, WebhookEvent
from payments.services import payment_refund
from tests.factories import UserFactory
from tests.payments.factories import PayableBookingFactory
from tests.payments.fakes import paypal as paypal_fake
from tests.payments.fakes.stripe import event
from tests.payments.helpers import create_payment, post_mpesa, post_paypal, post_stripe, receipts


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
        users_before = set(User.objects.values_list("pk", flat=True))
        try:
            yield
        finally:
            bookings = Booking.objects.exclude(client__in=clients_before)
            documents = Document.objects.filter(booking__in=bookings)
            documents.exclude(corrects=None).delete()  # credit notes protect their receipts
            documents.delete()
            DocumentCounter.objects.all().delete()  # committed numbers would leak into later tests
            WebhookEvent.objects.filter(payment__booking__in=bookings).delete()
            Refund.objects.filter(payment__booking__in=bookings).delete()
            Payment.objects.filter(booking__in=bookings).delete()
            BookingEvent.objects.filter(booking__in=bookings).delete()
            bookings.delete()
            BookingClient.objects.exclude(pk__in=clients_before).delete()
            AlertIncident.objects.filter(key__startswith="payments.").delete()
            OutboxEmail.objects.exclude(pk__in=outbox_before).delete()
            User.objects.exclude(pk__in=users_before).delete()
            connections.close_all()


@pytest.fixture
def booking(committed):
    return PayableBookingFactory()


def _stripe_status(client, evt) -> int:
    return post_stripe(client, evt).status_code


def _burst(events: list, threads: int, send=_stripe_status) -> list[int]:
    """Send every item from `threads` threads at once; `send(client, item)` -> status."""
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
                code = send(client, evt)
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


def test_concurrent_duplicates_have_one_effect_and_one_receipt(api_client, booking, fake_stripe):
    sid = create_payment(api_client, booking, "stripe").json()["sessionId"]
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


def test_concurrent_mpesa_callbacks_and_queries_have_one_effect(
    api_client, booking, fake_daraja, settings
):
    cid = create_payment(api_client, booking, "mpesa", phone="0712345678").json()[
        "checkoutRequestId"
    ]
    callback = fake_daraja.callback(cid, 0, receipt="QKC0NCURR1")
    settings.MPESA_QUERY_AFTER_SECONDS = 0

    def send(client, item) -> int:
        if item == "query":  # the periodic STK Query task racing the callbacks
            query_pending()
            return 200
        return post_mpesa(client, item).status_code

    statuses = _burst([callback] * 10 + ["query"] * 4, threads=8, send=send)

    assert statuses == [200] * 14
    payment = Payment.objects.get(booking=booking)
    assert (payment.status, payment.provider_receipt) == (PaymentStatus.SUCCEEDED, "QKC0NCURR1")
    assert WebhookEvent.objects.get(payment=payment).deliveries == 10
    assert len(receipts(mail.outbox)) == 1
    paid = BookingEvent.objects.filter(booking=booking, to_status=BookingStatus.DEPOSIT_PAID)
    assert paid.count() == 1

    # The refund's result, posted many times at once, confirms it once.
    staff = UserFactory(is_superuser=True)
    refund = payment_refund(
        payment_id=payment.pk, amount_minor=payment.amount_minor, reason="t", actor=staff
    )
    result = fake_daraja.refund_result(refund.provider_refund_id)

    def send_result(client, payload) -> int:
        return client.post(
            f"/api/payments/webhooks/mpesa/{settings.MPESA_CALLBACK_SECRET}/refund",
            data=json.dumps(payload),
            content_type="application/json",
        ).status_code

    assert _burst([result] * 10, threads=8, send=send_result) == [200] * 10
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded_minor) == (PaymentStatus.REFUNDED, 150000)
    assert len([m for m in mail.outbox if m.subject.startswith("Refund of")]) == 1


def test_concurrent_paypal_approvals_and_status_checks_capture_once(
    api_client, committed, fake_paypal
):
    from decimal import Decimal

    booking = PayableBookingFactory(currency="USD", deposit_amount=Decimal("120.50"))
    order_id = create_payment(api_client, booking, "paypal").json()["orderId"]
    fake_paypal.approve(order_id)
    approved = paypal_fake.event("CHECKOUT.ORDER.APPROVED", {"id": order_id})

    def send(client, item) -> int:
        if item == "status":  # the client's return page polling at the same time
            return client.get(f"/api/payments/{order_id}?token={booking.token}").status_code
        return post_paypal(client, item).status_code

    statuses = _burst([approved] * 8 + ["status"] * 6, threads=8, send=send)

    assert statuses == [200] * 14
    payment = Payment.objects.get(booking=booking)
    assert payment.status == PaymentStatus.SUCCEEDED
    assert len(fake_paypal.captures) == 1
    assert WebhookEvent.objects.get(payment=payment).deliveries == 8
    assert len(receipts(mail.outbox)) == 1
    paid = BookingEvent.objects.filter(booking=booking, to_status=BookingStatus.DEPOSIT_PAID)
    assert paid.count() == 1


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


def test_booking_row_is_not_locked_while_the_provider_is_called(booking, settings):
    """A hung provider must not hold the booking: staff, webhooks and transitions that
    lock the booking go on while the checkout call waits."""
    from django.db import transaction
    from rest_framework.test import APIClient

    from tests.payments.fakes.stripe import FakeStripe

    class HangingStripe(FakeStripe):
        def __init__(self):
            super().__init__()
            self.entered, self.release = threading.Event(), threading.Event()

        def create_session(self, request):
            self.entered.set()
            self.release.wait(20)
            return super().create_session(request)

    results = []

    def worker():
        try:
            results.append(create_payment(APIClient(), booking, "stripe").status_code)
        finally:
            connections.close_all()

    with HangingStripe() as fake:
        settings.STRIPE_API_BASE = fake.url
        thread = threading.Thread(target=worker)
        thread.start()
        try:
            assert fake.entered.wait(20), "the provider was never called"
            with transaction.atomic():
                locked = Booking.objects.select_for_update(nowait=True).get(pk=booking.pk)
            assert locked.pk == booking.pk
        finally:
            fake.release.set()
            thread.join(timeout=30)
    assert results == [201]
    assert Payment.objects.get(booking=booking).provider_reference.startswith("cs_test_")


def test_a_redelivery_is_counted_without_waiting_for_the_wal_flush(
    api_client, booking, fake_stripe
):
    """Outside a transaction on PostgreSQL the count is one round trip whose commit does
    not wait for the disk; the setting ends with that statement."""
    from django.test.utils import CaptureQueriesContext

    sid = create_payment(api_client, booking, "stripe").json()["sessionId"]
    completed = event("checkout.session.completed", fake_stripe.pay(sid))
    client = Client()
    assert post_stripe(client, completed).status_code == 200

    with CaptureQueriesContext(connection) as queries:
        assert post_stripe(client, completed).status_code == 200

    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert sql.startswith("SET LOCAL synchronous_commit TO OFF; UPDATE"), sql
    assert not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)  # this session's later commits wait as before
    stored = WebhookEvent.objects.get(payment__booking=booking)
    assert (stored.deliveries, stored.attempts) == (2, 1)
