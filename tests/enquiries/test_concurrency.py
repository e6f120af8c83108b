"""Races on PostgreSQL with real threads and connections: enquiry references and
simultaneous newsletter sign-ups for one address."""

import pytest
from django.db import connection

from core.models import OutboxEmail
from enquiries.models import Enquiry, NewsletterSubscriber
from enquiries.services.enquiries import enquiry_create
from enquiries.services.newsletter import newsletter_subscribe
from tests.bookings.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL (set DATABASE_URL)")


def test_concurrent_enquiries_get_distinct_sequential_references():
    def submit(i):
        return lambda: (
            enquiry_create(
                name=f"Visitor {i}",
                email=f"v{i}@example.test",
                subject="Race",
                message="Sent at the same moment as eleven others.",
            ).public_reference
        )

    results = run_together([submit(i) for i in range(12)])
    assert all(kind == "ok" for kind, _ in results), results
    refs = sorted(ref for _, ref in results)
    assert len(set(refs)) == 12
    numbers = [int(ref.rsplit("-", 1)[1]) for ref in refs]
    assert numbers == list(range(numbers[0], numbers[0] + 12))
    assert Enquiry.objects.count() == 12
    assert OutboxEmail.objects.count() == 24  # an acknowledgement and a team notice each


def test_simultaneous_signups_for_one_address_make_one_subscriber():
    results = run_together(
        [lambda: newsletter_subscribe(email="Same@Example.test") for _ in range(6)]
    )
    assert all(kind == "ok" for kind, _ in results), results
    assert NewsletterSubscriber.objects.count() == 1
    assert OutboxEmail.objects.filter(template="newsletter_confirm").count() >= 1
