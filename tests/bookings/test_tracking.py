"""The client's tracking page and actions, authorised by the tracking token."""

import json
import time

import pytest
from django.core import mail

from bookings.models import Booking, BookingEvent, BookingFile, BookingStatus
from tests.bookings import factories as f
from tests.bookings.factories import BookingFactory

pytestmark = pytest.mark.django_db


def url(booking):
    return f"/api/bookings/reference/{booking.public_reference}"


def submit_with_file(api):
    data = {
        "name": "Tracy Client",
        "email": "tracy@example.test",
        "title": "CV rewrite",
        "description": "Please polish my CV.",
        "projectType": "RESUME",
        "files": [f.upload("cv.pdf", f.pdf_bytes())],
    }
    body = api.post("/api/bookings", data, format="multipart").json()
    return Booking.objects.get(pk=body["bookingId"]), body["trackingToken"]


def test_tracking_with_query_token_and_bearer(api):
    booking, token = submit_with_file(api)
    by_query = api.get(url(booking), {"token": token})
    assert by_query.status_code == 200, by_query.json()
    by_header = api.get(url(booking), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert by_header.status_code == 200
    body = by_query.json()
    assert body["events"] == by_header.json()["events"]
    assert body["publicReference"] == booking.public_reference
    assert body["title"] == "CV rewrite"
    assert body["status"] == "SUBMITTED"
    assert body["stageProgress"] == {
        "order": [
            "SUBMITTED",
            "UNDER_REVIEW",
            "ACCEPTED",
            "TERMS_ACCEPTED",
            "DEPOSIT_PAID",
            "IN_PROGRESS",
            "DELIVERED",
            "COMPLETED",
        ],
        "currentIndex": 0,
    }
    assert body["availableActions"] == ["CANCEL", "ADD_FILES", "SEND_MESSAGE"]
    assert [e["type"] for e in body["events"]] == ["SUBMITTED"]
    assert set(body["events"][0]) == {
        "id",
        "type",
        "title",
        "description",
        "actorType",
        "createdAt",
    }
    assert body["payments"] == []
    assert body["quotedAmount"] is None and body["depositAmount"] is None
    assert body["currency"] == "KES"
    assert body["createdAt"]
    [file] = body["files"]
    assert file["filename"] == "cv.pdf"
    assert "/api/bookings/files/" in file["url"]


@pytest.mark.parametrize("case", ["wrong-token", "wrong-reference", "no-token", "jwt-like"])
def test_wrong_reference_or_token_gives_the_same_404(api, case):
    booking, token = submit_with_file(api)
    other = BookingFactory()
    target, params, headers = url(booking), {"token": token}, {}
    if case == "wrong-token":
        params = {"token": other.token}
    elif case == "wrong-reference":
        target = url(other)
    elif case == "no-token":
        params = {}
    else:
        params, headers = {}, {"HTTP_AUTHORIZATION": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x"}
    response = api.get(target, params, **headers)
    assert response.status_code == 404
    assert response.json() == {
        "error": "We could not find a booking with that reference and tracking link.",
        "code": "not_found",
    }


def test_signed_file_link_downloads_and_expires(api, settings, monkeypatch):
    booking, token = submit_with_file(api)
    file_url = api.get(url(booking), {"token": token}).json()["files"][0]["url"]
    path = file_url.removeprefix("http://testserver")
    response = api.get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == f.pdf_bytes()
    assert 'attachment; filename="cv.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    # Tampered.
    assert api.get(path[:-3] + "abc").status_code == 404
    # Expired.
    later = time.time() + settings.BOOKINGS_FILE_URL_EXPIRY_SECONDS + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert api.get(path).status_code == 404


def test_staff_only_events_are_hidden(api):
    booking = BookingFactory()
    BookingEvent.objects.create(
        booking=booking,
        type="ASSIGNED",
        title="Assigned to Sam",
        actor_type="staff",
        visible_to_customer=False,
    )
    body = api.get(url(booking), {"token": booking.token}).json()
    assert body["events"] == []


def test_accept_terms_records_version_time_and_ip(api, settings):
    booking = BookingFactory(
        status=BookingStatus.ACCEPTED, quoted_amount="1500.00", deposit_amount="500.00"
    )
    before = api.get(url(booking), {"token": booking.token}).json()
    assert before["availableActions"][:2] == ["ACCEPT_TERMS", "CANCEL"]
    assert before["termsVersion"] == settings.BOOKINGS_TERMS_VERSION
    assert before["quotedAmount"] == "1500.00"
    response = api.post(
        f"{url(booking)}/actions?token={booking.token}",
        {"action": "ACCEPT_TERMS", "termsVersion": settings.BOOKINGS_TERMS_VERSION},
        format="json",
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "TERMS_ACCEPTED"
    assert body["availableActions"] == ["PAY_DEPOSIT", "CANCEL", "ADD_FILES", "SEND_MESSAGE"]
    assert body["termsAcceptedAt"]
    booking.refresh_from_db()
    assert booking.terms_version == settings.BOOKINGS_TERMS_VERSION
    assert booking.terms_accepted_ip == "203.0.113.9"
    assert booking.terms_accepted_at is not None
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("terms accepted" in s for s in subjects)
    assert any(m.to == [settings.TEAM_NOTIFICATION_EMAIL] for m in mail.outbox)


def test_accept_terms_of_an_old_version_is_refused(api):
    booking = BookingFactory(status=BookingStatus.ACCEPTED)
    response = api.post(
        f"{url(booking)}/actions",
        {"action": "ACCEPT_TERMS", "termsVersion": "1999-01"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {booking.token}",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "terms_changed"
    booking.refresh_from_db()
    assert booking.status == "ACCEPTED"


def test_accept_terms_before_acceptance_is_409(api):
    booking = BookingFactory(status=BookingStatus.SUBMITTED)
    response = api.post(
        f"{url(booking)}/actions?token={booking.token}", {"action": "ACCEPT_TERMS"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["allowed"] == ["CANCELLED"]


def test_cancel_by_client_and_team_is_told(api, settings):
    booking = BookingFactory(status=BookingStatus.UNDER_REVIEW)
    response = api.post(
        f"{url(booking)}/actions?token={booking.token}",
        {"action": "CANCEL", "reason": "Found another provider."},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "CANCELLED"
    assert body["availableActions"] == []
    assert body["stageProgress"]["currentIndex"] == 1  # stopped at UNDER_REVIEW
    assert body["events"][-1]["description"] == "Found another provider."
    assert body["events"][-1]["actorType"] == "client"
    team = [m for m in mail.outbox if m.to == [settings.TEAM_NOTIFICATION_EMAIL]]
    assert team and "Found another provider." in team[0].body


def test_client_cannot_cancel_after_paying(api):
    booking = BookingFactory(status=BookingStatus.DEPOSIT_PAID)
    response = api.post(
        f"{url(booking)}/actions?token={booking.token}", {"action": "CANCEL"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["allowed"] == []


def test_add_files_and_send_message(api, settings):
    booking, token = submit_with_file(api)
    mail.outbox.clear()
    response = api.post(
        f"{url(booking)}/actions?token={token}",
        {"action": "ADD_FILES", "files": [f.upload("extra.csv", b"a,b\n1,2\n")]},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert [x["filename"] for x in response.json()["files"]] == ["cv.pdf", "extra.csv"]
    assert BookingFile.objects.filter(booking=booking, kind="csv").exists()

    bad = api.post(
        f"{url(booking)}/actions?token={token}",
        {"action": "ADD_FILES", "files": [f.upload("x.pdf", f.exe_bytes())]},
        format="multipart",
    )
    assert bad.status_code == 400
    assert BookingFile.objects.filter(booking=booking).count() == 2

    message = api.post(
        f"{url(booking)}/actions?token={token}",
        {"action": "SEND_MESSAGE", "message": "Can you start next week?"},
        format="json",
    )
    assert message.status_code == 200
    assert message.json()["events"][-1]["description"] == "Can you start next week?"
    assert [m.to for m in mail.outbox] == [[settings.TEAM_NOTIFICATION_EMAIL]] * 2

    empty = api.post(
        f"{url(booking)}/actions?token={token}", {"action": "SEND_MESSAGE"}, format="json"
    )
    assert empty.status_code == 400
    assert "message" in empty.json()["fields"]


def test_unknown_action_is_a_validation_error(api):
    booking = BookingFactory()
    response = api.post(
        f"{url(booking)}/actions?token={booking.token}",
        json.dumps({"action": "PAY_EVERYTHING"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "action" in response.json()["fields"]


def test_tracking_is_rate_limited(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "tracking": "3/min",
        },
    }
    booking = BookingFactory()
    codes = [api.get(url(booking), {"token": "guess"}).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
