import time

import pytest

from tests.bookings.conftest import CommitAPIClient


@pytest.fixture
def api():
    return CommitAPIClient()


def now_ms() -> int:
    return int(time.time() * 1000)


def enquiry_body(**overrides) -> dict:
    """What the /contact page posts (FRONTEND.md §9.1), filled as a person would."""
    body = {
        "name": "Amina Otieno",
        "email": "amina@example.test",
        "phone": "+254 700 000 111",
        "preferredResponseMethod": "email",
        "enquiryType": "service",
        "subject": "A new booking site",
        "message": "We need a booking site for our clinic with M-Pesa payments.",
        "bookingReference": "ANG-2026-00012",
        "preferredContactTime": "Mornings",
        "organisation": "Sunrise Clinic",
        "company": "",
        "formStartedAt": now_ms() - 60_000,
        "source": "services-list",
        "sourcePath": "/contact",
        "serviceSlug": "web-development",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def home_body(**overrides) -> dict:
    """What the home page's Get in touch form posts (FRONTEND.md §9.2)."""
    body = {
        "name": "Brian",
        "company": "Acme Ltd",
        "email": "brian@example.test",
        "phone": "",
        "message": "We would like a quote for a mobile app.",
        "preferredCommunication": "WhatsApp",
        "ndaRequested": True,
    }
    body.update(overrides)
    return body


def throttle(settings, scope: str, rate: str):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            scope: rate,
        },
    }
