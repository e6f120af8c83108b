"""The admin dashboard says what needs attention, to each reader only what they may see,
and carries the brand editors set in the CMS."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from bookings.models import BookingStatus
from cms.models import BrandingSettings
from payments.models import Payment, PaymentStatus
from tests.bookings.conftest import access_admin_permission
from tests.bookings.factories import BookingFactory
from tests.factories import UserFactory
from tests.payments.factories import PaymentFactory

pytestmark = pytest.mark.django_db


def _staff(client, *perms):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        access_admin_permission(),
        *[
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in (p.split(".") for p in perms)
        ],
    )
    client.force_login(user)
    return user


def test_reviewer_sees_new_bookings_only(client):
    _staff(client, "bookings.view_booking")
    waiting = BookingFactory(title="Shop redesign", status=BookingStatus.SUBMITTED)
    BookingFactory(title="Already running", status=BookingStatus.IN_PROGRESS)
    html = client.get("/admin/").content.decode()
    assert "New bookings to review" in html
    assert f"{waiting.public_reference} · Shop redesign" in html
    assert "Already running" not in html
    assert 'data-testid="attention_bookings-count">1<' in html
    assert "Payments needing action" not in html  # no payments permission


def test_assigned_only_staff_see_only_their_bookings(client):
    user = _staff(client, "bookings.view_assigned_booking")
    BookingFactory(title="Mine", assigned_to=user)
    BookingFactory(title="Someone else's")
    html = client.get("/admin/").content.decode()
    assert "Mine" in html and "Someone else&#x27;s" not in html and "Someone else's" not in html


def test_payments_needing_action(client):
    _staff(client, "payments.view_payment")
    failed = PaymentFactory(status=PaymentStatus.FAILED, failure_message="Card declined")
    stuck = PaymentFactory()
    Payment.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(hours=2))
    PaymentFactory()  # pending for a moment: a checkout in progress, not a problem
    PaymentFactory(status=PaymentStatus.SUCCEEDED)
    html = client.get("/admin/").content.decode()
    assert "Payments needing action" in html
    assert 'data-testid="attention_payments-count">2<' in html
    assert "Failed: Card declined" in html
    assert f"{failed.booking.public_reference} · KES 1,500.00" in html
    assert "New bookings to review" not in html


def test_nothing_waiting_says_so(client):
    _staff(client, "bookings.view_booking")
    html = client.get("/admin/").content.decode()
    assert "No booking is waiting for a review." in html


def test_login_and_dashboard_carry_the_cms_brand(client):
    branding = BrandingSettings.load()
    branding.site_name = "Acme Studio"
    branding.save()
    login = client.get("/admin/login/").content.decode()
    assert "Sign in to Acme Studio" in login
    assert "<title>Sign in - Acme Studio admin</title>" in login
    _staff(client, "bookings.view_booking")
    home = client.get("/admin/").content.decode()
    assert 'data-testid="dashboard-brand">Acme Studio<' in home


def test_unanswered_enquiries_panel(client):
    from tests.bookings.conftest import CommitAPIClient
    from tests.enquiries.conftest import enquiry_body

    response = CommitAPIClient().post(
        "/api/contact-enquiries", enquiry_body(subject="Clinic booking site"), format="json"
    )
    assert response.status_code in (200, 201), response.content
    _staff(client, "enquiries.view_enquiry")
    html = client.get("/admin/").content.decode()
    assert "Unanswered enquiries" in html
    assert 'data-testid="attention_enquiries-count">1<' in html
    assert "Clinic booking site" in html
    assert "New bookings to review" not in html
