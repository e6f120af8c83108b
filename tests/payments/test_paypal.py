"""PayPal Orders v2 against the fake PayPal: create, approve, capture, webhooks."""

from decimal import Decimal

import pytest
from django.core import mail

from bookings.models import BookingStatus
from payments.models import Payment, PaymentStatus, WebhookEvent, WebhookStatus
from tests.payments.factories import PayableBookingFactory
from tests.payments.fakes.paypal import event
from tests.payments.helpers import create_payment, post_paypal, receipts

pytestmark = pytest.mark.django_db


@pytest.fixture
def usd_booking(db):
    return PayableBookingFactory(currency="USD", deposit_amount=Decimal("120.50"))


@pytest.fixture
def order_id(api_client, usd_booking, fake_paypal):
    response = create_payment(api_client, usd_booking, "paypal")
    assert response.status_code == 201, response.json()
    return response.json()["orderId"]


@pytest.fixture
def deliver(client, django_capture_on_commit_callbacks):
    def _deliver(evt, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post_paypal(client, evt, **kwargs)

    return _deliver


def test_create_order_returns_approve_url(api_client, usd_booking, fake_paypal):
    response = create_payment(api_client, usd_booking, "paypal")

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"provider", "approveUrl", "orderId"}
    assert body["approveUrl"] == f"https://www.paypal.test/checkoutnow?token={body['orderId']}"
    unit = fake_paypal.orders[body["orderId"]]["purchase_units"][0]
    assert unit["amount"] == {"currency_code": "USD", "value": "120.50"}
    payment = Payment.objects.get()
    assert unit["custom_id"] == str(payment.pk)
    (call,) = fake_paypal.calls("POST", "/v2/checkout/orders")
    assert call["headers"]["PayPal-Request-Id"] == payment.idempotency_key


def test_return_status_check_captures_once(api_client, order_id, usd_booking, fake_paypal, deliver):
    fake_paypal.approve(order_id)

    first = api_client.get(f"/api/payments/{order_id}?token={usd_booking.token}")
    assert first.json()["status"] == PaymentStatus.SUCCEEDED
    capture_id = Payment.objects.get().provider_payment_id
    assert capture_id in fake_paypal.captures
    # PayPal's own events for the same capture change nothing.
    completed = event("PAYMENT.CAPTURE.COMPLETED", fake_paypal.captures[capture_id])
    for _ in range(3):
        assert deliver(completed).status_code == 200
    assert len(fake_paypal.calls("POST", f"/v2/checkout/orders/{order_id}/capture")) == 1
    usd_booking.refresh_from_db()
    assert usd_booking.status == BookingStatus.DEPOSIT_PAID


def test_order_approved_webhook_captures(order_id, usd_booking, fake_paypal, deliver):
    fake_paypal.approve(order_id)
    approved = event("CHECKOUT.ORDER.APPROVED", fake_paypal.orders[order_id])

    assert deliver(approved).status_code == 200
    assert deliver(approved).status_code == 200

    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert len(receipts(mail.outbox)) == 1
    assert len(fake_paypal.calls("POST", f"/v2/checkout/orders/{order_id}/capture")) == 1


def test_unverified_webhook_is_400_and_recorded(order_id, fake_paypal, deliver):
    fake_paypal.approve(order_id)
    approved = event("CHECKOUT.ORDER.APPROVED", fake_paypal.orders[order_id])

    response = deliver(approved, valid=False)

    assert response.status_code == 400
    assert WebhookEvent.objects.get().status == WebhookStatus.INVALID
    assert Payment.objects.get().status == PaymentStatus.PENDING


def test_paypal_down_at_create_is_502(api_client, usd_booking, fake_paypal):
    fake_paypal.fail_next(500, times=5)
    assert create_payment(api_client, usd_booking, "paypal").status_code == 502
    assert Payment.objects.count() == 0


def test_refund_confirmed_by_capture_refunded_webhook(
    api_client, client, admin_user, order_id, usd_booking, fake_paypal, deliver
):
    from django.urls import reverse

    from payments.models import Refund, RefundStatus

    fake_paypal.approve(order_id)
    api_client.get(f"/api/payments/{order_id}?token={usd_booking.token}")
    payment = Payment.objects.get()
    client.force_login(admin_user)

    response = client.post(reverse("payment:refund", args=[payment.pk]), {"amount": "120.50"})

    assert response.status_code == 302
    refund = Refund.objects.get()
    assert refund.status == RefundStatus.PENDING
    (call,) = fake_paypal.calls(
        "POST", f"/v2/payments/captures/{payment.provider_payment_id}/refund"
    )
    assert call["headers"]["PayPal-Request-Id"] == f"refund-{payment.pk}-1"
    refunded = event(
        "PAYMENT.CAPTURE.REFUNDED",
        {
            "id": refund.provider_refund_id,
            "status": "COMPLETED",
            "amount": {"currency_code": "USD", "value": "120.50"},
            "custom_id": str(payment.pk),
            "links": [
                {
                    "rel": "up",
                    "href": f"https://api.paypal.test/v2/payments/captures/{payment.provider_payment_id}",
                }
            ],
        },
    )
    assert deliver(refunded).status_code == 200

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED


def test_an_order_paypal_forgot_expires_and_a_new_one_starts(
    api_client, order_id, usd_booking, fake_paypal
):
    from datetime import timedelta

    from django.utils import timezone

    Payment.objects.update(created_at=timezone.now() - timedelta(hours=4))
    del fake_paypal.orders[order_id]  # never approved; PayPal dropped it

    again = create_payment(api_client, usd_booking, "paypal")

    assert again.status_code == 201
    assert again.json()["orderId"] != order_id
    old = Payment.objects.get(provider_reference=order_id)
    assert old.status == PaymentStatus.EXPIRED
    assert "expired" in old.failure_message
