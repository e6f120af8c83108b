import pyotp
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services.sessions import session_start
from tests.accounts.factories import make_staff


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def staff(db):
    """make_staff as a fixture: staff("admin"), staff("marketing", email=...)."""
    return make_staff


@pytest.fixture
def bearer():
    """An APIClient signed in as `user` through a real session (JWT with `sid`)."""

    def _client(user):
        client = APIClient()
        tokens = session_start(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}")
        client.tokens = tokens
        return client

    return _client


def totp_now(secret: str, offset_steps: int = 0) -> str:
    totp = pyotp.TOTP(secret)
    return totp.generate_otp(totp.timecode(timezone.now()) + offset_steps)
