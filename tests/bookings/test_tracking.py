"""The client's tracking page and its actions, authorised by the tracking token, in the
frontend's `{ok, data}` envelope (FRONTEND.md §6.1)."""

import time

import pytest
from django.core import mail

from bookings.models import Booking, BookingEvent, BookingFile, BookingStatus
from tests.bookings import factories as f
from tests.bookings.factories import BookingFactory

pytestmark = pytest.mark.django_db


def url(booking):
    return f"/api/bookings/reference/{booking.public_reference}"


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def track(api, booking, token=None):
    response = api.get(url(booking), {"token": token or booking.token})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] is True, body
    return body["data"]["booking"]


def act(api, booking, action, token=None, **extra):
    response = api.post(
        f"{url(booking)}/actions",
        {"action": action, **extra},
        format="json",
        **bearer(token or booking.token),
    )
    assert response.status_code == 200, response.content
    return response.json()


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


def test_tracking_with_query_token_or_bearer_and_any_case_reference(api):
    booking, token = submit_with_file(api)
    by_query = track(api, booking, token)
    by_header = api.get(url(booking).lower(), **bearer(token)).json()["data"]["booking"]
    assert by_header["events"] == by_query["events"]
    assert by_query["publicReference"] == booking.public_reference
    assert by_query["title"] == "CV rewrite"
    assert by_query["status"] == "SUBMITTED"
    assert by_query["currentStage"] == "request_submitted"
    assert by_query["stageProgress"]["currentIndex"] == 0
    assert by_query["availableActions"] == ["CANCEL_BOOKING", "ADD_FILE"]
    assert [e["type"] for e in by_query["events"]] == ["booking_submitted"]
    assert by_query["payments"] == []
    assert by_query["messages"] == []
    assert by_query["quotedAmount"] is None
    assert by_query["currency"] == "KES"
    [file] = by_query["files"]
    assert file["filename"] == file["originalName"] == "cv.pdf"
    assert file["url"].startswith("http://testserver/api/bookings/files/")


@pytest.mark.parametrize("case", ["wrong-token", "wrong-reference", "jwt-like", "bearer-other"])
def test_wrong_reference_or_token_gives_the_same_ok_false(api, case):
    booking, token = submit_with_file(api)
    other = BookingFactory()
    target, params, headers = url(booking), {"token": token}, {}
    if case == "wrong-token":
        params = {"token": other.token}
    elif case == "wrong-reference":
        target = url(other)
    elif case == "jwt-like":
        params, headers = {}, bearer("eyJhbGciOiJIUzI1NiJ9.e30.x")
    else:
        params, headers = {}, bearer(other.token)
    response = api.get(target, params, **headers)
    assert response.status_code == 200
    message = "We could not find a booking with that reference and tracking link."
    assert response.json() == {
        "ok": False,
        "error": message,
        "code": "not_found",
        "message": message,
        "data": {"message": message},
    }


def test_no_token_and_no_email_says_the_emailed_link_is_needed(api):
    booking = BookingFactory()
    body = api.get(url(booking)).json()
    assert (body["ok"], body["code"]) == (False, "token_required")
    assert "link" in body["error"] and "booking" not in body.get("data", {})


def test_signed_file_link_downloads_and_expires(api, settings, monkeypatch):
    booking, token = submit_with_file(api)
    file_url = track(api, booking, token)["files"][0]["url"]
    path = file_url.removeprefix("http://testserver")
    response = api.get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == f.pdf_bytes()
    assert 'attachment; filename="cv.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert api.get(path[:-3] + "abc").status_code == 404  # tampered
    later = time.time() + settings.BOOKINGS_FILE_URL_EXPIRY_SECONDS + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert api.get(path).status_code == 404  # expired


def test_staff_only_events_are_hidden(api):
    booking = BookingFactory()
    BookingEvent.objects.create(
        booking=booking,
        type="ASSIGNED",
        title="Assigned to Sam",
        actor_type="staff",
        visible_to_customer=False,
    )
    assert track(api, booking)["events"] == []


def test_accept_quotation_records_todays_terms_version_time_and_ip(api, settings):
    booking = BookingFactory(
        status=BookingStatus.ACCEPTED, quoted_amount="1500.00", deposit_amount="500.00"
    )
    before = track(api, booking)
    assert before["availableActions"] == [
        "ACCEPT_QUOTATION",
        "DECLINE_QUOTATION",
        "REQUEST_CHANGES",
        "ADD_FILE",
    ]
    assert before["currentStage"] == "scope_and_quotation"
    assert before["quotedAmount"] == "1500.00"
    assert before["depositAmount"] == "500.00"
    response = api.post(
        f"{url(booking)}/actions",
        {"action": "ACCEPT_QUOTATION"},
        format="json",
        REMOTE_ADDR="203.0.113.9",
        **bearer(booking.token),
    )
    body = response.json()
    assert body["ok"] is True, body
    assert "accepted the quotation" in body["data"]["message"]
    after = body["data"]["booking"]
    assert after["status"] == "TERMS_ACCEPTED"
    assert after["currentStage"] == "awaiting_confirmation"
    assert after["availableActions"] == ["CANCEL_BOOKING", "ADD_FILE"]
    assert after["termsVersion"] == settings.BOOKINGS_TERMS_VERSION
    # The pay-link email adds a payment_requested line after the acceptance.
    assert [e["type"] for e in after["events"]][-2:] == ["quotation_accepted", "payment_requested"]
    booking.refresh_from_db()
    assert booking.terms_version == settings.BOOKINGS_TERMS_VERSION
    assert booking.terms_accepted_ip == "203.0.113.9"
    assert booking.terms_accepted_at is not None
    subjects = [m.subject for m in mail.outbox]
    assert any("terms accepted" in s for s in subjects)
    assert any(m.to == [settings.TEAM_NOTIFICATION_EMAIL] for m in mail.outbox)


def test_accepting_before_a_quotation_is_refused_in_the_envelope(api):
    booking = BookingFactory(status=BookingStatus.SUBMITTED)
    body = act(api, booking, "ACCEPT_QUOTATION")
    assert body["ok"] is False
    assert body["code"] == "action_not_available"
    assert body["data"]["message"] == body["error"]
    assert "submitted" in body["error"]
    booking.refresh_from_db()
    assert booking.status == "SUBMITTED"


def test_decline_quotation_closes_the_booking(api, settings):
    booking = BookingFactory(status=BookingStatus.ACCEPTED, quoted_amount="900.00")
    body = act(api, booking, "DECLINE_QUOTATION")
    after = body["data"]["booking"]
    assert (after["status"], after["currentStage"]) == ("CANCELLED", "cancelled")
    assert after["availableActions"] == []
    assert after["stageProgress"]["currentIndex"] == 2  # stopped at the quotation
    assert after["events"][-1]["type"] == "booking_cancelled"
    assert any(m.to == [settings.TEAM_NOTIFICATION_EMAIL] for m in mail.outbox)


def test_request_changes_to_a_quotation_sends_it_back_to_review(api, settings):
    booking = BookingFactory(status=BookingStatus.ACCEPTED, quoted_amount="900.00")
    empty = act(api, booking, "REQUEST_CHANGES")
    assert (empty["ok"], empty["error"]) == (False, "Describe the changes you need.")
    body = act(api, booking, "REQUEST_CHANGES", message="Could the deposit be smaller?")
    after = body["data"]["booking"]
    assert (after["status"], after["currentStage"]) == ("UNDER_REVIEW", "requirements_review")
    assert "Could the deposit be smaller?" in after["events"][-1]["description"]
    team = [m for m in mail.outbox if m.to == [settings.TEAM_NOTIFICATION_EMAIL]]
    assert team and "Could the deposit be smaller?" in team[0].body


def test_after_delivery_the_client_confirms_or_asks_for_changes(api):
    booking = BookingFactory(status=BookingStatus.DELIVERED)
    before = track(api, booking)
    assert before["currentStage"] == "customer_review"
    assert before["availableActions"] == ["REQUEST_CHANGES", "CONFIRM_DELIVERY", "ADD_FILE"]
    rework = act(api, booking, "REQUEST_CHANGES", message="The logo is blurry.")
    assert rework["data"]["booking"]["status"] == "IN_PROGRESS"
    # Back in progress the client can no longer confirm.
    assert act(api, booking, "CONFIRM_DELIVERY")["code"] == "action_not_available"

    delivered = BookingFactory(status=BookingStatus.DELIVERED)
    done = act(api, delivered, "CONFIRM_DELIVERY")["data"]["booking"]
    assert (done["status"], done["currentStage"]) == ("COMPLETED", "completed")
    assert done["stageProgress"]["currentIndex"] == 7
    assert done["events"][-1]["type"] == "booking_completed"


def test_cancel_by_client_and_team_is_told(api, settings):
    booking = BookingFactory(status=BookingStatus.UNDER_REVIEW)
    body = act(api, booking, "CANCEL_BOOKING")
    assert body["data"]["message"] == "Your booking has been cancelled."
    after = body["data"]["booking"]
    assert after["status"] == "CANCELLED"
    assert after["availableActions"] == []
    assert after["stageProgress"]["currentIndex"] == 1  # stopped at review
    assert after["events"][-1]["actorType"] == "client"
    assert any(m.to == [settings.TEAM_NOTIFICATION_EMAIL] for m in mail.outbox)


def test_client_cannot_cancel_after_paying(api):
    booking = BookingFactory(status=BookingStatus.DEPOSIT_PAID)
    assert track(api, booking)["availableActions"] == ["ADD_FILE"]
    body = act(api, booking, "CANCEL_BOOKING")
    assert (body["ok"], body["code"]) == (False, "action_not_available")
    booking.refresh_from_db()
    assert booking.status == "DEPOSIT_PAID"


def test_actions_take_the_token_only_from_the_bearer_header(api):
    booking = BookingFactory(status=BookingStatus.UNDER_REVIEW)
    response = api.post(
        f"{url(booking)}/actions?token={booking.token}",
        {"action": "CANCEL_BOOKING"},
        format="json",
    )
    assert (response.status_code, response.json()["ok"]) == (200, False)
    booking.refresh_from_db()
    assert booking.status == "UNDER_REVIEW"


def test_add_file_action_only_shows_the_upload_control(api):
    booking = BookingFactory()
    body = act(api, booking, "ADD_FILE")
    assert body["ok"] is True
    assert body["data"]["booking"]["status"] == "SUBMITTED"
    assert "Attachments" in body["data"]["message"]


def test_unknown_action_is_refused_in_the_envelope(api):
    booking = BookingFactory()
    for name in ("PAY_EVERYTHING", "ACCEPT_TERMS", "CANCEL", "SEND_MESSAGE"):
        body = act(api, booking, name)
        assert (body["ok"], body["code"]) == (False, "validation_error")
        assert "action" in body["fields"]


def test_files_upload_with_the_same_checks_as_intake(api, settings):
    booking, token = submit_with_file(api)
    mail.outbox.clear()
    response = api.post(
        f"{url(booking)}/files",
        {"files": [f.upload("extra.csv", b"a,b\n1,2\n"), f.upload("p.png", f.image_bytes())]},
        format="multipart",
        **bearer(token),
    )
    body = response.json()
    assert response.status_code == 200 and body["ok"] is True, body
    assert body["booking"] == body["data"]["booking"]
    names = [x["filename"] for x in body["booking"]["files"]]
    assert names == ["cv.pdf", "extra.csv", "p.png"]
    assert body["booking"]["events"][-1]["type"] == "file_uploaded"
    assert BookingFile.objects.filter(booking=booking, kind="csv").exists()
    assert [m.to for m in mail.outbox] == [[settings.TEAM_NOTIFICATION_EMAIL]]

    bad = api.post(
        f"{url(booking)}/files",
        {"files": [f.upload("x.pdf", f.exe_bytes())]},
        format="multipart",
        **bearer(token),
    ).json()
    assert bad["ok"] is False and "booking" not in bad
    assert bad["message"] == bad["error"] and "x.pdf" in str(bad["fields"])
    assert BookingFile.objects.filter(booking=booking).count() == 3

    settings.BOOKINGS_MAX_FILES = 1
    many = api.post(
        f"{url(booking)}/files",
        {"files": [f.upload("a.txt", b"a"), f.upload("b.txt", b"b")]},
        format="multipart",
        **bearer(token),
    ).json()
    assert many["ok"] is False
    assert BookingFile.objects.filter(booking=booking).count() == 3


def test_files_need_the_bearer_token_and_an_open_booking(api):
    booking = BookingFactory(status=BookingStatus.CANCELLED)
    upload = {"files": [f.upload("a.txt", b"hello")]}
    anonymous = api.post(f"{url(booking)}/files", upload, format="multipart").json()
    assert (anonymous["ok"], anonymous["code"]) == (False, "not_found")
    closed = api.post(
        f"{url(booking)}/files",
        {"files": [f.upload("a.txt", b"hello")]},
        format="multipart",
        **bearer(booking.token),
    ).json()
    assert (closed["ok"], closed["code"]) == (False, "conflict")
    assert not BookingFile.objects.filter(booking=booking).exists()


def test_tracking_is_rate_limited_in_the_envelope(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "tracking": "3/min",
        },
    }
    booking = BookingFactory()
    responses = [api.get(url(booking), {"token": "guess"}) for _ in range(4)]
    assert [r.status_code for r in responses] == [200] * 4
    assert [r.json()["code"] for r in responses] == ["not_found"] * 3 + ["rate_limited"]
    assert responses[-1]["Retry-After"]
