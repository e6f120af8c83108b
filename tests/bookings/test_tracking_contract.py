"""The exact shapes the React frontend reads on its tracking and history pages
(FRONTEND.md §6.1, §6.2), and the rules that keep the page from crashing: lowercase
stage keys, its action names, settled payments only, a currency, `messages: []` and
never an event type it threads."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from bookings.addresses import tracking_path, tracking_url
from bookings.models import BookingStatus
from bookings.services.transitions import booking_record_deposit_paid
from tests.bookings.conftest import api_for, staff_with
from tests.bookings.factories import BookingFactory
from tests.payments.factories import PaymentFactory

pytestmark = pytest.mark.django_db

STAGES = [
    "request_submitted",
    "requirements_review",
    "scope_and_quotation",
    "awaiting_confirmation",
    "scheduled",
    "in_progress",
    "customer_review",
    "completed",
]
ALWAYS = {
    "id",
    "publicReference",
    "title",
    "status",
    "currentStage",
    "stageProgress",
    "availableActions",
    "projectType",
    "description",
    "budgetAmount",
    "quotedAmount",
    "currency",
    "quotedCurrency",
    "submittedAt",
    "createdAt",
    "updatedAt",
    "payments",
    "files",
    "events",
    "messages",
}
WHEN_SET = {
    "serviceTitle",
    "serviceSlug",
    "packageTitle",
    "packageSlug",
    "requestType",
    "depositAmount",
    "quotedNote",
    "termsVersion",
    "termsAcceptedAt",
    "depositPaidAt",
    "rejectionReason",
    "documents",
}
FRONTEND_ACTIONS = {
    "ACCEPT_QUOTATION",
    "DECLINE_QUOTATION",
    "REQUEST_CHANGES",
    "CONFIRM_DELIVERY",
    "CANCEL_BOOKING",
    "ADD_FILE",
}
# Types with an icon on the page, plus our `message`; the four threaded types crash it.
EVENT_TYPES = {
    "booking_submitted",
    "stage_changed",
    "file_uploaded",
    "quotation_created",
    "quotation_sent",
    "quotation_accepted",
    "quotation_rejected",
    "payment_requested",
    "payment_received",
    "work_started",
    "progress_updated",
    "booking_completed",
    "booking_cancelled",
    "message",
}
THREADED = {
    "information_requested",
    "customer_replied",
    "customer_review_requested",
    "changes_requested",
}
LINK = re.compile(r"http://frontend\.test/bookings/(ANG-[\d-]+)\?token=([\w-]+)")


def url(ref):
    return f"/api/bookings/reference/{ref}"


def get_booking(api, ref, token):
    body = api.get(url(ref), {"token": token}).json()
    assert body["ok"] is True, body
    return body["data"]["booking"]


def links_in(message):
    return LINK.findall(message.body)


@pytest.mark.parametrize(
    ("status", "stage", "index"),
    [
        ("SUBMITTED", "request_submitted", 0),
        ("UNDER_REVIEW", "requirements_review", 1),
        ("ACCEPTED", "scope_and_quotation", 2),
        ("TERMS_ACCEPTED", "awaiting_confirmation", 3),
        ("DEPOSIT_PAID", "scheduled", 4),
        ("IN_PROGRESS", "in_progress", 5),
        ("DELIVERED", "customer_review", 6),
        ("COMPLETED", "completed", 7),
        ("CANCELLED", "cancelled", 0),
        ("REJECTED", "rejected", 0),
    ],
)
def test_every_status_has_a_frontend_stage(api, status, stage, index):
    booking = BookingFactory(status=status, currency="")
    data = get_booking(api, booking.public_reference, booking.token)
    assert data["status"] == status
    assert data["currentStage"] == stage
    assert data["stageProgress"] == {"order": STAGES, "currentIndex": index}
    assert set(data["availableActions"]) <= FRONTEND_ACTIONS
    assert data["currency"] == data["quotedCurrency"] == "KES"  # never null or ""
    assert data["messages"] == []


def test_keys_are_exactly_the_contract_and_nothing_is_null(api):
    booking = BookingFactory(
        status=BookingStatus.TERMS_ACCEPTED,
        service_slug="web",
        service_title="Web development",
        package_slug="starter",
        package_title="Starter",
        request_type="request",
        quoted_amount="1500.00",
        deposit_amount="500.00",
        terms_version="2025-01",
        terms_accepted_at=timezone.now(),
        currency="usd",
    )
    PaymentFactory(booking=booking, status="SUCCEEDED", amount_minor=50000, currency="USD")
    PaymentFactory(booking=booking, status="PENDING")
    PaymentFactory(booking=booking, status="FAILED")
    data = get_booking(api, booking.public_reference.lower(), booking.token)
    assert ALWAYS <= set(data) <= ALWAYS | WHEN_SET
    assert set(data) - ALWAYS == {
        "serviceTitle",
        "serviceSlug",
        "packageTitle",
        "packageSlug",
        "requestType",
        "depositAmount",
        "quotedNote",
        "termsVersion",
        "termsAcceptedAt",
    }
    assert [k for k, v in data.items() if v is None] == ["budgetAmount"]
    assert data["currency"] == "USD"
    assert data["quotedNote"] == "Deposit to start the work: USD 500.00."
    [payment] = data["payments"]  # settled only: the page sums every entry as paid
    assert set(payment) == {"id", "amount", "currency", "provider", "label"}
    assert (payment["amount"], payment["currency"]) == ("500.00", "USD")
    assert "clientSecret" not in data


def test_a_whole_journey_never_emits_a_threaded_event(api):
    """Submit, message, review, accept, pay, work, deliver, confirm: every event the page
    gets has a known, unthreaded type, and messages are `message` events."""
    reviewer = staff_with("view_booking", "change_booking", "review_booking", "transition_booking")
    staff_api = api_for(reviewer)
    created = api.post(
        "/api/bookings",
        {
            "name": "Jo",
            "email": "jo@example.test",
            "title": "Shop",
            "description": "An online shop, please.",
            "projectType": "SOFTWARE",
        },
        format="multipart",
    ).json()
    ref, token = created["booking"]["publicReference"], created["trackingToken"]
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    api.post(f"{url(ref)}/messages", {"text": "Is May fine?"}, format="json", **bearer)
    mail.outbox.clear()
    staff_api.post(
        f"/api/bookings/{created['bookingId']}/review",
        {"action": "accept", "quotedAmount": "100", "depositAmount": "40"},
        format="json",
    )
    [(_, token)] = links_in(mail.outbox[0])
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    api.post(f"{url(ref)}/actions", {"action": "ACCEPT_QUOTATION"}, format="json", **bearer)
    booking_record_deposit_paid(
        booking_id=created["bookingId"], paid_at=timezone.now(), payment_description="card"
    )
    for status in ("IN_PROGRESS", "DELIVERED"):
        staff_api.post(
            f"/api/bookings/{created['bookingId']}/transitions", {"toStatus": status}, format="json"
        )
    final = api.post(
        f"{url(ref)}/actions", {"action": "CONFIRM_DELIVERY"}, format="json", **bearer
    ).json()["data"]["booking"]
    types = [event["type"] for event in final["events"]]
    assert set(types) <= EVENT_TYPES and not set(types) & THREADED
    assert types[:2] == ["booking_submitted", "message"]
    assert "quotation_sent" in types and "quotation_accepted" in types
    assert types[-1] == "booking_completed"
    for event in final["events"]:
        assert set(event) == {"id", "type", "title", "description", "actorType", "createdAt"}
        assert event["actorType"] in {"client", "staff", "system"}
    assert final["messages"] == []


# --- messages both ways ----------------------------------------------------------------


def test_client_message_is_an_event_emailed_to_the_team_or_the_assignee(api, settings):
    booking = BookingFactory()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {booking.token}"}
    response = api.post(
        f"{url(booking.public_reference)}/messages",
        {"text": "Can you start next week?"},
        format="json",
        **bearer,
    )
    body = response.json()
    assert response.status_code == 200 and body["ok"] is True, body
    assert set(body["data"]) == {"event"}
    event = body["data"]["event"]
    assert set(event) == {"id", "type", "title", "description", "actorType", "createdAt"}
    assert (event["type"], event["actorType"]) == ("message", "client")
    assert event["description"] == "Can you start next week?"
    [team] = mail.outbox
    assert team.to == [settings.TEAM_NOTIFICATION_EMAIL]
    assert "Can you start next week?" in team.body and "/admin/bookings/inspect/" in team.body

    mail.outbox.clear()
    assignee = staff_with("view_assigned_booking", email="dev@angisoft.test")
    booking.assigned_to = assignee
    booking.save()
    api.post(f"{url(booking.public_reference)}/messages", {"text": "Hi"}, format="json", **bearer)
    assert [m.to for m in mail.outbox] == [["dev@angisoft.test"]]
    events = get_booking(api, booking.public_reference, booking.token)["events"]
    assert [e["description"] for e in events] == ["Can you start next week?", "Hi"]


@pytest.mark.parametrize(
    ("payload", "headers", "code"),
    [
        ({"text": "  "}, True, "validation_error"),
        ({"text": "x" * 5001}, True, "validation_error"),
        ({}, True, "validation_error"),
        ({"text": "Hello"}, False, "not_found"),
    ],
)
def test_bad_messages_are_refused_in_the_envelope(api, payload, headers, code):
    booking = BookingFactory()
    extra = {"HTTP_AUTHORIZATION": f"Bearer {booking.token}"} if headers else {}
    body = api.post(
        f"{url(booking.public_reference)}/messages", payload, format="json", **extra
    ).json()
    assert (body["ok"], body["code"]) == (False, code)
    assert body["data"]["message"] == body["error"]
    assert not booking.events.exists() and not mail.outbox


def test_staff_answer_in_the_admin_reaches_the_client(
    client, api, django_capture_on_commit_callbacks
):
    from tests.bookings.test_admin import admin_user

    staff = admin_user("view_assigned_booking")
    booking = BookingFactory(assigned_to=staff)
    services_message = {"text": "Which colours do you like?"}
    api.post(
        f"{url(booking.public_reference)}/messages",
        {"text": "Hello, any news?"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {booking.token}",
    )
    client.force_login(staff)
    page = client.get(f"/admin/bookings/inspect/{booking.pk}/").content.decode()
    assert "Messages with the client" in page and "Hello, any news?" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/bookings/message/{booking.pk}/", services_message)
    assert response.status_code == 302, response
    assert response["Location"] == f"/admin/bookings/inspect/{booking.pk}/"
    [email] = mail.outbox
    assert email.to == [booking.client.email]
    assert "Which colours do you like?" in email.body
    [(ref, token)] = links_in(email)
    assert ref == booking.public_reference
    events = get_booking(api, ref, token)["events"]  # the emailed link works
    assert events[-1]["type"] == "message"
    assert events[-1]["actorType"] == "staff"
    assert events[-1]["description"] == "Which colours do you like?"
    assert (
        "Which colours do you like?"
        in client.get(f"/admin/bookings/inspect/{booking.pk}/").content.decode()
    )
    # The original link still works too.
    assert get_booking(api, ref, booking.token)["publicReference"] == ref

    empty = client.post(f"/admin/bookings/message/{booking.pk}/", {"text": " "}, follow=True)
    assert "The message was not sent" in empty.content.decode()
    other = BookingFactory()  # not assigned to this staff member
    assert client.post(f"/admin/bookings/message/{other.pk}/", services_message).status_code == 404


# --- links ------------------------------------------------------------------------------


def test_tracking_url_is_the_frontends_route(settings):
    booking = BookingFactory(public_reference="ANG-2026-00042")
    assert tracking_url(booking, "abc") == (
        "http://frontend.test/bookings/ANG-2026-00042?token=abc"
    )
    assert tracking_path(booking, "abc") == "/bookings/ANG-2026-00042?token=abc"


def test_a_reviewed_bookings_old_link_says_a_newer_one_was_emailed(api, reviewer_api):
    booking = BookingFactory()
    old = booking.token
    reviewer_api.post(
        f"/api/bookings/{booking.pk}/review",
        {"action": "reject", "reason": "Out of scope."},
        format="json",
    )
    body = api.get(url(booking.public_reference), {"token": old}).json()
    assert (body["ok"], body["code"]) == (False, "link_superseded")
    assert "newer link" in body["error"] and body["data"]["message"] == body["error"]
    [(_, new)] = links_in(mail.outbox[0])
    assert get_booking(api, booking.public_reference, new)["currentStage"] == "rejected"
    # A retired token cannot act either.
    action = api.post(
        f"{url(booking.public_reference)}/actions",
        {"action": "ADD_FILE"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {old}",
    ).json()
    assert action["code"] == "link_superseded"


def test_status_emails_carry_a_working_link(api, reviewer_api):
    booking = BookingFactory(status=BookingStatus.DEPOSIT_PAID)
    reviewer_api.post(
        f"/api/bookings/{booking.pk}/transitions", {"toStatus": "IN_PROGRESS"}, format="json"
    )
    [email] = mail.outbox
    [(ref, token)] = links_in(email)
    assert get_booking(api, ref, token)["currentStage"] == "in_progress"
