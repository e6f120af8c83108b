"""POST /api/contact-enquiries and POST /api/contacts through HTTP: the contract the
frontend reads, validation, spam defences, rate limits and the two emails."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from enquiries.models import Enquiry, EnquiryStatus
from tests.enquiries.conftest import enquiry_body, home_body, now_ms, throttle

pytestmark = pytest.mark.django_db

URL = "/api/contact-enquiries"
HOME_URL = "/api/contacts"
REFERENCE = re.compile(r"^ENQ-\d{4}-\d{5}$")


def test_contact_enquiry_contract_store_and_emails(api, settings):
    response = api.post(URL, enquiry_body(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"ok", "data"}
    assert body["ok"] is True
    assert set(body["data"]) == {"enquiry"}
    assert set(body["data"]["enquiry"]) == {"publicReference"}
    reference = body["data"]["enquiry"]["publicReference"]
    assert REFERENCE.match(reference)
    assert reference.startswith(f"ENQ-{timezone.localdate().year}-")

    enquiry = Enquiry.objects.get(public_reference=reference)
    assert enquiry.status == EnquiryStatus.NEW
    assert enquiry.channel == "contact-page"
    assert (enquiry.name, enquiry.email, enquiry.organisation) == (
        "Amina Otieno",
        "amina@example.test",
        "Sunrise Clinic",
    )
    assert enquiry.enquiry_type == "service"
    assert enquiry.booking_reference == "ANG-2026-00012"
    assert enquiry.service_slug == "web-development"
    assert enquiry.source == "services-list" and enquiry.source_path == "/contact"

    by_recipient = {tuple(m.to): m for m in mail.outbox}
    ack = by_recipient[("amina@example.test",)]
    assert reference in ack.subject and reference in ack.body
    team = by_recipient[(settings.TEAM_NOTIFICATION_EMAIL,)]
    assert reference in team.subject
    assert "clinic with M-Pesa" in team.body
    assert f"/admin/enquiries/inspect/{enquiry.pk}/" in team.body
    assert len(mail.outbox) == 2


def test_references_count_up(api):
    first = api.post(URL, enquiry_body(), format="json").json()
    second = api.post(URL, enquiry_body(), format="json").json()
    numbers = [
        int(b["data"]["enquiry"]["publicReference"].rsplit("-", 1)[1]) for b in (first, second)
    ]
    assert numbers[1] == numbers[0] + 1


def test_optional_fields_may_be_left_out(api):
    body = enquiry_body(
        phone=None,
        bookingReference=None,
        preferredContactTime=None,
        organisation=None,
        source=None,
        sourcePath=None,
        serviceSlug=None,
        formStartedAt=None,
    )
    response = api.post(URL, body, format="json")
    assert response.status_code == 201, response.content
    assert Enquiry.objects.get().source == "contact-page"  # the default


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "A"}, "name"),
        ({"name": None}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"enquiryType": "sales"}, "enquiryType"),
        ({"preferredResponseMethod": "fax"}, "preferredResponseMethod"),
        ({"subject": "Hi"}, "subject"),
        ({"message": "Too short"}, "message"),
        ({"message": "x" * 5001}, "message"),
        ({"bookingReference": "ANG 2026/1"}, "bookingReference"),
        ({"preferredResponseMethod": "whatsapp", "phone": ""}, "phone"),
        ({"preferredResponseMethod": "phone", "phone": None}, "phone"),
        ({"phone": "call me"}, "phone"),
        ({"phone": "+254 70"}, "phone"),
        ({"name": 12345}, "name"),
    ],
)
def test_validation_names_the_field(api, overrides, field):
    response = api.post(URL, enquiry_body(**overrides), format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    assert field in body["fields"]
    assert isinstance(body["error"], str) and body["error"]
    assert Enquiry.objects.count() == 0 and mail.outbox == []


def test_nul_characters_are_refused(api):
    body = enquiry_body(message="Null \x00 characters are not storable here.")
    response = api.post(URL, body, format="json")
    assert response.status_code == 400 and response.json()["error"]
    assert Enquiry.objects.count() == 0


def test_message_of_exactly_5000_characters_is_accepted(api):
    assert api.post(URL, enquiry_body(message="y" * 5000), format="json").status_code == 201


@pytest.mark.parametrize("phone", ["+254 700 000 111", "0700.000.111", "(020) 123-4567"])
def test_phone_formats_people_use(api, phone):
    assert api.post(URL, enquiry_body(phone=phone), format="json").status_code == 201


def test_phone_is_enough_for_whatsapp(api):
    body = enquiry_body(preferredResponseMethod="whatsapp", phone="+254700000111")
    assert api.post(URL, body, format="json").status_code == 201
    assert Enquiry.objects.get().preferred_response == "whatsapp"


def test_error_sentence_is_readable(api):
    body = api.post(URL, enquiry_body(subject="Hi"), format="json").json()
    assert body["error"].startswith("Subject:")


def test_honeypot_is_refused_and_nothing_is_stored_or_sent(api):
    response = api.post(URL, enquiry_body(company="Spam Co"), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "submission_rejected"
    assert "contact" in body["error"].lower() or "email" in body["error"].lower()
    assert Enquiry.objects.count() == 0 and mail.outbox == []


def test_too_fast_is_refused(api):
    response = api.post(URL, enquiry_body(formStartedAt=now_ms() - 1000), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "submission_rejected"
    assert Enquiry.objects.count() == 0 and mail.outbox == []


def test_just_slow_enough_is_accepted(api):
    response = api.post(URL, enquiry_body(formStartedAt=now_ms() - 3500), format="json")
    assert response.status_code == 201


def test_a_visitor_clock_ahead_of_ours_is_not_refused(api):
    response = api.post(URL, enquiry_body(formStartedAt=now_ms() + 120_000), format="json")
    assert response.status_code == 201


def test_stale_bearer_token_does_not_401(api):
    api.credentials(HTTP_AUTHORIZATION="Bearer stale-admin-token")
    assert api.post(URL, enquiry_body(), format="json").status_code == 201
    assert api.post(HOME_URL, home_body(), format="json").status_code == 201


def test_csrf_exempt_with_enforcing_client(db):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    assert client.post(URL, enquiry_body(), format="json").status_code == 201


def test_rate_limit_is_shared_by_both_forms_per_ip(api, settings):
    throttle(settings, "enquiries", "2/hour")
    assert api.post(URL, enquiry_body(), format="json").status_code == 201
    assert api.post(HOME_URL, home_body(), format="json").status_code == 201
    blocked = api.post(URL, enquiry_body(), format="json")
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "rate_limited"
    assert blocked.json()["error"].startswith("Too many requests")
    assert api.post(HOME_URL, home_body(), format="json").status_code == 429
    assert Enquiry.objects.count() == 2
    other = api.post(URL, enquiry_body(), format="json", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 201


def test_home_contact_is_stored_in_the_same_inbox(api, settings):
    response = api.post(HOME_URL, home_body(), format="json")
    assert response.status_code == 201, response.content
    reference = response.json()["data"]["enquiry"]["publicReference"]
    assert REFERENCE.match(reference)
    enquiry = Enquiry.objects.get(public_reference=reference)
    assert enquiry.channel == "home-contact"
    assert enquiry.organisation == "Acme Ltd"  # a real field here, not a honeypot
    assert enquiry.preferred_response == "whatsapp"
    assert enquiry.nda_requested is True
    assert enquiry.subject == "We would like a quote for a mobile app."
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(["brian@example.test", settings.TEAM_NOTIFICATION_EMAIL])
    team = next(m for m in mail.outbox if m.to == [settings.TEAM_NOTIFICATION_EMAIL])
    assert "NDA" in team.body


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"message": "short"}, "message"),
        ({"email": "nope"}, "email"),
        ({"preferredCommunication": "Pigeon"}, "preferredCommunication"),
        ({"name": ""}, "name"),
        ({"ndaRequested": "maybe"}, "ndaRequested"),
    ],
)
def test_home_contact_validation(api, overrides, field):
    response = api.post(HOME_URL, home_body(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert Enquiry.objects.count() == 0


def test_a_body_that_is_not_an_object_is_a_400(api):
    response = api.post(URL, ["not", "an", "object"], format="json")
    assert response.status_code == 400
    assert "error" in response.json()


def test_get_is_not_allowed(api):
    response = api.get(URL)
    assert response.status_code == 405
    assert "error" in response.json()
