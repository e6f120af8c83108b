"""Issuing tax documents. Each issue runs inside the caller's transaction (the payment or
booking row is already locked there), allocates a number under the counter's row lock,
freezes seller and buyer details, and on commit queues the PDF and sends document_issued.

Idempotent per source: one invoice per booking, one receipt per payment, one credit note
per refund (unique constraints back this up)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cms.models import BrandingSettings, ServicePage
from cms.models.pages import VatTreatment
from invoicing import vat
from invoicing.models import Document, DocumentLine, DocumentType, LineTreatment, TaxSettings
from invoicing.numbering import allocate_number
from invoicing.signals import document_issued
from payments.money import to_minor


def _seller() -> dict:
    tax = TaxSettings.load()
    site_name = BrandingSettings.load().site_name
    return {
        "site_name": site_name,
        "legal_name": tax.legal_name or site_name,
        "address": tax.address,
        "kra_pin": tax.kra_pin,
        "vat_number": tax.vat_number,
    }


def _buyer(booking) -> dict:
    client = booking.client
    return {
        "name": client.name,
        "organisation": client.organisation,
        "email": client.email,
        # Optional buyer PIN: read if the client model carries one.
        "tax_pin": getattr(client, "tax_pin", "") or "",
    }


def _after_commit(document: Document) -> None:
    from invoicing.tasks import render_document_pdf

    def go():
        render_document_pdf(str(document.pk))
        document_issued.send(sender=Document, document=document)

    transaction.on_commit(go)


def _issue(
    *, doc_type, booking, currency, inclusive, lines, amount_due_minor=None, **links
) -> Document:
    """``lines``: [(description, unit_minor, quantity, (rate, treatment))]."""
    now = timezone.now()
    sequence, number = allocate_number(doc_type, timezone.localtime(now).year)
    amounts = [vat.line_amounts(u, q, r, inclusive=inclusive) for _, u, q, (r, _t) in lines]
    total = vat.totals(amounts)
    document = Document.objects.create(
        doc_type=doc_type,
        number=number,
        year=timezone.localtime(now).year,
        sequence=sequence,
        issued_at=now,
        booking=booking,
        currency=currency,
        prices_include_vat=inclusive,
        seller=_seller(),
        buyer=_buyer(booking),
        net_minor=total.net_minor,
        vat_minor=total.vat_minor,
        gross_minor=total.gross_minor,
        amount_due_minor=amount_due_minor,
        **links,
    )
    DocumentLine.objects.bulk_create(
        DocumentLine(
            document=document,
            position=index,
            description=description[:500],
            quantity=quantity,
            unit_minor=unit,
            vat_rate=rate,
            vat_treatment=treatment,
            net_minor=amount.net_minor,
            vat_minor=amount.vat_minor,
            gross_minor=amount.gross_minor,
        )
        for index, ((description, unit, quantity, (rate, treatment)), amount) in enumerate(
            zip(lines, amounts, strict=True), start=1
        )
    )
    _after_commit(document)
    return document


_UNTAXED = {
    VatTreatment.ZERO_RATED: LineTreatment.ZERO_RATED,
    VatTreatment.EXEMPT: LineTreatment.EXEMPT,
}


def vat_rule(booking) -> tuple[Decimal, LineTreatment]:
    """(rate, treatment) for a booking's line: its service page's VAT treatment when the
    booking names a live service that sets one, else the project-type rule (a type on the
    zero-rated list is zero-rated)."""
    tax = TaxSettings.load()
    service = (
        ServicePage.objects.live().filter(slug=booking.service_slug).first()
        if booking.service_slug
        else None
    )
    treatment = service.vat_treatment if service else VatTreatment.DEFAULT
    if treatment in _UNTAXED:
        return Decimal("0"), _UNTAXED[treatment]
    if treatment == VatTreatment.STANDARD:
        return tax.vat_rate, LineTreatment.STANDARD
    if tax.is_zero_rated(booking.project_type):
        return Decimal("0"), LineTreatment.ZERO_RATED
    return tax.vat_rate, LineTreatment.STANDARD


def invoice_issue_for_booking(*, booking) -> Document | None:
    """The invoice for an accepted quotation: the quoted total, with the deposit due.
    Prices follow TaxSettings.prices_include_vat. None when the booking has no quote."""
    existing = Document.objects.filter(doc_type=DocumentType.INVOICE, booking=booking).first()
    if existing or booking.quoted_amount is None:
        return existing
    tax = TaxSettings.load()
    currency = booking.currency
    rule = vat_rule(booking)
    return _issue(
        doc_type=DocumentType.INVOICE,
        booking=booking,
        currency=currency,
        inclusive=tax.prices_include_vat,
        lines=[
            (
                f"{booking.title} ({booking.public_reference})",
                to_minor(booking.quoted_amount, currency),
                1,
                rule,
            )
        ],
        amount_due_minor=(
            to_minor(booking.deposit_amount, currency) if booking.deposit_amount else None
        ),
        reference=booking.public_reference,
    )


def _line_rule(document: Document) -> tuple[Decimal, str]:
    line = document.lines.first()
    return line.vat_rate, line.vat_treatment


def receipt_issue_for_payment(*, payment) -> Document:
    """A receipt for money received. The amount received always includes VAT, so a
    receipt works VAT out of it whatever the invoice's price convention."""
    existing = Document.objects.filter(doc_type=DocumentType.RECEIPT, payment=payment).first()
    if existing:
        return existing
    booking = payment.booking
    invoice = invoice_issue_for_booking(booking=booking)
    against = f"Invoice {invoice.number}: p" if invoice else "P"
    return _issue(
        doc_type=DocumentType.RECEIPT,
        booking=booking,
        currency=payment.currency,
        inclusive=True,
        lines=[
            (
                f"{against}ayment for {booking.public_reference} {booking.title}",
                payment.amount_minor,
                1,
                _line_rule(invoice) if invoice else vat_rule(booking),
            )
        ],
        payment=payment,
        provider=payment.provider,
        reference=payment.provider_receipt or payment.provider_reference or str(payment.pk),
    )


def credit_note_issue_for_refund(*, refund, payment) -> Document:
    existing = Document.objects.filter(doc_type=DocumentType.CREDIT_NOTE, refund=refund).first()
    if existing:
        return existing
    receipt = receipt_issue_for_payment(payment=payment)
    return _issue(
        doc_type=DocumentType.CREDIT_NOTE,
        booking=payment.booking,
        currency=refund.currency,
        inclusive=True,
        lines=[
            (
                f"Refund against receipt {receipt.number}",
                refund.amount_minor,
                1,
                _line_rule(receipt),
            )
        ],
        refund=refund,
        corrects=receipt,
        payment=payment,
        provider=payment.provider,
        reference=refund.provider_refund_id,
    )
