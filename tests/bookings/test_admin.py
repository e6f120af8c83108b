"""The Wagtail admin's Bookings section, through Django's test client."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from wagtail.models import ModelLogEntry

from bookings.models import Booking, BookingNote, BookingStatus
from tests.bookings import factories as f
from tests.bookings.conftest import access_admin_permission
from tests.bookings.factories import BookingFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/bookings/"


def admin_user(*codenames):
    user = UserFactory(is_staff=True)
    perms = [access_admin_permission()]
    perms += list(
        Permission.objects.filter(content_type__app_label="bookings", codename__in=codenames)
    )
    user.user_permissions.add(*perms)
    return user


def inspect(booking):
    return f"/admin/bookings/inspect/{booking.pk}/"


@pytest.fixture
def reviewer_client(client):
    user = admin_user("view_booking", "change_booking", "review_booking", "transition_booking")
    client.force_login(user)
    client.user = user
    return client


def test_list_filters_and_search(reviewer_client):
    a = BookingFactory(title="Mobile app", status=BookingStatus.SUBMITTED)
    b = BookingFactory(title="Annual report", status=BookingStatus.ACCEPTED)
    b.client.email = "finance@bigco.test"
    b.client.save()
    page = reviewer_client.get(INDEX)
    assert page.status_code == 200
    html = page.content.decode()
    assert a.public_reference in html and b.public_reference in html
    assert '"url": "/admin/bookings/"' in html  # the sidebar menu item

    filtered = reviewer_client.get(INDEX, {"status": "ACCEPTED"}).content.decode()
    assert b.public_reference in filtered and a.public_reference not in filtered
    searched = reviewer_client.get(INDEX, {"q": "bigco"}).content.decode()
    assert b.public_reference in searched and a.public_reference not in searched
    by_ref = reviewer_client.get(INDEX, {"q": a.public_reference}).content.decode()
    assert a.public_reference in by_ref and b.public_reference not in by_ref
    # The date filter (Wagtail's from/to range on created_at) and the assignee filter.
    assert (
        a.public_reference
        in reviewer_client.get(INDEX, {"created_at_from": "2000-01-01"}).content.decode()
    )
    future = reviewer_client.get(INDEX, {"created_at_from": "2999-01-01"}).content.decode()
    assert a.public_reference not in future and b.public_reference not in future
    b.assigned_to = reviewer_client.user
    b.save()
    mine = reviewer_client.get(INDEX, {"assigned_to": reviewer_client.user.pk}).content.decode()
    assert b.public_reference in mine and a.public_reference not in mine
    # No generic add/edit/delete for bookings.
    assert reviewer_client.get("/admin/bookings/new/").status_code == 404
    assert reviewer_client.get(f"/admin/bookings/edit/{a.pk}/").status_code == 404


def test_inspect_shows_files_timeline_notes_and_actions(reviewer_client, api):
    data = {
        "name": "Ivy",
        "email": "ivy@example.test",
        "title": "Logo",
        "description": "A new logo",
        "projectType": "OTHER",
        "files": [f.upload("sketch.png", f.image_bytes())],
    }
    booking_id = api.post("/api/bookings", data, format="multipart").json()["bookingId"]
    booking = Booking.objects.get(pk=booking_id)
    BookingNote.objects.create(booking=booking, author=reviewer_client.user, body="VIP client")
    html = reviewer_client.get(inspect(booking)).content.decode()
    assert "sketch.png" in html
    assert "/api/bookings/files/" in html  # signed link, not a media URL
    assert "Booking submitted" in html
    assert "VIP client" in html
    assert 'data-testid="accept-form"' in html and 'data-testid="reject-form"' in html
    assert 'value="UNDER_REVIEW"' in html and 'value="CANCELLED"' in html


def test_review_from_the_admin_accepts_audits_and_emails(
    reviewer_client, django_capture_on_commit_callbacks
):
    booking = BookingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(
            f"/admin/bookings/review/{booking.pk}/",
            {
                "action": "accept",
                "quoted_amount": "12,000",
                "deposit_amount": "4000",
                "currency": "KES",
                "note": "Agreed on the call",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == inspect(booking)
    booking.refresh_from_db()
    assert booking.status == "ACCEPTED"
    assert str(booking.quoted_amount) == "12000.00"
    assert ModelLogEntry.objects.filter(
        action="angisoft.booking.review", object_id=str(booking.pk), user=reviewer_client.user
    ).exists()
    assert [m.to for m in mail.outbox] == [[booking.client.email]]
    page = reviewer_client.get(inspect(booking)).content.decode()
    assert "accepted; the client was emailed" in page
    assert 'data-testid="accept-form"' not in page  # nothing left to review
    # The audit trail shows in the booking's history.
    history = reviewer_client.get(f"/admin/bookings/history/{booking.pk}/")
    assert history.status_code == 200
    assert "Booking reviewed" in history.content.decode()


def test_bad_review_input_is_reported_not_applied(reviewer_client):
    booking = BookingFactory()
    response = reviewer_client.post(
        f"/admin/bookings/review/{booking.pk}/",
        {"action": "accept", "quoted_amount": "100", "deposit_amount": "500", "currency": "KES"},
        follow=True,
    )
    assert "deposit cannot be more than the quoted amount" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == "SUBMITTED"


def test_transition_buttons_and_stale_status(reviewer_client):
    booking = BookingFactory(status=BookingStatus.DEPOSIT_PAID)
    reviewer_client.post(
        f"/admin/bookings/transition/{booking.pk}/",
        {"to_status": "IN_PROGRESS", "from_status": "DEPOSIT_PAID", "note": "Kick-off done"},
    )
    booking.refresh_from_db()
    assert booking.status == "IN_PROGRESS"
    # A second tab still showing DEPOSIT_PAID tries to cancel: refused.
    response = reviewer_client.post(
        f"/admin/bookings/transition/{booking.pk}/",
        {"to_status": "CANCELLED", "from_status": "DEPOSIT_PAID"},
        follow=True,
    )
    assert "changed while you were looking at it" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == "IN_PROGRESS"
    assert ModelLogEntry.objects.filter(action="angisoft.booking.transition").count() == 1


def test_notes_and_assignment(reviewer_client):
    booking = BookingFactory()
    developer = admin_user("view_assigned_booking")
    reviewer_client.post(f"/admin/bookings/note/{booking.pk}/", {"body": "Check budget"})
    reviewer_client.post(f"/admin/bookings/assign/{booking.pk}/", {"assigned_to": developer.pk})
    booking.refresh_from_db()
    assert booking.assigned_to == developer
    assert booking.notes.get().body == "Check budget"


def test_assigned_only_role_sees_its_bookings_and_no_actions(client):
    developer = admin_user("view_assigned_booking")
    mine = BookingFactory(assigned_to=developer)
    other = BookingFactory()
    client.force_login(developer)
    html = client.get(INDEX).content.decode()
    assert mine.public_reference in html and other.public_reference not in html
    assert client.get(inspect(other)).status_code == 404
    page = client.get(inspect(mine)).content.decode()
    assert "accept-form" not in page and "Move the booking" not in page
    assert "Save assignment" not in page
    # Hidden, and refused when tried anyway.
    for url, data in [
        (f"/admin/bookings/review/{mine.pk}/", {"action": "reject", "reason": "x"}),
        (f"/admin/bookings/transition/{mine.pk}/", {"to_status": "CANCELLED"}),
        (f"/admin/bookings/assign/{mine.pk}/", {"assigned_to": ""}),
    ]:
        response = client.post(url, data)
        # Wagtail answers a refused admin action with a redirect to the dashboard.
        assert (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))
    mine.refresh_from_db()
    assert mine.status == "SUBMITTED" and mine.assigned_to == developer


def test_staff_without_booking_permissions_see_no_section(client):
    user = admin_user()
    client.force_login(user)
    dashboard = client.get("/admin/").content.decode()
    assert '"url": "/admin/bookings/"' not in dashboard
    response = client.get(INDEX)
    assert response.status_code in (302, 403)


def test_inspect_shows_details_as_a_table_money_formatted_and_verbs(reviewer_client):
    booking = BookingFactory(
        status=BookingStatus.DEPOSIT_PAID,
        quoted_amount="150000",
        deposit_amount="50000",
        currency="KES",
        details={"targetAudience": "Students", "pages": ["Home", "Shop"], "rush": True},
    )
    html = reviewer_client.get(inspect(booking)).content.decode()
    assert "KES 150,000.00" in html and "KES 50,000.00" in html
    assert "150000" not in html
    assert '<th scope="row">Target audience</th>' in html
    assert "Home, Shop" in html and "{'" not in html
    assert ">Cancel booking</button>" in html and ">Start work</button>" in html
    assert ">Cancelled</button>" not in html


def test_review_form_inputs_are_typed_and_validated(reviewer_client):
    booking = BookingFactory()
    html = reviewer_client.get(inspect(booking)).content.decode()
    assert 'type="number" name="quoted_amount"' in html
    assert '<select name="currency"' in html
    response = reviewer_client.post(
        f"/admin/bookings/review/{booking.pk}/",
        {"action": "accept", "quoted_amount": "abc", "deposit_amount": "-5", "currency": "XXX"},
        follow=True,
    )
    page = response.content.decode()
    assert "The booking was not reviewed" in page
    assert "Quoted amount: Enter a number." in page
    booking.refresh_from_db()
    assert booking.status == "SUBMITTED"
