import pytest
from rest_framework.test import APIClient

from tests.payments.factories import PayableBookingFactory
from tests.payments.fakes.daraja import FakeDaraja
from tests.payments.fakes.paypal import FakePaypal
from tests.payments.fakes.stripe import FakeStripe
from tests.payments.helpers import MPESA_SECRET, STRIPE_WEBHOOK_SECRET


@pytest.fixture(autouse=True)
def _payment_settings(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_fake_key"
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    settings.PAYMENTS_HTTP_TIMEOUT = 5
    settings.MPESA_CONSUMER_KEY = "consumer-key"
    settings.MPESA_CONSUMER_SECRET = "consumer-secret"
    settings.MPESA_SHORTCODE = "174379"
    settings.MPESA_PASSKEY = "test-passkey"
    settings.MPESA_CALLBACK_SECRET = MPESA_SECRET
    settings.MPESA_ALLOWED_IPS = []
    settings.PAYPAL_CLIENT_ID = "paypal-client"
    settings.PAYPAL_CLIENT_SECRET = "paypal-secret"
    settings.PAYPAL_WEBHOOK_ID = "WH-TEST-1"
    settings.ALERT_EMAIL = ["ops@angisoft.test"]
    # Unreachable unless a test starts the fake: nothing may reach a real provider.
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.MPESA_BASE_URL = "http://127.0.0.1:9"
    settings.PAYPAL_BASE_URL = "http://127.0.0.1:9"


@pytest.fixture
def fake_stripe(settings):
    fake = FakeStripe().start()
    settings.STRIPE_API_BASE = fake.url
    yield fake
    fake.stop()


@pytest.fixture
def fake_daraja(settings, tmp_path):
    fake = FakeDaraja(shortcode="174379", passkey="test-passkey").start()
    settings.MPESA_BASE_URL = fake.url
    certificate = tmp_path / "daraja-cert.cer"
    certificate.write_bytes(fake.certificate_pem)
    settings.MPESA_CERTIFICATE_PATH = str(certificate)
    settings.MPESA_INITIATOR_NAME = fake.initiator_name
    settings.MPESA_INITIATOR_PASSWORD = fake.initiator_password
    settings.MPESA_B2C_SHORTCODE = fake.b2c_shortcode
    yield fake
    fake.stop()


@pytest.fixture
def fake_paypal(settings):
    fake = FakePaypal(webhook_id="WH-TEST-1").start()
    settings.PAYPAL_BASE_URL = fake.url
    yield fake
    fake.stop()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def booking(db):
    return PayableBookingFactory()
