"""Gap-free numbers: concurrent issues on PostgreSQL, and rolled-back issues."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.test import Client

from bookings.models import Booking, BookingEvent, BookingStatus
from bookings.models import Client as BookingClient
from core.models import OutboxEmail
from invoicing.models import Document, DocumentCounter
from invoicing.services import invoice_issue_for_booking
from tests.bookings.factories import BookingFactory


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Real commits visible to the threads' connections; rows are removed by hand after."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("row locks need PostgreSQL (set DATABASE_URL)")
        if not str(connection.settings_dict["NAME"]).startswith(TEST_DATABASE_PREFIX):
            pytest.skip("the test database was not set up (select a django_db test too)")
        clients_before = set(BookingClient.objects.values_list("pk", flat=True))
        outbox_before = set(OutboxEmail.objects.values_list("pk", flat=True))
        try:
            yield
        finally:
            bookings = Booking.objects.exclude(client__in=clients_before)
            documents = Document.objects.filter(booking__in=bookings)
            documents.exclude(corrects=None).delete()  # credit notes protect their receipts
            documents.delete()
            DocumentCounter.objects.all().delete()
            BookingEvent.objects.filter(booking__in=bookings).delete()
            bookings.delete()
            BookingClient.objects.exclude(pk__in=clients_before).delete()
            OutboxEmail.objects.exclude(pk__in=outbox_before).delete()
            connections.close_all()


def test_concurrent_terms_acceptances_get_consecutive_unique_numbers(committed):
    bookings = [
        BookingFactory(
            status=BookingStatus.ACCEPTED, quoted_amount="1000.00", deposit_amount="100.00"
        )
        for _ in range(12)
    ]
    barrier = threading.Barrier(6)
    queue, statuses, lock = list(bookings), [], threading.Lock()

    def worker():
        client = Client()
        barrier.wait()
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    booking = queue.pop()
                try:
                    response = client.post(
                        f"/api/bookings/reference/{booking.public_reference}/actions",
                        {"action": "ACCEPT_QUOTATION"},
                        content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {booking.token}",
                    )
                    code = (response.status_code, response.json().get("ok"))
                except Exception as exc:  # recorded, so the assertion shows it
                    code = repr(exc)
                with lock:
                    statuses.append(code)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker) for _ in range(6)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=120)

    assert statuses == [(200, True)] * 12
    invoices = Document.objects.filter(booking__in=bookings)
    assert sorted(invoices.values_list("sequence", flat=True)) == list(range(1, 13))
    numbers = list(invoices.values_list("number", flat=True))
    assert len(set(numbers)) == 12
    assert DocumentCounter.objects.get(series="INV").last_number == 12


@pytest.mark.django_db
def test_a_rolled_back_issue_gives_its_number_back():
    first, second, third = (
        BookingFactory(status=BookingStatus.TERMS_ACCEPTED, quoted_amount="500.00")
        for _ in range(3)
    )
    with transaction.atomic():
        assert invoice_issue_for_booking(booking=first).sequence == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert invoice_issue_for_booking(booking=second).sequence == 2
        raise RuntimeError("the payment transaction failed after the issue")
    with transaction.atomic():
        assert invoice_issue_for_booking(booking=third).sequence == 2
        again = invoice_issue_for_booking(booking=third)
    assert again.number == Document.objects.get(booking=third).number  # idempotent
    assert not Document.objects.filter(booking=second).exists()
