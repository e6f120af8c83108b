"""The buyer's optional KRA PIN: given on the booking form (an extra optional field),
corrected by staff on the booking's admin page, printed on the documents issued after."""

import pytest
from django.core import mail

from bookings.models import Booking, BookingStatus, Client
from invoicing.models import Document
from tests.bookings.factories import BookingFactory
from tests.bookings.test_admin import admin_user
from tests.bookings.test_intake import submit
from tests.invoicing.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _accept(api_client, booking, run_on_commit):
    response = run_on_commit(
        api_client.post,
        f"/api/bookings/reference/{booking.public_reference}/actions",
        {"action": "ACCEPT_QUOTATION"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {booking.token}",
    )
    assert response.status_code == 200, response.json()
    return Document.objects.get(booking=booking, doc_type="INV")


def _attachment(number) -> bytes:
    for message in mail.outbox:
        for filename, content, _ in message.attachments:
            if filename == f"{number}.pdf":
                return content
    raise AssertionError(f"no {number}.pdf emailed")


@pytest.mark.parametrize(
    ("given", "stored"), [("a123 456-789b", "A123456789B"), ("", ""), (None, "")]
)
def test_booking_form_takes_an_optional_tax_pin(api, given, stored):
    extra = {} if given is None else {"taxPin": given}
    response = submit(api, **extra)
    assert response.status_code == 201, response.content
    assert Booking.objects.get().client.tax_pin == stored


@pytest.mark.parametrize("pin", ["12345", "A12345678B", "A1234567890B", "1123456789B"])
def test_a_malformed_tax_pin_is_refused(api, pin):
    response = submit(api, taxPin=pin)
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body["fields"]) == {"taxPin"}
    assert "A123456789B" in body["fields"]["taxPin"][0]
    assert not Booking.objects.exists() and not Client.objects.exists()


def test_a_later_booking_without_a_pin_keeps_the_stored_one(api):
    submit(api, taxPin="P051234567X")
    submit(api)
    assert Client.objects.get().tax_pin == "P051234567X"


def test_the_invoice_prints_the_buyers_pin(api_client, run_on_commit):
    booking = BookingFactory(
        status=BookingStatus.ACCEPTED, quoted_amount="1160.00", deposit_amount="500.00"
    )
    booking.client.tax_pin = "A123456789B"
    booking.client.save()
    invoice = _accept(api_client, booking, run_on_commit)
    assert invoice.buyer["tax_pin"] == "A123456789B"
    assert "PIN: A123456789B" in pdf_text(_attachment(invoice.number))


def test_staff_edit_the_pin_in_the_admin(client, api_client, run_on_commit):
    booking = BookingFactory(
        status=BookingStatus.ACCEPTED, quoted_amount="1160.00", deposit_amount="500.00"
    )
    url = f"/admin/bookings/tax_pin/{booking.pk}/"
    viewer = admin_user("view_booking")
    client.force_login(viewer)
    assert client.post(url, {"tax_pin": "A123456789B"}).status_code in (302, 403)
    booking.client.refresh_from_db()
    assert booking.client.tax_pin == ""  # needs change_booking

    client.force_login(admin_user("view_booking", "change_booking"))
    page = client.get(f"/admin/bookings/inspect/{booking.pk}/").content.decode()
    assert url in page and 'data-testid="tax-pin"' in page
    bad = client.post(url, {"tax_pin": "nope"}, follow=True)
    assert "The tax PIN was not saved" in bad.content.decode()
    booking.client.refresh_from_db()
    assert booking.client.tax_pin == ""
    good = client.post(url, {"tax_pin": " p051234567x "})
    assert good.status_code == 302
    booking.client.refresh_from_db()
    assert booking.client.tax_pin == "P051234567X"

    invoice = _accept(api_client, booking, run_on_commit)
    assert "PIN: P051234567X" in pdf_text(_attachment(invoice.number))
