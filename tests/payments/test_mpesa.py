"""M-Pesa: STK push against the fake Daraja, callbacks, STK query, the pending task."""

from decimal import Decimal

import pytest
from django.core import mail

from bookings.models import BookingStatus
from payments.gateways.mpesa import client as mpesa
from payments.models import Payment, PaymentStatus, WebhookEvent, WebhookStatus
from payments.tasks import query_pending_mpesa_payments
from tests.payments.factories import PayableBookingFactory
from tests.payments.helpers import MPESA_SECRET, create_payment, post_mpesa, receipts

pytestmark = pytest.mark.django_db


@pytest.fixture
def push(api_client, booking, fake_daraja):
    response = create_payment(api_client, booking, "mpesa", phone="0712 345 678")
    assert response.status_code == 201, response.json()
    return response.json()["checkoutRequestId"]


@pytest.fixture
def callback(client, django_capture_on_commit_callbacks):
    def _callback(payload, secret=MPESA_SECRET):
        with django_capture_on_commit_callbacks(execute=True):
            return post_mpesa(client, payload, secret)

    return _callback


def test_stk_push_request(api_client, booking, fake_daraja):
    response = create_payment(api_client, booking, "mpesa", phone="+254 712-345-678")

    assert response.status_code == 201
    body = response.json()
    assert body == {
        "provider": "mpesa",
        "checkoutRequestId": body["checkoutRequestId"],
        "status": "pending",
    }
    sent = fake_daraja.pushes[body["checkoutRequestId"]]  # the fake checked the password
    assert sent["Amount"] == 1500
    assert sent["PhoneNumber"] == sent["PartyA"] == "254712345678"
    assert sent["BusinessShortCode"] == sent["PartyB"] == "174379"
    assert sent["TransactionType"] == "CustomerPayBillOnline"
    assert len(sent["AccountReference"]) <= 12
    assert sent["CallBackURL"] == f"http://testserver/api/payments/webhooks/mpesa/{MPESA_SECRET}"
    payment = Payment.objects.get()
    assert payment.phone == "254712345678"
    assert payment.metadata["merchant_request_id"] == sent["MerchantRequestID"]


def test_oauth_token_is_cached(api_client, fake_daraja):
    for _ in range(3):
        booking = PayableBookingFactory()
        assert create_payment(api_client, booking, "mpesa").status_code == 201
    assert len(fake_daraja.calls("GET", "/oauth/v1/generate")) == 1
    assert len(fake_daraja.calls("POST", "/mpesa/stkpush")) == 3


def test_amounts_are_whole_shillings(api_client, fake_daraja):
    booking = PayableBookingFactory(deposit_amount=Decimal("1500.40"))

    response = create_payment(api_client, booking, "mpesa", amount="1500.40")

    assert response.status_code == 201
    assert fake_daraja.pushes[response.json()["checkoutRequestId"]]["Amount"] == 1501
    assert Payment.objects.get().amount_minor == 150100


def test_bad_phone_is_a_field_error(api_client, booking, fake_daraja):
    response = create_payment(api_client, booking, "mpesa", phone="12345")
    assert response.status_code == 400
    assert "phone" in response.json()["fields"]
    assert Payment.objects.count() == 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0712345678", "254712345678"),
        ("0112345678", "254112345678"),
        ("+254 712 345 678", "254712345678"),
        ("254112345678", "254112345678"),
        ("712345678", "254712345678"),
    ],
)
def test_phone_normalisation(raw, expected):
    assert mpesa.normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["0812345678", "25471234567", "+1 212 555 0100", ""])
def test_phone_normalisation_refuses(raw):
    with pytest.raises(ValueError):
        mpesa.normalise_phone(raw)


def test_password_is_base64_of_shortcode_passkey_timestamp(settings):
    import base64

    assert base64.b64decode(mpesa.password("20261126101530")).decode() == (
        "174379test-passkey20261126101530"
    )
    assert mpesa.account_reference("AS-2026-000123-XYZ") == "2026000123XYZ"[-12:]


def test_successful_callback_confirmed_by_query(callback, push, booking, fake_daraja):
    response = callback(fake_daraja.callback(push, 0, receipt="QKX1AB2CD3"))

    assert response.status_code == 200
    assert response.json() == {"ResultCode": 0, "ResultDesc": "Accepted"}
    assert len(fake_daraja.calls("POST", "/mpesa/stkpushquery")) == 1
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.provider_receipt == "QKX1AB2CD3"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DEPOSIT_PAID
    (receipt,) = receipts(mail.outbox)
    assert "QKX1AB2CD3" in receipt.body


def test_duplicate_callbacks_have_one_effect(callback, push, booking, fake_daraja):
    payload = fake_daraja.callback(push, 0)
    for _ in range(10):
        assert callback(payload).status_code == 200
    assert WebhookEvent.objects.get().deliveries == 10
    assert len(receipts(mail.outbox)) == 1


@pytest.mark.parametrize(
    ("code", "status", "words"),
    [
        (1032, PaymentStatus.CANCELLED, "cancelled"),
        (1, PaymentStatus.FAILED, "balance is not enough"),
        (2001, PaymentStatus.FAILED, "PIN"),
        (1037, PaymentStatus.EXPIRED, "could not be reached"),
        (4242, PaymentStatus.FAILED, "code 4242"),
    ],
)
def test_failed_callbacks_give_the_client_a_message(
    api_client, callback, push, booking, fake_daraja, code, status, words
):
    assert callback(fake_daraja.callback(push, code)).status_code == 200

    payment = Payment.objects.get()
    assert payment.status == status
    assert payment.failure_code == f"mpesa_{code}"
    polled = api_client.get(f"/api/payments/{push}?token={booking.token}").json()
    assert polled["status"] == status
    assert words in polled["message"]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.TERMS_ACCEPTED
    assert receipts(mail.outbox) == []


def test_after_a_cancel_a_new_push_can_start(api_client, callback, push, booking, fake_daraja):
    callback(fake_daraja.callback(push, 1032))
    again = create_payment(api_client, booking, "mpesa")
    assert again.status_code == 201
    assert again.json()["checkoutRequestId"] != push


def test_callback_amount_must_match(callback, push, booking, fake_daraja):
    callback(fake_daraja.callback(push, 0, amount=1))

    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.FAILED
    assert payment.failure_code == "amount_mismatch"
    booking.refresh_from_db()
    assert booking.deposit_paid_at is None


def test_unconfirmed_success_waits_for_the_query(callback, push, booking, fake_daraja, settings):
    payload = fake_daraja.callback(push, 0)
    del fake_daraja.results[push]  # Daraja's query still says "being processed"

    assert callback(payload).status_code == 200

    assert Payment.objects.get().status == PaymentStatus.PENDING
    assert WebhookEvent.objects.get().status == WebhookStatus.FAILED
    # Later the periodic task asks again and settles it.
    fake_daraja.results[push] = 0
    settings.MPESA_QUERY_AFTER_SECONDS = 0
    query_pending_mpesa_payments.call_local()
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED


def test_timeout_without_callback_falls_back_to_query(
    push, booking, fake_daraja, settings, django_capture_on_commit_callbacks
):
    settings.MPESA_QUERY_AFTER_SECONDS = 0
    # No callback ever arrives; Daraja still processing at first.
    assert query_pending_mpesa_payments.call_local() == {"checked": 1, "settled": 0, "errors": 0}
    assert Payment.objects.get().status == PaymentStatus.PENDING

    fake_daraja.results[push] = 0  # the client paid
    with django_capture_on_commit_callbacks(execute=True):
        assert query_pending_mpesa_payments.call_local()["settled"] == 1

    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.metadata["confirmed_by"] == "mpesa_query"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DEPOSIT_PAID
    assert len(receipts(mail.outbox)) == 1


def test_query_reports_timeout(push, fake_daraja, settings):
    settings.MPESA_QUERY_AFTER_SECONDS = 0
    fake_daraja.results[push] = 1037

    query_pending_mpesa_payments.call_local()

    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.EXPIRED
    assert "could not be reached" in payment.failure_message


def test_wrong_secret_is_404_and_recorded(callback, push, fake_daraja):
    response = callback(fake_daraja.callback(push, 0), secret="guess")

    assert response.status_code == 404
    assert WebhookEvent.objects.get().status == WebhookStatus.INVALID
    assert Payment.objects.get().status == PaymentStatus.PENDING


def test_source_address_check(callback, push, fake_daraja, settings):
    settings.MPESA_ALLOWED_IPS = ["196.201.214.200"]

    assert callback(fake_daraja.callback(push, 0)).status_code == 404
    assert Payment.objects.get().status == PaymentStatus.PENDING


def test_daraja_5xx_at_create_is_502(api_client, booking, fake_daraja):
    fake_daraja.fail_next(503, times=2)
    response = create_payment(api_client, booking, "mpesa")
    assert response.status_code == 502
    assert Payment.objects.count() == 0


def test_mpesa_needs_kes(api_client, fake_daraja):
    booking = PayableBookingFactory(currency="UGX", deposit_amount=Decimal("50000"))
    assert create_payment(api_client, booking, "mpesa", amount="50000").status_code == 409


@pytest.mark.parametrize(
    "missing", ["MPESA_CALLBACK_SECRET", "MPESA_CONSUMER_KEY", "MPESA_PASSKEY", "MPESA_SHORTCODE"]
)
def test_mpesa_without_keys_is_the_documented_502_with_an_alert(
    api_client, booking, settings, missing
):
    from core.models import AlertIncident

    setattr(settings, missing, "")

    response = create_payment(api_client, booking, "mpesa", phone="0712 345 678")

    assert response.status_code == 502
    assert response.json()["code"] == "provider_error"
    assert "not configured" in response.json()["error"]
    assert Payment.objects.count() == 0
    assert AlertIncident.objects.filter(key="payments.provider_error.mpesa").exists()
