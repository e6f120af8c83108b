"""Staff API: list/filter, review, transitions, notes, assignment — permission-checked —
and the whole flow from the public form to a completed booking."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from bookings.models import Booking, BookingNote, BookingStatus
from bookings.services.transitions import booking_record_deposit_paid
from tests.bookings import factories as f
from tests.bookings.conftest import CommitAPIClient, api_for, staff_with
from tests.bookings.factories import BookingFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def audit_actions(booking):
    return list(
        ModelLogEntry.objects.filter(object_id=str(booking.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_list_needs_sign_in_and_permission():
    assert CommitAPIClient().get("/api/bookings").status_code == 401
    nobody = api_for(UserFactory())
    assert nobody.get("/api/bookings").status_code == 403


def test_list_filters_and_paginates(reviewer_api, reviewer):
    a = BookingFactory(title="Mobile app", status=BookingStatus.SUBMITTED)
    b = BookingFactory(title="Annual report", status=BookingStatus.ACCEPTED, assigned_to=reviewer)
    c = BookingFactory(title="CV", status=BookingStatus.CANCELLED)
    c.client.name = "Zawadi Otieno"
    c.client.save()

    def ids(params=None):
        response = reviewer_api.get("/api/bookings", params or {})
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()]

    assert ids() == [str(c.pk), str(b.pk), str(a.pk)]
    assert ids({"status": "SUBMITTED,ACCEPTED"}) == [str(b.pk), str(a.pk)]
    assert ids({"assignedTo": "me"}) == [str(b.pk)]
    assert ids({"assignedTo": "none"}) == [str(c.pk), str(a.pk)]
    assert ids({"q": "zawadi"}) == [str(c.pk)]
    assert ids({"q": a.public_reference}) == [str(a.pk)]
    today = timezone.localdate().isoformat()
    assert len(ids({"createdFrom": today, "createdTo": today})) == 3
    assert ids({"createdFrom": "2999-01-01"}) == []
    page = reviewer_api.get("/api/bookings", {"page": 1, "pageSize": 2})
    assert page["X-Total-Count"] == "3"
    assert len(page.json()) == 2
    row = page.json()[0]
    assert row["client"]["email"] == c.client.email
    assert set(row) >= {"publicReference", "status", "assignedTo", "quotedAmount", "createdAt"}


def test_assigned_only_staff_see_only_their_bookings():
    developer = staff_with("view_assigned_booking")
    mine = BookingFactory(assigned_to=developer)
    other = BookingFactory()
    api = api_for(developer)
    assert [r["id"] for r in api.get("/api/bookings").json()] == [str(mine.pk)]
    assert api.get(f"/api/bookings/{mine.pk}").status_code == 200
    assert api.get(f"/api/bookings/{other.pk}").status_code == 404
    # No review or transition rights either.
    assert api.post(f"/api/bookings/{mine.pk}/review", {"action": "reject"}).status_code == 403
    assert (
        api.post(f"/api/bookings/{mine.pk}/transitions", {"toStatus": "CANCELLED"}).status_code
        == 403
    )


def test_detail_shows_files_timeline_notes_and_moves(reviewer_api, api):
    data = {
        "name": "Dee",
        "email": "dee@example.test",
        "title": "Report",
        "description": "Quarterly report",
        "projectType": "REPORT",
        "files": [f.upload("chart.png", f.image_bytes())],
    }
    booking_id = api.post("/api/bookings", data, format="multipart").json()["bookingId"]
    reviewer_api.post(f"/api/bookings/{booking_id}/notes", {"body": "Call first."})
    body = reviewer_api.get(f"/api/bookings/{booking_id}").json()
    assert body["allowedTransitions"] == ["UNDER_REVIEW", "ACCEPTED", "REJECTED", "CANCELLED"]
    [file] = body["files"]
    assert file["kind"] == "png" and len(file["sha256"]) == 64
    assert file["thumbnailUrl"] and "/api/bookings/files/" in file["url"]
    thumb = reviewer_api.get(file["thumbnailUrl"].removeprefix("http://testserver"))
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert b"".join(thumb.streaming_content).startswith(b"\xff\xd8\xff")
    thumb.close()
    assert [e["type"] for e in body["events"]] == ["SUBMITTED"]
    assert [n["body"] for n in body["notes"]] == ["Call first."]


def test_review_accept_with_amounts_assignee_and_note(reviewer_api, reviewer, api):
    booking = BookingFactory(status=BookingStatus.UNDER_REVIEW)
    old_token = booking.token
    developer = staff_with("view_assigned_booking")
    response = reviewer_api.post(
        f"/api/bookings/{booking.pk}/review",
        {
            "action": "accept",
            "quotedAmount": "1500.00",
            "depositAmount": "500.00",
            "currency": "usd",
            "assignedToId": str(developer.pk),
            "note": "Straightforward job.",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ACCEPTED"
    assert (body["quotedAmount"], body["depositAmount"], body["currency"]) == (
        "1500.00",
        "500.00",
        "USD",
    )
    assert body["assignedTo"]["id"] == str(developer.pk)
    assert [n["body"] for n in body["notes"]] == ["Straightforward job."]
    assert audit_actions(booking) == [
        "angisoft.booking.assign",
        "angisoft.booking.transition",
        "angisoft.booking.review",
    ]
    review_log = ModelLogEntry.objects.get(action="angisoft.booking.review")
    assert review_log.user_id == reviewer.pk
    assert review_log.data["quotedAmount"] == "1500.00"

    to_client = [m for m in mail.outbox if m.to == [booking.client.email]]
    assert len(to_client) == 1
    assert "USD 1,500.00" in to_client[0].body and "USD 500.00" in to_client[0].body
    match = re.search(
        rf"http://frontend\.test/bookings/{booking.public_reference}\?token=([\w-]+)",
        to_client[0].body,
    )
    assert match
    new_token = match.group(1)
    assert [m.to for m in mail.outbox if m.to != [booking.client.email]] == [[developer.email]]
    # The emailed token is the one that works now; the old one is retired.
    tracking = f"/api/bookings/reference/{booking.public_reference}"
    assert api.get(tracking, {"token": new_token}).json()["ok"] is True
    retired = api.get(tracking, {"token": old_token}).json()
    assert (retired["ok"], retired["code"]) == (False, "link_superseded")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"action": "accept"}, "quotedAmount"),
        ({"action": "accept", "quotedAmount": "100", "depositAmount": "200"}, "depositAmount"),
        ({"action": "accept", "quotedAmount": "0", "depositAmount": "0"}, "quotedAmount"),
        ({"action": "reject"}, "reason"),
        ({"action": "maybe"}, "action"),
        (
            {"action": "accept", "quotedAmount": "1", "depositAmount": "1", "assignedToId": "999"},
            "assignedToId",
        ),
    ],
)
def test_review_validation(reviewer_api, payload, field):
    booking = BookingFactory()
    response = reviewer_api.post(f"/api/bookings/{booking.pk}/review", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    booking.refresh_from_db()
    assert booking.status == "SUBMITTED"
    assert mail.outbox == []


def test_review_reject_emails_the_reason(reviewer_api):
    booking = BookingFactory()
    response = reviewer_api.post(
        f"/api/bookings/{booking.pk}/review",
        {"action": "reject", "reason": "We do not build crypto exchanges."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "REJECTED"
    [email] = mail.outbox
    assert email.to == [booking.client.email]
    assert "We do not build crypto exchanges." in email.body


def test_review_twice_is_409(reviewer_api):
    booking = BookingFactory(status=BookingStatus.ACCEPTED)
    response = reviewer_api.post(
        f"/api/bookings/{booking.pk}/review", {"action": "reject", "reason": "x"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["allowed"] == ["CANCELLED"]


def test_review_needs_the_review_permission():
    booking = BookingFactory()
    viewer = api_for(staff_with("view_booking", "transition_booking"))
    response = viewer.post(
        f"/api/bookings/{booking.pk}/review", {"action": "reject", "reason": "x"}, format="json"
    )
    assert response.status_code == 403


def test_transition_endpoint_refuses_review_moves(reviewer_api):
    booking = BookingFactory()
    response = reviewer_api.post(
        f"/api/bookings/{booking.pk}/transitions", {"toStatus": "ACCEPTED"}, format="json"
    )
    assert response.status_code == 400
    assert "toStatus" in response.json()["fields"]


def test_assign_and_unassign(reviewer_api):
    booking = BookingFactory()
    developer = staff_with("view_assigned_booking")
    response = reviewer_api.post(
        f"/api/bookings/{booking.pk}/assign", {"assignedToId": str(developer.pk)}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["assignedTo"]["email"] == developer.email
    assert [m.to for m in mail.outbox] == [[developer.email]]
    response = reviewer_api.post(
        f"/api/bookings/{booking.pk}/assign", {"assignedToId": None}, format="json"
    )
    assert response.json()["assignedTo"] is None
    assert audit_actions(booking) == ["angisoft.booking.assign"] * 2
    inactive = UserFactory(is_active=False)
    response = reviewer_api.post(
        f"/api/bookings/{booking.pk}/assign", {"assignedToId": str(inactive.pk)}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("value", ["null", "abc", "1.5", "-3"])
def test_assign_with_a_non_numeric_id_is_a_clear_400(reviewer_api, value):
    """Found by fuzzing: a form field "null" used to reach the ORM and answer 500."""
    booking = BookingFactory()
    response = reviewer_api.post(
        f"/api/bookings/{booking.pk}/assign", {"assignedToId": value}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["assignedToId"] == ["Choose an active staff member."]


def test_assign_needs_change_permission():
    booking = BookingFactory()
    api = api_for(staff_with("view_booking"))
    response = api.post(f"/api/bookings/{booking.pk}/assign", {"assignedToId": None})
    assert response.status_code == 403


def test_notes_are_internal(reviewer_api, api):
    booking = BookingFactory()
    created = reviewer_api.post(
        f"/api/bookings/{booking.pk}/notes", {"body": "Client is a referral."}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["body"] == "Client is a referral."
    listed = reviewer_api.get(f"/api/bookings/{booking.pk}/notes").json()
    assert [n["body"] for n in listed] == ["Client is a referral."]
    assert BookingNote.objects.count() == 1
    tracking = api.get(
        f"/api/bookings/reference/{booking.public_reference}", {"token": booking.token}
    ).json()
    assert "Client is a referral." not in str(tracking)
    blank = reviewer_api.post(f"/api/bookings/{booking.pk}/notes", {"body": ""}, format="json")
    assert blank.status_code == 400


def test_the_whole_flow_through_http(
    api, reviewer_api, settings, django_capture_on_commit_callbacks
):
    # 1. The client submits the form with a file.
    created = api.post(
        "/api/bookings",
        {
            "name": "Flo Client",
            "email": "Flo@Example.test",
            "title": "Shop",
            "description": "Online shop",
            "projectType": "SOFTWARE",
            "files": [f.upload("brief.pdf", f.pdf_bytes())],
        },
        format="multipart",
    ).json()
    booking = Booking.objects.get(pk=created["bookingId"])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["flo@example.test", settings.TEAM_NOTIFICATION_EMAIL]
    )
    # 2. Staff accept with a quote; the client gets a fresh link.
    mail.outbox.clear()
    reviewer_api.post(
        f"/api/bookings/{booking.pk}/review",
        {"action": "accept", "quotedAmount": "90000", "depositAmount": "30000"},
        format="json",
    )
    [accepted] = mail.outbox
    token = re.search(r"\?token=([\w-]+)", accepted.body).group(1)
    tracking = f"/api/bookings/reference/{booking.public_reference}"
    # 3. The client accepts the terms.
    response = api.post(
        f"{tracking}/actions", {"action": "ACCEPT_QUOTATION"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.json()["data"]["booking"]["status"] == "TERMS_ACCEPTED"
    # 4. Payments confirms the deposit.
    with django_capture_on_commit_callbacks(execute=True):
        booking_record_deposit_paid(
            booking_id=booking.pk, paid_at=timezone.now(), payment_description="Stripe pi_123"
        )
    # 5. Staff start, deliver and complete; the client is emailed at each step.
    mail.outbox.clear()
    for status in ("IN_PROGRESS", "DELIVERED", "COMPLETED"):
        response = reviewer_api.post(
            f"/api/bookings/{booking.pk}/transitions",
            {"toStatus": status, "note": f"Now {status}"},
            format="json",
        )
        assert response.status_code == 200, response.json()
    assert [m.to for m in mail.outbox] == [["flo@example.test"]] * 3
    assert "Completed" in mail.outbox[-1].subject
    final = api.get(tracking, {"token": token}).json()["data"]["booking"]
    assert final["status"] == "COMPLETED"
    assert final["currentStage"] == "completed"
    assert final["stageProgress"]["currentIndex"] == 7
    # Each of the two emails with a deposit payment link (accepted, terms accepted) is on
    # the timeline after the status change that sent it.
    assert [e["type"] for e in final["events"]] == [
        "booking_submitted",
        "quotation_sent",
        "payment_requested",
        "quotation_accepted",
        "payment_requested",
        "payment_received",
        "work_started",
        "stage_changed",  # delivered
        "booking_completed",
    ]
    assert audit_actions(booking).count("angisoft.booking.transition") == 4


@pytest.mark.parametrize("value", ["\u00b3", "9" * 4301, "9" * 30])
def test_assign_and_filter_with_ids_int_cannot_read_are_not_500s(reviewer_api, value):
    """Found by fuzzing: "³" passes str.isdigit() but int() refuses it (so does any string
    over 4,300 digits)."""
    booking = BookingFactory()
    response = reviewer_api.post(
        f"/api/bookings/{booking.pk}/assign", {"assignedToId": value}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["assignedToId"] == ["Choose an active staff member."]
    # Like any other value that is not an id, `me` or `none`, the filter is ignored.
    listed = reviewer_api.get("/api/bookings", {"assignedTo": value})
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()] == [str(booking.pk)]
