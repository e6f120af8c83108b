"""A booking's documents through the public flows: terms accepted (invoice), Stripe
webhook (receipt, emailed with its PDF), refund webhook (credit note)."""

from decimal import Decimal

import pytest
from django.core import mail

from bookings.models import BookingStatus
from invoicing.models import Document, TaxSettings
from invoicing.signals import document_issued
from payments.models import Payment, PaymentStatus
from tests.bookings.factories import BookingFactory
from tests.invoicing.conftest import pdf_text
from tests.payments.fakes.stripe import event
from tests.payments.helpers import create_payment, post_stripe

pytestmark = pytest.mark.django_db


def _pdf_attachment(number):
    for message in mail.outbox:
        for filename, content, mimetype in message.attachments:
            if filename == f"{number}.pdf":
                assert mimetype == "application/pdf"
                return message, content
    raise AssertionError(f"no email carries {number}.pdf")


def _pay_with_stripe(api_client, client, booking, fake_stripe, run_on_commit):
    response = create_payment(api_client, booking, "stripe")
    assert response.status_code == 201, response.json()
    session = fake_stripe.sessions[response.json()["sessionId"]]
    paid = event("checkout.session.completed", fake_stripe.pay(session["id"]))
    assert run_on_commit(post_stripe, client, paid).status_code == 200
    assert run_on_commit(post_stripe, client, paid).status_code == 200  # duplicate delivery
    return session


def test_accepting_terms_issues_the_invoice_for_the_quote(api_client, settings, run_on_commit):
    tax = TaxSettings.load()
    tax.legal_name, tax.kra_pin, tax.vat_number = "AngiSoft Technologies Ltd", "P051234567X", "V1"
    tax.save()
    booking = BookingFactory(
        status=BookingStatus.ACCEPTED,
        quoted_amount="11600.00",
        deposit_amount="5800.00",
        currency="KES",
        project_type="SOFTWARE",
    )
    response = run_on_commit(
        api_client.post,
        f"/api/bookings/reference/{booking.public_reference}/actions",
        {"action": "ACCEPT_QUOTATION"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {booking.token}",
    )
    assert response.status_code == 200, response.json()

    invoice = Document.objects.get(booking=booking)
    assert invoice.doc_type == "INV"
    assert invoice.number.startswith("INV-") and invoice.number.endswith("-00001")
    # Default: prices include 16% VAT.
    assert (invoice.net_minor, invoice.vat_minor, invoice.gross_minor) == (1000000, 160000, 1160000)
    assert invoice.amount_due_minor == 580000
    assert invoice.seller["kra_pin"] == "P051234567X"
    _, content = _pdf_attachment(invoice.number)
    text = pdf_text(content)
    for expected in (
        "TAX INVOICE",
        invoice.number,
        "AngiSoft Technologies Ltd",
        "KRA PIN: P051234567X",
        booking.client.name,
        "KES 10,000.00",
        "KES 1,600.00",
        "KES 11,600.00",
        "KES 5,800.00",
        "16%",
    ):
        assert expected in text, expected


def test_exclusive_prices_and_zero_rated_project_types(api_client, settings, run_on_commit):
    tax = TaxSettings.load()
    tax.prices_include_vat = False
    tax.zero_rated_project_types = "RESUME"
    tax.save()
    quote = {"quoted_amount": "100.00", "deposit_amount": "50.00", "currency": "USD"}
    software = BookingFactory(status=BookingStatus.ACCEPTED, project_type="SOFTWARE", **quote)
    resume = BookingFactory(status=BookingStatus.ACCEPTED, project_type="RESUME", **quote)
    for booking in (software, resume):
        response = run_on_commit(
            api_client.post,
            f"/api/bookings/reference/{booking.public_reference}/actions",
            {"action": "ACCEPT_QUOTATION"},
            format="json",
            HTTP_AUTHORIZATION=f"Bearer {booking.token}",
        )
        assert response.status_code == 200
    taxed = Document.objects.get(booking=software)
    assert (taxed.net_minor, taxed.vat_minor, taxed.gross_minor) == (10000, 1600, 11600)
    assert taxed.currency == "USD"
    zero = Document.objects.get(booking=resume)
    assert (zero.net_minor, zero.vat_minor, zero.gross_minor) == (10000, 0, 10000)
    assert zero.lines.get().vat_rate == Decimal("0")
    assert [d.number[-5:] for d in (taxed, zero)] == ["00001", "00002"]


def test_paid_booking_gets_invoice_and_receipt_by_email(
    api_client, client, booking, fake_stripe, run_on_commit
):
    issued = []
    document_issued.connect(
        lambda sender, document, **kw: issued.append(document.number),
        weak=False,
        dispatch_uid="test-seam",
    )
    try:
        _pay_with_stripe(api_client, client, booking, fake_stripe, run_on_commit)
        assert Payment.objects.get().status == PaymentStatus.SUCCEEDED
    finally:
        document_issued.disconnect(dispatch_uid="test-seam")

    invoice = Document.objects.get(doc_type="INV")
    receipt = Document.objects.get(doc_type="RCT")
    assert sorted(issued) == sorted([invoice.number, receipt.number])
    assert receipt.payment == Payment.objects.get()
    assert receipt.provider == "stripe"
    # 1,500.00 paid including 16% VAT: 206.90 VAT (206.896... rounded half up).
    assert (receipt.gross_minor, receipt.vat_minor, receipt.net_minor) == (150000, 20690, 129310)
    message, content = _pdf_attachment(receipt.number)
    assert message.to == [booking.client.email]
    assert "/api/invoicing/documents/" in message.body
    text = pdf_text(content)
    for expected in ("RECEIPT", receipt.number, "KES 1,293.10", "KES 206.90", "KES 1,500.00"):
        assert expected in text, expected
    assert invoice.number in text  # the receipt's line names the invoice it pays


def test_refund_issues_a_credit_note(api_client, client, booking, fake_stripe, run_on_commit):
    session = _pay_with_stripe(api_client, client, booking, fake_stripe, run_on_commit)
    refunded = event("charge.refunded", fake_stripe.refund_externally(session["id"], 50000))
    assert run_on_commit(post_stripe, client, refunded).status_code == 200
    assert run_on_commit(post_stripe, client, refunded).status_code == 200  # duplicate

    note = Document.objects.get(doc_type="CRN")
    receipt = Document.objects.get(doc_type="RCT")
    assert note.corrects == receipt
    assert note.number.endswith("-00001") and note.number.startswith("CRN-")
    assert (note.gross_minor, note.vat_minor) == (50000, 6897)
    _, content = _pdf_attachment(note.number)
    text = pdf_text(content)
    assert "CREDIT NOTE" in text and receipt.number in text and "KES 500.00" in text
