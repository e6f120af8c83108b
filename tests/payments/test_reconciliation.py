"""Reconciliation: the management command and the daily Huey task."""

import uuid
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from bookings.models import BookingEvent, BookingStatus
from core.models import AlertIncident
from payments.models import Payment, PaymentStatus, ReconciliationRun, Refund, RefundStatus
from payments.tasks import reconcile_payments_daily
from tests.payments.factories import PayableBookingFactory
from tests.payments.helpers import create_payment, receipts

pytestmark = pytest.mark.django_db


def run_command() -> str:
    out = StringIO()
    call_command("reconcile_payments", stdout=out)
    return out.getvalue()


def test_repairs_a_missed_webhook_exactly_once(
    api_client, booking, fake_stripe, django_capture_on_commit_callbacks
):
    sid = create_payment(api_client, booking, "stripe").json()["sessionId"]
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


def test_repairs_an_attempt_we_had_closed(api_client, booking, fake_stripe):
    sid = create_payment(api_client, booking, "stripe").json()["sessionId"]
    Payment.objects.update(status=PaymentStatus.EXPIRED)  # e.g. closed by a stale check
    fake_stripe.pay(sid)

    reconcile_payments_daily.call_local()

    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED
    (run,) = ReconciliationRun.objects.all()
    assert run.repaired[0]["was"] == PaymentStatus.EXPIRED


def test_lists_mismatches(api_client, fake_stripe):
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
    ghost = create_payment(api_client, other, "stripe").json()["sessionId"]
    Payment.objects.filter(provider_reference=ghost).update(status=PaymentStatus.SUCCEEDED)
    del fake_stripe.sessions[ghost]

    output = run_command()

    run = ReconciliationRun.objects.get()
    kinds = sorted(item["kind"] for item in run.mismatches)
    assert kinds == ["missing_at_provider", "unknown_at_our_side"]
    assert "2 mismatches" in output


def test_settles_pending_mpesa_and_survives_a_provider_outage(api_client, booking, fake_daraja):
    cid = create_payment(api_client, booking, "mpesa").json()["checkoutRequestId"]
    fake_daraja.results[cid] = 0

    output = run_command()  # Stripe is configured but unreachable in this test

    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED
    assert "repaired 1" in output
    run = ReconciliationRun.objects.get()
    assert run.errors and run.errors[0]["provider"] == "stripe"


# --- refunds whose webhook never arrived ---------------------------------------------------


def refund_notices():
    return [m for m in mail.outbox if m.subject.startswith("Refund of")]


@pytest.fixture
def stripe_paid(api_client, booking, fake_stripe, django_capture_on_commit_callbacks):
    sid = create_payment(api_client, booking, "stripe").json()["sessionId"]
    fake_stripe.pay(sid)
    with django_capture_on_commit_callbacks(execute=True):
        run_command()  # settles the payment itself
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.SUCCEEDED
    mail.outbox.clear()
    return payment


def staff_refund(payment, amount_minor):
    from payments.services import payment_refund
    from tests.factories import UserFactory

    staff = UserFactory(is_superuser=True)
    return payment_refund(
        payment_id=payment.pk, amount_minor=amount_minor, reason="test", actor=staff
    )


def test_repairs_a_refund_whose_webhook_never_arrived_exactly_once(
    stripe_paid, fake_stripe, django_capture_on_commit_callbacks
):
    refund = staff_refund(stripe_paid, 50000)  # Stripe refunds it; charge.refunded is lost

    with django_capture_on_commit_callbacks(execute=True):
        first = run_command()

    assert "repaired 1" in first
    assert f"repaired refund {refund.provider_refund_id} of stripe" in first
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    stripe_paid.refresh_from_db()
    assert (stripe_paid.status, stripe_paid.amount_refunded_minor) == (
        PaymentStatus.PARTIALLY_REFUNDED,
        50000,
    )
    (repaired,) = ReconciliationRun.objects.first().repaired
    assert (repaired["kind"], repaired["refunds"]) == ("refund", [refund.provider_refund_id])
    assert len(refund_notices()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        second = run_command()

    assert "repaired 0, 0 mismatches" in second
    assert len(refund_notices()) == 1
    assert len(fake_stripe.calls("GET", "/v1/charges/")) == 1  # known refunds cost no read


def test_records_a_refund_made_in_the_stripe_dashboard(stripe_paid, fake_stripe):
    fake_stripe.refund_externally(stripe_paid.provider_reference, stripe_paid.amount_minor)

    run_command()

    stripe_paid.refresh_from_db()
    assert stripe_paid.status == PaymentStatus.REFUNDED
    refund = Refund.objects.get()
    assert (refund.status, refund.amount_minor) == (RefundStatus.SUCCEEDED, 150000)


def test_marks_a_refund_failed_when_stripe_says_so(stripe_paid, fake_stripe):
    refund = staff_refund(stripe_paid, 150000)
    fake_stripe.fail_refund(refund.provider_refund_id)

    run_command()

    refund.refresh_from_db()
    assert refund.status == RefundStatus.FAILED
    stripe_paid.refresh_from_db()
    assert (stripe_paid.status, stripe_paid.amount_refunded_minor) == (
        PaymentStatus.SUCCEEDED,
        0,
    )
    assert AlertIncident.objects.filter(key="payments.refund_failed").exists()


def test_repairs_a_paypal_refund_whose_webhook_never_arrived(
    api_client, fake_paypal, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    booking = PayableBookingFactory(currency="USD", deposit_amount=Decimal("120.50"))
    order_id = create_payment(api_client, booking, "paypal").json()["orderId"]
    fake_paypal.approve(order_id)
    api_client.get(f"/api/payments/{order_id}?token={booking.token}")  # the return page captures
    payment = Payment.objects.get()
    refund = staff_refund(payment, 2050)  # PAYMENT.CAPTURE.REFUNDED never comes

    with django_capture_on_commit_callbacks(execute=True):
        assert "repaired 1" in run_command()
        assert "repaired 0" in run_command()

    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded_minor) == (
        PaymentStatus.PARTIALLY_REFUNDED,
        2050,
    )
    assert len(refund_notices()) == 1


def test_lists_mpesa_reversals_left_unconfirmed(
    api_client, client, booking, fake_daraja, settings, django_capture_on_commit_callbacks
):
    from tests.payments.helpers import post_mpesa

    cid = create_payment(api_client, booking, "mpesa").json()["checkoutRequestId"]
    with django_capture_on_commit_callbacks(execute=True):
        post_mpesa(client, fake_daraja.callback(cid, 0))
    refund = staff_refund(Payment.objects.get(), 150000)  # Daraja's result never comes

    settings.MPESA_REFUND_CONFIRM_MINUTES = 60
    assert "0 mismatches" in run_command()  # too early to worry

    settings.MPESA_REFUND_CONFIRM_MINUTES = 0
    output = run_command()

    assert "1 mismatches" in output
    (mismatch,) = ReconciliationRun.objects.first().mismatches
    assert mismatch["kind"] == "refund_unconfirmed"
    assert refund.provider_refund_id in mismatch["ours"]
    refund.refresh_from_db()
    assert refund.status == RefundStatus.PENDING
