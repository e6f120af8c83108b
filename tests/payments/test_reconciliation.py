"""Reconciliation: the management command and the daily Huey task."""

import uuid
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from bookings.models import BookingEvent, BookingStatus
from config.models import AlertIncident
from payments.models import Payment, PaymentStatus, ReconciliationRun
from payments.tasks import reconcile_payments_daily
from tests.payments.factories import PayableBookingFactory
from tests.payments.helpers import create_payment, receipts

pytestmark = pytest.mark.django_db


def run_command() -> str:
    out = StringIO()
    call_command("reconcile_payments", stdout=out)
    return out.getvalue()


def test_repairs_a_missed_webhook_exactly_once(
    api, booking, fake_stripe, django_capture_on_commit_callbacks
):
    sid = create_payment(api, booking, "stripe").json()["sessionId"]
    fake_stripe.pay(sid)  # paid at Stripe; our webhook never arrived

    with django_capture_on_commit_callbacks(execute=True):
        first = run_command()

    assert "repaired 1" in first
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.metadata["confirmed_by"] == "reconciliation"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DEPOSIT_PAID
    assert len(receipts(mail.outbox)) == 1
    assert AlertIncident.objects.filter(key="payments.reconciliation_mismatch").exists()

    with django_capture_on_commit_callbacks(execute=True):
        second = run_command()

    assert "repaired 0, 0 mismatches" in second
    assert len(receipts(mail.outbox)) == 1
    paid = BookingEvent.objects.filter(booking=booking, to_status=BookingStatus.DEPOSIT_PAID)
    assert paid.count() == 1
    last = ReconciliationRun.objects.first()
    assert (last.repaired, last.mismatches) == ([], [])


def test_repairs_an_attempt_we_had_closed(api, booking, fake_stripe):
    sid = create_payment(api, booking, "stripe").json()["sessionId"]
    Payment.objects.update(status=PaymentStatus.EXPIRED)  # e.g. closed by a stale check
    fake_stripe.pay(sid)

    reconcile_payments_daily.call_local()

    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED
    (run,) = ReconciliationRun.objects.all()
    assert run.repaired[0]["was"] == PaymentStatus.EXPIRED


def test_lists_mismatches(api, fake_stripe):
    # Paid at Stripe with our metadata, unknown here (e.g. a database restored from an
    # older backup); and a paid session of another use of the account, which is not ours.
    line = (
        b"mode=payment&line_items[0][quantity]=1&line_items[0][price_data]"
        b"[currency]=kes&line_items[0][price_data][unit_amount]=5000"
    )
    lost = line + b"&metadata[booking_id]=999&metadata[payment_id]=" + str(uuid.uuid4()).encode()
    for raw in (lost, line):
        fake_stripe.create_session({"headers": {}, "raw": raw})
    for sid in list(fake_stripe.sessions):
        fake_stripe.pay(sid)
    # Succeeded here, but Stripe has no such session.
    other = PayableBookingFactory()
    ghost = create_payment(api, other, "stripe").json()["sessionId"]
    Payment.objects.filter(provider_reference=ghost).update(status=PaymentStatus.SUCCEEDED)
    del fake_stripe.sessions[ghost]

    output = run_command()

    run = ReconciliationRun.objects.get()
    kinds = sorted(item["kind"] for item in run.mismatches)
    assert kinds == ["missing_at_provider", "unknown_at_our_side"]
    assert "2 mismatches" in output


def test_settles_pending_mpesa_and_survives_a_provider_outage(api, booking, fake_daraja):
    cid = create_payment(api, booking, "mpesa").json()["checkoutRequestId"]
    fake_daraja.results[cid] = 0

    output = run_command()  # Stripe is configured but unreachable in this test

    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED
    assert "repaired 1" in output
    run = ReconciliationRun.objects.get()
    assert run.errors and run.errors[0]["provider"] == "stripe"
