"""Who may download documents: the client with a signed, expiring link; staff in the
admin (Admin role only)."""

import csv
import io
import time

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts.roles import GROUP_NAMES
from bookings.models import BookingStatus
from invoicing.models import Document
from tests.bookings.factories import BookingFactory
from tests.factories import UserFactory
from tests.invoicing.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(api_client, settings, run_on_commit):
    booking = BookingFactory(
        status=BookingStatus.ACCEPTED, quoted_amount="2320.00", deposit_amount="1000.00"
    )
    response = run_on_commit(
        api_client.post,
        f"/api/bookings/reference/{booking.public_reference}/actions",
        {"action": "ACCEPT_QUOTATION"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {booking.token}",
    )
    assert response.status_code == 200
    return Document.objects.get(booking=booking)


def _emailed_link(number):
    for message in mail.outbox:
        if number in message.subject:
            line = next(x for x in message.body.splitlines() if "/api/invoicing/documents/" in x)
            return line[line.index("/api/") :].strip()
    raise AssertionError("no document email")


def test_client_downloads_with_the_emailed_link(api_client, invoice):
    response = api_client.get(_emailed_link(invoice.number))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert invoice.number in pdf_text(b"".join(response.streaming_content))


def test_tampered_or_expired_link_is_404_json(api_client, invoice, monkeypatch, settings):
    link = _emailed_link(invoice.number)
    bad = api_client.get(link[:-3] + "xyz")
    assert bad.status_code == 404
    assert set(bad.json()) >= {"error", "code"}
    later = time.time() + settings.INVOICING_LINK_EXPIRY_SECONDS + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    expired = api_client.get(link)
    assert expired.status_code == 404
    assert "expired" in expired.json()["error"]


def test_admin_lists_exports_and_downloads(client, admin_user, invoice):
    client.force_login(admin_user)
    listing = client.get(reverse("invoicing_documents:index"), {"doc_type": "INV"})
    assert listing.status_code == 200
    assert invoice.number in listing.content.decode()
    pdf = client.get(reverse("invoicing_documents:pdf", args=[invoice.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    export = client.get(reverse("invoicing_documents:export"), {"doc_type": "INV"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0] == ["number", "date", "type", "net", "vat", "gross", "currency", "provider",
                       "reference", "standard_net", "zero_rated_net", "exempt_net"]  # fmt: skip
    assert rows[1][0] == invoice.number
    assert rows[1][3:7] == ["2000.00", "320.00", "2320.00", "KES"]
    assert rows[1][-3:] == ["2000.00", "0.00", "0.00"]
    none = client.get(reverse("invoicing_documents:export"), {"doc_type": "CRN"})
    assert len(list(csv.reader(io.StringIO(b"".join(none.streaming_content).decode())))) == 1
    # Read-only: there is no edit route, and the inspect page shows the document.
    inspect = client.get(reverse("invoicing_documents:inspect", args=[invoice.pk]))
    assert inspect.status_code == 200


@pytest.mark.parametrize("role", ["marketing", "developer"])
def test_other_roles_cannot_see_documents(client, invoice, role):
    user = UserFactory(groups=[Group.objects.get(name=GROUP_NAMES[role])])
    client.force_login(user)
    for url in (
        reverse("invoicing_documents:index"),
        reverse("invoicing_documents:pdf", args=[invoice.pk]),
        reverse("invoicing_documents:export"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("wagtailadmin_home")


def test_admin_role_can_export(client, invoice):
    client.force_login(UserFactory(groups=[Group.objects.get(name=GROUP_NAMES["admin"])]))
    assert client.get(reverse("invoicing_documents:export")).status_code == 200
