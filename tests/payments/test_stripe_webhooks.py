"""Stripe webhooks: signed with Stripe's scheme, delivered twice, out of order, late."""

import json
import random

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import BookingEvent, BookingStatus
from payments.models import Payment, PaymentStatus, Refund, WebhookEvent, WebhookStatus
from tests.payments.fakes.stripe import event, sign
from tests.payments.helpers import STRIPE_WEBHOOK_SECRET, create_payment, post_stripe, receipts

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(api_client, booking, fake_stripe):
    """A Stripe Checkout Session started through the API."""
    response = create_payment(api_client, booking, "stripe")
    assert response.status_code == 201
    return fake_stripe.sessions[response.json()["sessionId"]]


@pytest.fixture
def deliver(client, django_capture_on_commit_callbacks):
    def _deliver(evt, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post_stripe(client, evt, **kwargs)

    return _deliver


def test_bad_signature_is_400_and_recorded_as_invalid(deliver, session, fake_stripe):
    evt = event("checkout.session.completed", fake_stripe.pay(session["id"]))

    response = deliver(evt, secret="whsec_someone_else")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_webhook"
    stored = WebhookEvent.objects.get()
    assert stored.status == WebhookStatus.INVALID
    assert "signature" in stored.error.lower()
    assert json.loads(stored.body)["id"] == evt["id"]
    assert Payment.objects.get().status == PaymentStatus.PENDING


def test_tampered_body_and_stale_timestamp_are_refused(client, session, fake_stripe):
    evt = event("checkout.session.completed", fake_stripe.pay(session["id"]))
    payload = json.dumps(evt)
    header = sign(payload, STRIPE_WEBHOOK_SECRET)
    tampered = payload.replace('"paid"', '"paid" ')
    response = client.post(
        "/api/payments/webhooks/stripe",
        data=tampered,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 400
    old = post_stripe(
        client, evt, signature=sign(payload, STRIPE_WEBHOOK_SECRET, timestamp=1_000_000_000)
    )
    assert old.status_code == 400
    assert WebhookEvent.objects.filter(status=WebhookStatus.INVALID).count() == 2
    assert Payment.objects.get().status == PaymentStatus.PENDING


def test_completed_session_fulfils_once(deliver, session, booking, fake_stripe, mailoutbox):
    evt = event("checkout.session.completed", fake_stripe.pay(session["id"]))

    response = deliver(evt)

    assert response.status_code == 200
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.provider_payment_id.startswith("pi_")
    assert payment.metadata["confirmed_by"] == "stripe_webhook"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DEPOSIT_PAID
    assert booking.deposit_paid_at is not None
    (receipt,) = receipts(mailoutbox, booking.client.email)
    assert "KES 1,500.00" in receipt.body
    assert booking.public_reference in receipt.body
    assert payment.provider_receipt in receipt.body
    html = receipt.alternatives[0][0]
    assert "KES 1,500.00" in html
    assert WebhookEvent.objects.get().status == WebhookStatus.PROCESSED


def test_duplicate_of_a_settled_event_is_answered_without_locks_or_handler(
    deliver, session, fake_stripe, monkeypatch
):
    """The storm fast path (#18): a redelivery of a processed event is one statement on
    the inbox, outside any transaction, that skips a row a task holds instead of waiting;
    no handler, no payment or booking query."""
    from payments.gateways.stripe import webhooks

    evt = event("checkout.session.completed", fake_stripe.pay(session["id"]))
    assert deliver(evt).status_code == 200

    def must_not_run(payload):
        raise AssertionError("the handler ran for a duplicate")

    monkeypatch.setitem(webhooks.HANDLERS, "checkout.session.completed", must_not_run)
    with CaptureQueriesContext(connection) as queries:
        response = deliver(evt)

    assert response.status_code == 200
    assert response.json() == {"received": True}
    (sql,) = [query["sql"] for query in queries.captured_queries]
    assert sql.startswith('UPDATE "payments_webhookevent"'), sql
    if connection.features.has_select_for_update_skip_locked:  # PostgreSQL's row locks
        assert "FOR UPDATE SKIP LOCKED" in sql
    stored = WebhookEvent.objects.get()
    assert (stored.status, stored.deliveries, stored.attempts) == ("PROCESSED", 2, 1)


def test_ten_duplicate_deliveries_have_one_effect(deliver, session, booking, fake_stripe):
    evt = event("checkout.session.completed", fake_stripe.pay(session["id"]))

    statuses = [deliver(evt).status_code for _ in range(10)]

    assert statuses == [200] * 10
    stored = WebhookEvent.objects.get()
    assert stored.deliveries == 10
    assert stored.attempts == 1
    assert len(receipts(mail.outbox)) == 1
    paid_events = BookingEvent.objects.filter(booking=booking, to_status=BookingStatus.DEPOSIT_PAID)
    assert paid_events.count() == 1


def test_refund_before_completion_converges(deliver, session, booking, fake_stripe):
    completed = event("checkout.session.completed", fake_stripe.pay(session["id"]))
    refunded = event("charge.refunded", fake_stripe.refund_externally(session["id"], 150000))

    assert deliver(refunded).status_code == 200  # arrives first
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.REFUNDED
    assert payment.amount_refunded_minor == 150000
    assert deliver(completed).status_code == 200

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    booking.refresh_from_db()
    assert booking.deposit_paid_at is not None
    assert len(receipts(mail.outbox)) == 1
    assert Refund.objects.get().amount_minor == 150000


def test_shuffled_burst_of_all_events_converges(deliver, session, booking, fake_stripe):
    completed = event("checkout.session.completed", fake_stripe.pay(session["id"]))
    partial = event("charge.refunded", fake_stripe.refund_externally(session["id"], 50000))
    deliveries = [completed] * 4 + [partial] * 4
    random.Random(7).shuffle(deliveries)

    for evt in deliveries:
        assert deliver(evt).status_code == 200

    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.PARTIALLY_REFUNDED
    assert payment.amount_refunded_minor == 50000
    assert len(receipts(mail.outbox)) == 1


def test_async_payment_pending_then_succeeded(deliver, session, booking, fake_stripe):
    pending = event(
        "checkout.session.completed", fake_stripe.pay(session["id"], async_pending=True)
    )
    assert deliver(pending).status_code == 200
    assert Payment.objects.get().status == PaymentStatus.PENDING

    succeeded = event(
        "checkout.session.async_payment_succeeded", fake_stripe.settle_async(session["id"])
    )
    assert deliver(succeeded).status_code == 200

    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DEPOSIT_PAID


def test_async_payment_failed(deliver, session, booking, fake_stripe):
    deliver(event("checkout.session.completed", fake_stripe.pay(session["id"], async_pending=True)))
    failed = fake_stripe.settle_async(session["id"], succeeded=False)

    assert deliver(event("checkout.session.async_payment_failed", failed)).status_code == 200

    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.FAILED
    assert payment.failure_code == "async_payment_failed"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.TERMS_ACCEPTED


def test_expired_session_closes_the_attempt_and_a_new_one_can_start(
    api_client, deliver, session, booking, fake_stripe
):
    assert (
        deliver(event("checkout.session.expired", fake_stripe.expire(session["id"]))).status_code
        == 200
    )
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.EXPIRED

    again = create_payment(api_client, booking, "stripe")

    assert again.status_code == 201
    assert again.json()["sessionId"] != session["id"]
    assert Payment.objects.filter(status=PaymentStatus.PENDING).count() == 1


def test_amount_mismatch_from_provider_does_not_mark_paid(deliver, session, booking, fake_stripe):
    from core.models import AlertIncident

    evt = event("checkout.session.completed", fake_stripe.pay(session["id"], amount=100))

    assert deliver(evt).status_code == 200

    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.FAILED
    assert payment.failure_code == "amount_mismatch"
    assert payment.received_amount_minor == 100
    booking.refresh_from_db()
    assert booking.deposit_paid_at is None
    assert receipts(mail.outbox) == []
    assert AlertIncident.objects.filter(key="payments.amount_mismatch").exists()


def test_unknown_event_types_and_foreign_sessions_are_ignored(deliver, fake_stripe, db):
    other = event("customer.created", {"id": "cus_1", "object": "customer"})
    foreign = event(
        "checkout.session.completed",
        {"id": "cs_other", "object": "checkout.session", "status": "complete", "metadata": {}},
    )

    assert deliver(other).status_code == 200
    assert deliver(foreign).status_code == 200
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {WebhookStatus.IGNORED}


def test_success_redirect_status_check_uses_the_same_fulfil(
    api_client, deliver, session, booking, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.pay(session["id"])  # paid, but the webhook has not arrived yet

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.get(f"/api/payments/{session['id']}?token={booking.token}")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == PaymentStatus.SUCCEEDED
    assert body["amount"] == "1500.00"
    assert body["currency"] == "KES"
    assert body["bookingReference"] == booking.public_reference
    assert body["message"] == "Payment received. Thank you."
    assert Payment.objects.get().metadata["confirmed_by"] == "status_check"
    # The webhook that follows changes nothing.
    deliver(event("checkout.session.completed", fake_stripe.sessions[session["id"]] | {}))
    assert len(receipts(mail.outbox)) == 1
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DEPOSIT_PAID


def test_status_check_needs_the_booking_token(api_client, session, booking, db):
    payment = Payment.objects.get()
    assert api_client.get(f"/api/payments/{payment.pk}").status_code == 404
    assert api_client.get(f"/api/payments/{payment.pk}?token=wrong").status_code == 404
    ok = api_client.get(f"/api/payments/{payment.pk}", HTTP_AUTHORIZATION=f"Bearer {booking.token}")
    assert ok.status_code == 200
    assert ok.json()["id"] == str(payment.pk)


def test_staff_with_view_permission_can_read_a_payment(api_client, session, admin_user):
    from rest_framework_simplejwt.tokens import AccessToken

    payment = Payment.objects.get()
    response = api_client.get(
        f"/api/payments/{payment.pk}",
        HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(admin_user)}",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "PENDING"


def test_processing_error_is_recorded_and_redelivery_succeeds(
    deliver, session, booking, fake_stripe, monkeypatch
):
    from payments.gateways.stripe import webhooks

    evt = event("checkout.session.completed", fake_stripe.pay(session["id"]))

    def broken(payload):
        raise RuntimeError("database hiccup")

    monkeypatch.setitem(webhooks.HANDLERS, "checkout.session.completed", broken)
    # Stored, so acknowledged: retrying is the task's job now, not Stripe's.
    assert deliver(evt).status_code == 200
    stored = WebhookEvent.objects.get()
    assert stored.status == WebhookStatus.FAILED
    assert "database hiccup" in stored.error
    assert Payment.objects.get().status == PaymentStatus.PENDING

    monkeypatch.undo()
    assert deliver(evt).status_code == 200  # a redelivery of a failed event is another try
    stored.refresh_from_db()
    assert stored.status == WebhookStatus.PROCESSED
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED


def test_stale_open_attempt_is_checked_before_it_is_handed_out(
    api_client, session, booking, fake_stripe
):
    from datetime import timedelta

    from django.utils import timezone

    Payment.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    fake_stripe.expire(session["id"])  # the expiry webhook never came

    again = create_payment(api_client, booking, "stripe")

    assert again.status_code == 201
    assert again.json()["sessionId"] != session["id"]
    assert Payment.objects.get(provider_reference=session["id"]).status == PaymentStatus.EXPIRED
