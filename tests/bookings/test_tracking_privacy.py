"""An email address alone never reveals a booking: the history lookup and the tracking
page opened with `?email=` answer the same for every address and email the links."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from tests.bookings.factories import BookingFactory, ClientFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://frontend\.test/bookings/(ANG-[\d-]+)\?token=([\w-]+)")


def my(api, email):
    response = api.get("/api/bookings/my", {"email": email})
    assert response.status_code == 200
    return response.json()


def without_email(body, email):
    return {k: str(v).replace(email, "<email>") for k, v in body.items()}


def test_history_lookup_emails_links_and_reveals_nothing(api):
    person = ClientFactory(email="kim@example.test", name="Kim")
    first, second = BookingFactory(client=person), BookingFactory(client=person)
    BookingFactory()  # somebody else's
    known = my(api, "KIM@example.test")
    unknown = my(api, "nobody@example.test")
    assert known["ok"] is False and known["code"] == "links_emailed"
    assert set(known) == {"ok", "error", "code", "message", "data"}
    assert set(known["data"]) == {"message"}  # no bookings, no count
    assert "emailed" in known["data"]["message"]
    assert without_email(known, "KIM@example.test") == without_email(unknown, "nobody@example.test")
    [email] = mail.outbox  # nothing went to the unknown address
    assert email.to == ["kim@example.test"]
    found = dict(LINK.findall(email.body))
    assert set(found) == {first.public_reference, second.public_reference}
    for ref, token in found.items():
        body = api.get(f"/api/bookings/reference/{ref}", {"token": token}).json()
        assert body["ok"] is True and body["data"]["booking"]["publicReference"] == ref
    # The links the client already had keep working.
    body = api.get(f"/api/bookings/reference/{first.public_reference}", {"token": first.token})
    assert body.json()["ok"] is True


def test_history_lookup_is_not_a_mail_cannon(api, settings):
    person = ClientFactory(email="lee@example.test")
    BookingFactory(client=person)
    for _ in range(3):
        my(api, "lee@example.test")
    assert len(mail.outbox) == 1  # the cooldown holds further emails back
    assert my(api, "not an email")["code"] == "validation_error"

    cache.clear()  # a fresh rate-limit window
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "booking_links": "2/min",
        },
    }
    codes = [my(api, f"x{n}@example.test")["code"] for n in range(3)]
    assert codes == ["links_emailed", "links_emailed", "rate_limited"]


def test_submitting_then_opening_the_history_sends_one_email(api):
    """The frontend opens the history page right after a booking: the confirmation
    already carries the link, so the lookup does not send a second email."""
    api.post(
        "/api/bookings",
        {
            "name": "Max",
            "email": "max@example.test",
            "title": "Flyer",
            "description": "A flyer for our shop.",
            "projectType": "OTHER",
        },
        format="multipart",
    )
    assert my(api, "max@example.test")["code"] == "links_emailed"
    assert [m.to for m in mail.outbox if m.to == ["max@example.test"]] == [["max@example.test"]]


def test_tracking_with_email_and_no_token_emails_the_link_instead(api):
    booking = BookingFactory(client=ClientFactory(email="ana@example.test"))
    ref = booking.public_reference
    right = api.get(f"/api/bookings/reference/{ref}", {"email": "ana@example.test"}).json()
    wrong = api.get(f"/api/bookings/reference/{ref}", {"email": "eve@example.test"}).json()
    missing = api.get(
        "/api/bookings/reference/ANG-1900-99999", {"email": "ana@example.test"}
    ).json()
    for body in (right, wrong, missing):
        assert (body["ok"], body["code"]) == (False, "link_emailed")
        assert "booking" not in body["data"]
        assert "emailed a link" in body["error"]
    assert without_email(right, "ana@example.test") == without_email(wrong, "eve@example.test")
    [email] = mail.outbox
    assert email.to == ["ana@example.test"]
    [(found_ref, token)] = LINK.findall(email.body)
    assert found_ref == ref
    assert api.get(f"/api/bookings/reference/{ref}", {"token": token}).json()["ok"] is True
