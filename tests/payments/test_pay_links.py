"""The payment link in the client's emails: staff accept → email with the link (and a timeline
line) → the client accepts the quotation → email with the link → the page takes the
deposit → DEPOSIT_PAID, one receipt, the tracking API lists the payment."""

import re

import pytest
from django.core import mail

from bookings.models import BookingStatus
from tests.bookings.conftest import CommitAPIClient, api_for, staff_with
from tests.bookings.factories import BookingFactory
from tests.payments.fakes.stripe import event
from tests.payments.helpers import post_stripe, receipts

pytestmark = pytest.mark.django_db


def tracked(api, reference, token) -> dict:
    body = api.get(f"/api/bookings/reference/{reference}", {"token": token}).json()
    return body["data"]["booking"] if "data" in body else body  # the frontend's envelope


def pay_link_in(message, reference) -> str:
    match = re.search(rf"http://testserver(/pay/{reference}\?token=[\w-]+)", message.body)
    assert match, message.body
    return match.group(1)


def test_emails_carry_the_pay_link_and_the_page_takes_the_deposit(
    client, fake_stripe, django_capture_on_commit_callbacks
):
    booking = BookingFactory(status=BookingStatus.UNDER_REVIEW)
    reviewer = api_for(staff_with("view_booking", "review_booking"))
    api = CommitAPIClient()
    reference = booking.public_reference

    accepted = reviewer.post(
        f"/api/bookings/{booking.pk}/review",
        {"action": "accept", "quotedAmount": "9000", "depositAmount": "3000", "currency": "KES"},
        format="json",
    )
    assert accepted.status_code == 200, accepted.json()
    (accept_email,) = [m for m in mail.outbox if m.to == [booking.client.email]]
    link = pay_link_in(accept_email, reference)
    assert f'href="http://testserver{link}"' in accept_email.alternatives[0][0]
    token = link.rsplit("token=", 1)[1]
    tracking = tracked(api, reference, token)
    (requested,) = [e for e in tracking["events"] if e["type"] == "payment_requested"]
    assert (
        requested["description"] == "A link to pay the deposit of KES 3,000.00 was emailed to you."
    )
    assert token not in str(tracking["events"])  # the secret link itself is not stored

    # Before the quotation is accepted the page says so and offers nothing.
    early = client.get(link).content.decode()
    assert "First accept the quotation" in early
    assert 'data-testid="pay-' not in early

    mail.outbox.clear()
    terms = api.post(
        f"/api/bookings/reference/{reference}/actions",
        {"action": "ACCEPT_QUOTATION"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert terms.status_code == 200 and terms.json()["ok"] is True, terms.json()
    client_emails = [m for m in mail.outbox if m.to == [booking.client.email]]
    # The acceptance also issues the invoice, emailed on its own with its PDF.
    (terms_email,) = [m for m in client_emails if not m.attachments]
    assert [m.attachments[0][0][:4] for m in client_emails if m.attachments] == ["INV-"]
    assert pay_link_in(terms_email, reference) == link
    assert "KES 3,000.00" in terms_email.body

    page = client.get(link).content.decode()
    assert 'data-testid="amount-due">KES 3,000.00<' in page
    started = client.post(link, {"provider": "stripe", "amount": "3000.00"})
    assert started.status_code == 302
    session_id = started["Location"].rsplit("/", 1)[1]

    with django_capture_on_commit_callbacks(execute=True):
        post_stripe(client, event("checkout.session.completed", fake_stripe.pay(session_id)))

    after = tracked(api, reference, token)
    assert after["status"] == "DEPOSIT_PAID"
    assert [(p["amount"], p["currency"], p["provider"]) for p in after["payments"]] == [
        ("3000.00", "KES", "stripe")
    ]
    assert len(receipts(mail.outbox, booking.client.email)) == 1
    assert "We have received your deposit" in client.get(link).content.decode()


def test_a_rejection_email_has_no_pay_link():
    booking = BookingFactory(status=BookingStatus.UNDER_REVIEW)
    reviewer = api_for(staff_with("view_booking", "review_booking"))

    reviewer.post(
        f"/api/bookings/{booking.pk}/review",
        {"action": "reject", "reason": "Out of scope."},
        format="json",
    )

    (email,) = [m for m in mail.outbox if m.to == [booking.client.email]]
    assert "/pay/" not in email.body
    assert not booking.events.filter(type="PAYMENT_REQUESTED").exists()


def form_fields(**overrides) -> dict:
    """The booking form's multipart fields, as FRONTEND.md §5.3 lists them."""
    return {
        "name": "Dee Client",
        "email": "dee@example.test",
        "title": "Company website Request",
        "description": "A five-page site with a contact form.",
        "phone": "",
        "projectType": "SOFTWARE",
        "depositRequired": "true",
        "depositAmount": "1",
        "currency": "KES",
        "source": "service-detail",
        "serviceSlug": "",
        "serviceTitle": "",
        "sourcePath": "http://frontend.test/booking",
        **overrides,
    }


def test_a_deposit_offered_on_the_form_is_set_at_review_and_the_client_is_told(client):
    api = CommitAPIClient()

    created = api.post("/api/bookings", form_fields(), format="multipart")

    assert created.status_code == 201, created.json()
    body = created.json()
    booking = BookingFactory._meta.model.objects.get(pk=body["bookingId"])
    assert booking.deposit_amount is None  # the client's "1" is not a deposit
    (email,) = [m for m in mail.outbox if m.to == ["dee@example.test"]]
    assert "our team sets the deposit amount when reviewing your booking" in email.body
    assert "/pay/" not in email.body
    submitted = booking.events.get(type="SUBMITTED")
    assert "our team sets the deposit amount" in submitted.description
    page = client.get(f"/pay/{booking.public_reference}?token={body['trackingToken']}")
    assert "We are still reviewing your booking" in page.content.decode()


def test_without_the_deposit_box_the_email_says_nothing_about_a_deposit():
    api = CommitAPIClient()

    created = api.post("/api/bookings", form_fields(depositRequired="false"), format="multipart")

    assert created.status_code == 201, created.json()
    (email,) = [m for m in mail.outbox if m.to == ["dee@example.test"]]
    assert "deposit" not in email.body
