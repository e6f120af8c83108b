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
    tracking = api.get(f"/api/bookings/reference/{reference}", {"token": token}).json()
    (requested,) = [e for e in tracking["events"] if e["type"] == "PAYMENT_REQUESTED"]
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
        {"action": "ACCEPT_TERMS"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert terms.status_code == 200, terms.json()
    (terms_email,) = [m for m in mail.outbox if m.to == [booking.client.email]]
    assert pay_link_in(terms_email, reference) == link
    assert "KES 3,000.00" in terms_email.body

    page = client.get(link).content.decode()
    assert 'data-testid="amount-due">KES 3,000.00<' in page
    started = client.post(link, {"provider": "stripe", "amount": "3000.00"})
    assert started.status_code == 302
    session_id = started["Location"].rsplit("/", 1)[1]

    with django_capture_on_commit_callbacks(execute=True):
        post_stripe(client, event("checkout.session.completed", fake_stripe.pay(session_id)))

    after = api.get(f"/api/bookings/reference/{reference}", {"token": token}).json()
    assert after["status"] == "DEPOSIT_PAID"
    assert [(p["amount"], p["provider"], p["status"]) for p in after["payments"]] == [
        ("3000.00", "stripe", "SUCCEEDED")
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
