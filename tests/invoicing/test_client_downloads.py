"""The client's documents from the tracking flow: the tracking API (`files[]`, which the
React page renders as links, and `documents`) and the server-rendered pay page, each with
short-lived signed links that open only that booking's document."""

import json
import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import signing

from invoicing import delivery
from invoicing.models import Document
from tests.bookings.factories import BookingFactory
from tests.invoicing.conftest import pdf_text
from tests.invoicing.test_documents_flow import _pay_with_stripe

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(api_client, client, booking, fake_stripe, run_on_commit):
    _pay_with_stripe(api_client, client, booking, fake_stripe, run_on_commit)
    return booking


def _path(url):
    assert url.startswith("http")  # the page prefixes relative URLs with its API origin
    parts = urlsplit(url)
    return parts.path


def _tracking(api_client, booking):
    body = api_client.get(
        f"/api/bookings/reference/{booking.public_reference}", {"token": booking.token}
    ).json()
    assert body["ok"] is True, body
    return body["data"]["booking"]


def test_tracking_lists_the_documents_as_downloadable_files(api_client, paid):
    invoice = Document.objects.get(doc_type="INV")
    receipt = Document.objects.get(doc_type="RCT")
    data = _tracking(api_client, paid)

    assert "ADD_FILE" in data["availableActions"]  # the page shows `files` only then
    by_id = {item["id"]: item for item in data["files"]}
    for document in (invoice, receipt):
        item = by_id[str(document.pk)]
        assert set(item) == {"id", "filename", "originalName", "url"}
        assert item["filename"] == f"{document.number}.pdf"
        response = api_client.get(_path(item["url"]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert document.number in pdf_text(b"".join(response.streaming_content))

    assert [d["number"] for d in data["documents"]] == [invoice.number, receipt.number]
    assert data["documents"][1]["type"] == "RCT"
    assert (data["documents"][1]["amount"], data["documents"][1]["currency"]) == ("1500.00", "KES")


def test_a_booking_without_documents_has_no_documents_key(api_client):
    booking = BookingFactory()
    data = _tracking(api_client, booking)
    assert "documents" not in data and data["files"] == []


def test_pay_page_shows_the_documents_with_working_links(client, paid):
    page = client.get(f"/pay/{paid.public_reference}?token={paid.token}")
    assert page.status_code == 200
    html = page.content.decode()
    receipt = Document.objects.get(doc_type="RCT")
    match = re.search(rf'href="([^"]+)"[^>]*data-testid="document-{receipt.number}"', html)
    assert match, html
    response = client.get(_path(match.group(1).replace("&amp;", "&")))
    assert response.status_code == 200
    assert receipt.number in pdf_text(b"".join(response.streaming_content))


def test_a_link_naming_another_bookings_document_is_refused(api_client, paid):
    receipt = Document.objects.get(doc_type="RCT")
    other = BookingFactory()
    # Correctly signed, but for a booking the document does not belong to.
    forged = signing.dumps(
        {"d": str(receipt.pk), "b": other.pk}, salt=delivery._SALT, compress=False
    )
    response = api_client.get(f"/api/invoicing/documents/{forged}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    # Another document's id swapped into a genuine link breaks its signature.
    invoice = Document.objects.get(doc_type="INV")
    genuine = _path(delivery.document_download_url(invoice)).rsplit("/", 1)[1]
    payload = json.dumps({"d": str(receipt.pk), "b": paid.pk}, separators=(",", ":"))
    swapped = signing.b64_encode(payload.encode()).decode() + genuine[genuine.index(":") :]
    assert api_client.get(f"/api/invoicing/documents/{swapped}").status_code == 404


def test_an_expired_tracking_link_is_refused(api_client, paid, monkeypatch, settings):
    [item] = [d for d in _tracking(api_client, paid)["documents"] if d["type"] == "RCT"]
    later = time.time() + settings.INVOICING_LINK_EXPIRY_SECONDS + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = api_client.get(_path(item["url"]))
    assert response.status_code == 404
    assert "expired" in response.json()["error"]
