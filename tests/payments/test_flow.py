"""The seed's whole flow through public surfaces: pay link -> Stripe -> webhook -> booking
tracking page shows the deposit paid and the payment."""

import pytest
from huey.api import PeriodicTask

from payments import tasks
from tests.payments.factories import PayableBookingFactory
from tests.payments.fakes.stripe import event
from tests.payments.helpers import create_payment, post_stripe, receipts

pytestmark = pytest.mark.django_db


def test_pay_and_track(
    api_client, client, booking, fake_stripe, mailoutbox, django_capture_on_commit_callbacks
):
    sid = create_payment(api_client, booking, "stripe").json()["sessionId"]
    tracking = f"/api/bookings/reference/{booking.public_reference}?token={booking.token}"
    before = api_client.get(tracking).json()["data"]["booking"]
    assert before["status"] == "TERMS_ACCEPTED"
    assert before["payments"] == []  # the page sums every entry as paid: settled only

    with django_capture_on_commit_callbacks(execute=True):
        post_stripe(client, event("checkout.session.completed", fake_stripe.pay(sid)))

    after = api_client.get(tracking).json()["data"]["booking"]
    assert after["status"] == "DEPOSIT_PAID"
    assert after["currentStage"] == "scheduled"
    (payment,) = after["payments"]
    assert set(payment) == {"id", "amount", "currency", "provider", "label"}
    assert payment["amount"] == "1500.00"
    assert payment["currency"] == "KES"
    assert payment["provider"] == "stripe"
    assert len(receipts(mailoutbox, booking.client.email)) == 1


def test_status_check_asks_the_provider_at_most_every_few_seconds(api_client, booking, fake_stripe):
    sid = create_payment(api_client, booking, "stripe").json()["sessionId"]
    for _ in range(5):
        assert (
            api_client.get(f"/api/payments/{sid}?token={booking.token}").json()["status"]
            == "PENDING"
        )
    assert len(fake_stripe.calls("GET", f"/v1/checkout/sessions/{sid}")) == 1


def test_another_bookings_token_cannot_read_a_payment(api_client, booking, fake_stripe):
    sid = create_payment(api_client, booking, "stripe").json()["sessionId"]
    other = PayableBookingFactory()
    assert api_client.get(f"/api/payments/{sid}?token={other.token}").status_code == 404


def test_periodic_tasks_are_scheduled():
    from datetime import datetime

    mpesa = tasks.query_pending_mpesa_payments.task_class()
    daily = tasks.reconcile_payments_daily.task_class()
    assert isinstance(mpesa, PeriodicTask)
    assert isinstance(daily, PeriodicTask)
    assert mpesa.validate_datetime(datetime(2026, 11, 26, 10, 4))
    assert daily.validate_datetime(datetime(2026, 11, 26, 2, 30))
    assert not daily.validate_datetime(datetime(2026, 11, 26, 3, 30))
