"""M-Pesa refunds: the Wagtail admin asks Daraja's Reversal API (whole payments) or B2C
(partial ones) on a fake server with a real RSA credential; the result arrives at a secret
callback URL and counts exactly once."""

import base64
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from core.models import AlertIncident
from payments.exceptions import ProviderError
from payments.gateways.mpesa import refunds as mpesa_refunds
from payments.models import Payment, PaymentStatus, Refund, RefundStatus, WebhookEvent
from tests.payments.helpers import MPESA_SECRET, create_payment, post_mpesa

pytestmark = pytest.mark.django_db

RECEIPT = "QKX1AB2CD3"


@pytest.fixture
def paid(api_client, client, booking, fake_daraja, django_capture_on_commit_callbacks):
    checkout_id = create_payment(api_client, booking, "mpesa", phone="0712345678").json()[
        "checkoutRequestId"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        post_mpesa(client, fake_daraja.callback(checkout_id, 0, receipt=RECEIPT))
    payment = Payment.objects.get()
    assert (payment.status, payment.provider_receipt) == (PaymentStatus.SUCCEEDED, RECEIPT)
    mail.outbox.clear()
    return payment


@pytest.fixture
def staff(client, admin_user):
    client.force_login(admin_user)
    return admin_user


@pytest.fixture
def deliver(client, django_capture_on_commit_callbacks):
    """POST what Daraja posts to the refund result (or timeout) URL."""

    def _deliver(payload, *, path="refund", secret=MPESA_SECRET):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                f"/api/payments/webhooks/mpesa/{secret}/{path}",
                data=json.dumps(payload),
                content_type="application/json",
            )

    return _deliver


def request_refund(client, payment, amount="1500.00"):
    return client.post(
        reverse("payment:refund", args=[payment.pk]), {"amount": amount, "reason": "Cancelled"}
    )


def refund_notices():
    return [m for m in mail.outbox if m.subject.startswith("Refund of")]


def test_full_refund_is_a_reversal_confirmed_once_by_its_result(
    client, staff, paid, fake_daraja, deliver
):
    response = request_refund(client, paid)

    assert response.status_code == 302
    (call,) = fake_daraja.calls("POST", "/mpesa/reversal/v1/request")
    sent = json.loads(call["raw"])
    assert sent["TransactionID"] == RECEIPT
    assert sent["Amount"] == 1500  # whole shillings
    assert sent["CommandID"] == "TransactionReversal"
    assert sent["ResultURL"].endswith(f"/api/payments/webhooks/mpesa/{MPESA_SECRET}/refund")
    assert sent["QueueTimeOutURL"].endswith("/refund/timeout")
    refund = Refund.objects.get()
    assert refund.provider_refund_id in fake_daraja.refund_requests
    assert (refund.status, refund.amount_minor) == (RefundStatus.PENDING, 150000)
    assert ModelLogEntry.objects.filter(action="angisoft.payment.refund").count() == 1
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.SUCCEEDED  # not until Daraja's result says so

    result = fake_daraja.refund_result(refund.provider_refund_id)
    for _ in range(3):  # Daraja may post a result more than once
        assert deliver(result).json() == {"ResultCode": 0, "ResultDesc": "Accepted"}

    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    paid.refresh_from_db()
    assert (paid.status, paid.amount_refunded_minor) == (PaymentStatus.REFUNDED, 150000)
    event = WebhookEvent.objects.get(event_type="refund_result")
    assert (event.status, event.deliveries, event.payment_id) == ("PROCESSED", 3, paid.pk)
    (notice,) = refund_notices()
    assert notice.subject.startswith(
        f"Refund of KES 1,500.00 for booking {paid.booking.public_reference}"
    )
    assert paid.booking.client.email in notice.to


def test_partial_refund_is_a_b2c_payment_to_the_clients_phone(
    client, staff, paid, fake_daraja, deliver
):
    response = request_refund(client, paid, amount="500.00")

    assert response.status_code == 302
    assert fake_daraja.calls("POST", "/mpesa/reversal") == []
    (call,) = fake_daraja.calls("POST", "/mpesa/b2c/v3/paymentrequest")
    sent = json.loads(call["raw"])
    assert (sent["PartyA"], sent["PartyB"], sent["Amount"]) == ("600000", "254712345678", 500)
    assert sent["OriginatorConversationID"] == f"refund-{paid.pk}-1"
    assert sent["Occasion"] == RECEIPT
    refund = Refund.objects.get()
    assert (refund.status, refund.amount_minor) == (RefundStatus.PENDING, 50000)

    deliver(fake_daraja.refund_result(refund.provider_refund_id))

    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    paid.refresh_from_db()
    assert (paid.status, paid.amount_refunded_minor) == (
        PaymentStatus.PARTIALLY_REFUNDED,
        50000,
    )
    # The rest goes back as a second B2C payment (a reversal would return it all again).
    assert request_refund(client, paid, amount="1000.00").status_code == 302
    second = Refund.objects.get(status=RefundStatus.PENDING)
    deliver(fake_daraja.refund_result(second.provider_refund_id))
    paid.refresh_from_db()
    assert (paid.status, paid.amount_refunded_minor) == (PaymentStatus.REFUNDED, 150000)
    assert len(fake_daraja.calls("POST", "/mpesa/b2c")) == 2
    assert len(refund_notices()) == 2


def test_partial_refund_without_b2c_is_refused_before_calling_daraja(
    client, staff, paid, fake_daraja, settings
):
    settings.MPESA_B2C_SHORTCODE = ""

    response = request_refund(client, paid, amount="500.00")

    assert response.status_code == 200
    assert "M-Pesa reverses whole payments only" in response.content.decode()
    assert fake_daraja.calls("POST", "/mpesa/reversal") == []
    assert fake_daraja.calls("POST", "/mpesa/b2c") == []
    assert Refund.objects.count() == 0


def test_partial_refund_in_cents_is_refused(client, staff, paid, fake_daraja):
    response = request_refund(client, paid, amount="500.50")

    assert "M-Pesa only takes whole shillings" in response.content.decode()
    assert fake_daraja.calls("POST", "/mpesa/b2c") == []


def test_a_refused_reversal_marks_the_refund_failed_and_alerts(
    client, staff, paid, fake_daraja, deliver
):
    request_refund(client, paid)
    refund = Refund.objects.get()

    deliver(fake_daraja.refund_result(refund.provider_refund_id, result_code="R000001"))

    refund.refresh_from_db()
    assert refund.status == RefundStatus.FAILED
    paid.refresh_from_db()
    assert (paid.status, paid.amount_refunded_minor) == (PaymentStatus.SUCCEEDED, 0)
    assert AlertIncident.objects.filter(key="payments.refund_failed").exists()
    assert refund_notices() == []
    # The money is still ours to return: staff can ask again.
    assert request_refund(client, paid).status_code == 302
    assert Refund.objects.filter(status=RefundStatus.PENDING).count() == 1


def test_a_queue_timeout_fails_the_refund_until_a_late_success_arrives(
    client, staff, paid, fake_daraja, deliver
):
    request_refund(client, paid)
    refund = Refund.objects.get()

    deliver(fake_daraja.refund_timeout(refund.provider_refund_id), path="refund/timeout")
    refund.refresh_from_db()
    assert refund.status == RefundStatus.FAILED

    deliver(fake_daraja.refund_result(refund.provider_refund_id))
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED  # Daraja's result is the authority
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.REFUNDED
    assert len(refund_notices()) == 1


def test_reversal_result_needs_the_secret_path(paid, fake_daraja, client, staff, deliver):
    request_refund(client, paid)
    refund = Refund.objects.get()

    response = deliver(fake_daraja.refund_result(refund.provider_refund_id), secret="guess")

    assert response.status_code == 404
    assert WebhookEvent.objects.filter(status="INVALID").count() == 1
    refund.refresh_from_db()
    assert refund.status == RefundStatus.PENDING


def test_a_result_for_an_unknown_reversal_is_ignored(paid, deliver):
    payload = {"Result": {"ResultCode": 0, "ConversationID": "AG_not_ours", "ResultDesc": "ok"}}

    assert deliver(payload).status_code == 200

    assert WebhookEvent.objects.get(event_type="refund_result").status == "IGNORED"
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.SUCCEEDED


def test_a_wrong_initiator_password_is_refused_by_daraja(
    client, staff, paid, fake_daraja, settings
):
    settings.MPESA_INITIATOR_PASSWORD = "not-the-password"

    response = request_refund(client, paid)

    assert response.status_code == 200
    assert "Invalid Initiator Information" in response.content.decode()
    assert len(fake_daraja.calls("POST", "/mpesa/reversal")) == 1
    assert Refund.objects.count() == 0


def test_refunds_need_the_initiator_settings(client, staff, paid, fake_daraja, settings):
    settings.MPESA_INITIATOR_NAME = ""

    response = request_refund(client, paid)

    assert "M-Pesa refunds are not configured" in response.content.decode()
    assert fake_daraja.calls("POST", "/mpesa/reversal") == []


def test_security_credential_reads_pem_and_der_certificates(fake_daraja, settings, tmp_path):
    der = tmp_path / "cert.der"
    der.write_bytes(
        x509.load_pem_x509_certificate(fake_daraja.certificate_pem).public_bytes(
            serialization.Encoding.DER
        )
    )
    for path in (settings.MPESA_CERTIFICATE_PATH, str(der)):
        settings.MPESA_CERTIFICATE_PATH = path
        credential = mpesa_refunds.security_credential()
        assert fake_daraja._credential_ok(credential)
        assert len(base64.b64decode(credential)) == 256  # one RSA-2048 block

    settings.MPESA_CERTIFICATE_PATH = str(tmp_path / "missing.cer")
    with pytest.raises(ProviderError, match="certificate could not be read"):
        mpesa_refunds.security_credential()


def test_a_lone_result_parameter_is_read():
    payload = {
        "Result": {
            "ResultCode": "0",
            "ConversationID": "AG_1",
            "ResultParameters": {"ResultParameter": {"Key": "Amount", "Value": "1500.00"}},
        }
    }
    outcome = mpesa_refunds.refund_outcome(payload)
    assert (outcome.succeeded, outcome.amount_minor) == (True, 150000)


@pytest.mark.parametrize("body", ['{"Result": {}}', "not json", '{"Body": {"stkCallback": {}}}'])
def test_a_body_that_is_not_a_refund_result_is_refused_and_recorded(client, db, body):
    response = client.post(
        f"/api/payments/webhooks/mpesa/{MPESA_SECRET}/refund",
        data=body,
        content_type="application/json",
    )

    assert response.status_code == 404
    assert set(response.json()) >= {"error", "code"}
    (event,) = WebhookEvent.objects.all()
    assert event.status == "INVALID" and "not an M-Pesa refund result" in event.error
