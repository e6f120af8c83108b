"""A portal client's tax documents: each booking lists its issued invoices, receipts and
credit notes with a short-lived signed link that opens only that booking's PDF."""

import time
from urllib.parse import urlsplit

import pytest
from rest_framework.test import APIClient

from bookings.models import BookingStatus
from invoicing.models import Document
from tests.bookings.factories import BookingFactory
from tests.invoicing.conftest import pdf_text, run_on_commit  # noqa: F401 (fixture)
from tests.invoicing.test_documents_flow import _pay_with_stripe
from tests.payments.conftest import _payment_settings, fake_stripe  # noqa: F401 (fixtures)
from tests.payments.factories import PayableBookingFactory
from tests.portal.conftest import portal_client, sign_in

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/client-portal/bookings"
DOCUMENT_KEYS = {
    "id",
    "type",
    "title",
    "number",
    "issuedAt",
    "amount",
    "amountDisplay",
    "currency",
    "filename",
    "url",
}


@pytest.fixture
def paid_for(client, request):
    """A booking of the client with this email, paid by Stripe: invoice and receipt."""
    stripe, on_commit = (request.getfixturevalue(f) for f in ("fake_stripe", "run_on_commit"))

    def _paid(email):
        booking = PayableBookingFactory(client__email=email)
        _pay_with_stripe(APIClient(), client, booking, stripe, on_commit)
        return booking

    return _paid


def _portal_bookings(api, email) -> dict:
    response = portal_client(sign_in(api, email)).get(BOOKINGS)
    assert response.status_code == 200, response.content
    return {item["publicReference"]: item for item in response.json()["bookings"]}


def _path(url):
    assert url.startswith("http")  # absolute, like the tracking API's
    return urlsplit(url).path


def test_a_client_sees_their_documents_and_the_links_download_the_pdfs(api, paid_for):
    paid = paid_for("carol@example.test")
    unpaid = BookingFactory(client=paid.client, status=BookingStatus.SUBMITTED)
    invoice = Document.objects.get(booking=paid, doc_type="INV")
    receipt = Document.objects.get(booking=paid, doc_type="RCT")

    bookings = _portal_bookings(api, "carol@example.test")

    assert bookings[unpaid.public_reference]["documents"] == []
    documents = bookings[paid.public_reference]["documents"]
    assert [d["number"] for d in documents] == [invoice.number, receipt.number]
    for item, document in zip(documents, (invoice, receipt), strict=True):
        assert set(item) == DOCUMENT_KEYS
        assert item["type"] == document.doc_type
        assert item["filename"] == f"{document.number}.pdf"
        assert item["currency"] == "KES"
        response = api.get(_path(item["url"]))  # no portal session needed: the link is the key
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert document.number in pdf_text(b"".join(response.streaming_content))
    assert (documents[1]["amount"], documents[1]["amountDisplay"]) == ("1500.00", "KES 1,500.00")


def test_another_clients_documents_are_never_listed(api, paid_for):
    carol, dave = paid_for("carol@example.test"), paid_for("dave@example.test")
    numbers = {
        booking.public_reference: set(
            Document.objects.filter(booking=booking).values_list("number", flat=True)
        )
        for booking in (carol, dave)
    }

    seen = _portal_bookings(api, "dave@example.test")

    assert set(seen) == {dave.public_reference}
    listed = {d["number"] for d in seen[dave.public_reference]["documents"]}
    assert listed == numbers[dave.public_reference] and len(listed) == 2
    assert not listed & numbers[carol.public_reference]


def test_a_tampered_or_expired_portal_link_is_refused(api, paid_for, monkeypatch, settings):
    paid = paid_for("carol@example.test")
    [receipt] = [
        d
        for d in _portal_bookings(api, "carol@example.test")[paid.public_reference]["documents"]
        if d["type"] == "RCT"
    ]
    path = _path(receipt["url"])
    last = path[-1]
    tampered = path[:-1] + ("A" if last != "A" else "B")
    response = api.get(tampered)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"

    later = time.time() + settings.INVOICING_LINK_EXPIRY_SECONDS + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = api.get(path)
    assert response.status_code == 404
    assert "expired" in response.json()["error"]
