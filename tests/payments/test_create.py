"""POST /api/payments/create through the real clients against the fake providers."""

from decimal import Decimal

import pytest

from bookings.addresses import tracking_url
from bookings.models import BookingStatus
from payments.models import Payment, PaymentStatus
from tests.payments.factories import PayableBookingFactory
from tests.payments.helpers import create_payment

pytestmark = pytest.mark.django_db


def test_stripe_create_returns_checkout_session(api_client, booking, fake_stripe):
    response = create_payment(api_client, booking, "stripe")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {"provider", "checkoutUrl", "sessionId"}
    assert body["provider"] == "stripe"
    session = fake_stripe.sessions[body["sessionId"]]
    assert body["checkoutUrl"] == session["url"]
    assert session["amount_total"] == 150000
    assert session["currency"] == "kes"
    assert session["mode"] == "payment"
    payment = Payment.objects.get()
    assert session["metadata"] == {
        "payment_id": str(payment.pk),
        "booking_id": str(booking.pk),
        "booking_reference": booking.public_reference,
    }
    # Both URLs land on the client's tracking page, signed in with their token.
    page = tracking_url(booking, booking.token)
    assert page.startswith("http://frontend.test/bookings/")
    assert session["success_url"].startswith(page + "&")
    assert session["success_url"].endswith("&session_id={CHECKOUT_SESSION_ID}")
    assert session["cancel_url"].startswith(page + "&")
    assert payment.status == PaymentStatus.PENDING
    assert payment.provider_reference == body["sessionId"]
    # The idempotency key went to Stripe.
    (call,) = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert call["headers"]["Idempotency-Key"] == payment.idempotency_key


def test_repeat_returns_the_open_attempt(api_client, booking, fake_stripe):
    first = create_payment(api_client, booking, "stripe").json()
    second = create_payment(api_client, booking, "stripe")

    assert second.status_code == 200
    assert second.json() == first
    assert Payment.objects.count() == 1
    assert len(fake_stripe.calls("POST", "/v1/checkout/sessions")) == 1


def test_amount_mismatch_is_refused(api_client, booking, fake_stripe):
    response = create_payment(api_client, booking, "stripe", amount="1000.00")

    assert response.status_code == 409
    assert response.json()["code"] == "amount_mismatch"
    assert response.json()["amountDue"] == "1500.00"
    assert Payment.objects.count() == 0
    assert fake_stripe.requests == []


def test_more_decimals_than_the_currency_has_is_a_mismatch(api_client, booking, fake_stripe):
    assert create_payment(api_client, booking, "stripe", amount="1500.001").status_code == 409


@pytest.mark.parametrize("status", [BookingStatus.ACCEPTED, BookingStatus.DEPOSIT_PAID])
def test_booking_must_be_waiting_for_the_deposit(api_client, fake_stripe, status):
    booking = PayableBookingFactory(status=status)

    response = create_payment(api_client, booking, "stripe")

    assert response.status_code == 409
    assert Payment.objects.count() == 0


def test_already_paid_booking_is_refused(api_client, fake_stripe):
    from django.utils import timezone

    booking = PayableBookingFactory(deposit_paid_at=timezone.now())
    assert create_payment(api_client, booking, "stripe").status_code == 409


def test_wrong_token_is_not_found(api_client, booking, fake_stripe):
    booking.token = "not-the-token"
    response = create_payment(api_client, booking, "stripe")
    assert response.status_code == 404
    assert Payment.objects.count() == 0


def test_token_in_query_string_works_too(api_client, booking, fake_stripe):
    response = api_client.post(
        f"/api/payments/create?token={booking.token}",
        {"bookingId": str(booking.pk), "amount": "1500", "provider": "stripe"},
        format="json",
    )
    assert response.status_code == 201


def test_zero_decimal_currency_is_sent_in_whole_units(api_client, fake_stripe):
    booking = PayableBookingFactory(currency="UGX", deposit_amount=Decimal("50000"))

    response = create_payment(api_client, booking, "stripe", amount="50000")

    assert response.status_code == 201
    session = fake_stripe.sessions[response.json()["sessionId"]]
    assert session["amount_total"] == 50000
    assert session["currency"] == "ugx"
    payment = Payment.objects.get()
    assert (payment.amount_minor, payment.amount) == (50000, "50000")
    # A UGX amount with cents cannot exist.
    other = PayableBookingFactory(currency="UGX", deposit_amount=Decimal("50000"))
    assert create_payment(api_client, other, "stripe", amount="50000.50").status_code == 409


def test_provider_5xx_is_502_and_nothing_is_kept(api_client, booking, fake_stripe):
    fake_stripe.fail_next(500)

    response = create_payment(api_client, booking, "stripe")

    assert response.status_code == 502
    assert response.json()["code"] == "provider_error"
    assert "try again" in response.json()["error"].lower()
    assert Payment.objects.count() == 0
    # The next try works and reuses the same attempt key (same payment id).
    retry = create_payment(api_client, booking, "stripe")
    assert retry.status_code == 201
    assert Payment.objects.count() == 1


def test_provider_unreachable_is_502(api_client, booking):
    response = create_payment(api_client, booking, "stripe")  # nothing listens on the base URL
    assert response.status_code == 502
    assert Payment.objects.count() == 0


def test_provider_error_raises_an_alert(api_client, booking, fake_stripe, mailoutbox):
    from core.models import AlertIncident

    fake_stripe.fail_next(503)
    create_payment(api_client, booking, "stripe")

    assert AlertIncident.objects.filter(key="payments.provider_error.stripe").exists()


def test_paypal_refuses_kes(api_client, booking, fake_paypal):
    response = create_payment(api_client, booking, "paypal")
    assert response.status_code == 502
    assert "KES" in response.json()["error"]
    assert Payment.objects.count() == 0


def test_create_is_rate_limited(api_client, booking, fake_stripe, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "payments": "2/min",
        },
    }

    codes = [create_payment(api_client, booking, "stripe").status_code for _ in range(3)]

    assert codes == [201, 200, 429]
