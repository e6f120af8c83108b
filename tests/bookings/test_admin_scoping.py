"""Admin reports and choosers show Developers only what the bookings list shows them."""

import pytest
from django.urls import reverse

from accounts import audit
from bookings.services.review import AUDIT_NOTE
from cms.models import Testimonial as Review
from tests.accounts.factories import make_staff
from tests.bookings.factories import BookingFactory

pytestmark = pytest.mark.django_db

SITE_HISTORY = "/admin/reports/site-history/"


@pytest.fixture
def developer_client(client):
    developer = make_staff("developer")
    mine = BookingFactory(assigned_to=developer, title="Mine to build")
    other = BookingFactory(title="Someone else's secret")
    for booking in (mine, other):
        audit.record(AUDIT_NOTE, instance=booking, data={"note": "x"})
    client.force_login(developer)
    client.mine, client.other = mine, other
    return client


def test_site_history_lists_only_the_developers_bookings(developer_client):
    html = developer_client.get(SITE_HISTORY).content.decode()

    assert developer_client.mine.public_reference in html
    assert developer_client.other.public_reference not in html


def test_site_history_export_lists_only_the_developers_bookings(developer_client):
    response = developer_client.get(SITE_HISTORY, {"export": "csv"})
    body = b"".join(response.streaming_content if response.streaming else [response.content])

    assert response.status_code == 200
    assert developer_client.mine.public_reference.encode() in body
    assert developer_client.other.public_reference.encode() not in body


def test_reviewers_still_see_every_booking_in_site_history(client):
    reviewer = make_staff("marketing")
    bookings = [BookingFactory(), BookingFactory()]
    for booking in bookings:
        audit.record(AUDIT_NOTE, instance=booking, data={"note": "x"})
    client.force_login(reviewer)
    html = client.get(SITE_HISTORY).content.decode()

    assert all(b.public_reference in html for b in bookings)


def test_pending_testimonials_are_not_in_a_developers_chooser(client):
    Review.objects.create(name="Approved Amina", text="Great", status="approved")
    Review.objects.create(name="Pending Peter", text="Unvetted", status="pending")
    client.force_login(make_staff("developer"))

    html = client.get(reverse("wagtailsnippetchoosers_cms_testimonial:choose")).content.decode()
    results = client.get(
        reverse("wagtailsnippetchoosers_cms_testimonial:choose_results")
    ).content.decode()

    assert "Approved Amina" in html
    assert "Pending Peter" not in html and "Pending Peter" not in results
