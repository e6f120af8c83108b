"""The VAT treatment is part of each line: receipts and credit notes keep their invoice's,
the PDF's VAT summary has a row per treatment, the accountant's CSV splits the net."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from invoicing import services
from invoicing.models import Document, DocumentLine, DocumentType, LineTreatment
from tests.bookings.factories import BookingFactory
from tests.cms.factories import SiteTree, service
from tests.invoicing.conftest import pdf_text
from tests.invoicing.test_documents_flow import _pay_with_stripe
from tests.payments.factories import PayableBookingFactory
from tests.payments.fakes.stripe import event
from tests.payments.helpers import post_stripe

pytestmark = pytest.mark.django_db

STANDARD, ZERO, EXEMPT = LineTreatment.STANDARD, LineTreatment.ZERO_RATED, LineTreatment.EXEMPT


def _export(client, **params) -> list[list[str]]:
    response = client.get(reverse("invoicing_documents:export"), params)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def mixed(run_on_commit):
    """An invoice with a standard, a zero-rated and an exempt line (prices include VAT)."""
    booking = BookingFactory(currency="KES")

    def issue():
        return services._issue(
            doc_type=DocumentType.INVOICE,
            booking=booking,
            currency="KES",
            inclusive=True,
            lines=[
                ("Web application", 116000, 1, (Decimal("16"), STANDARD)),
                ("CV writing", 20000, 2, (Decimal("0"), ZERO)),
                ("Training course", 30000, 1, (Decimal("0"), EXEMPT)),
            ],
        )

    return run_on_commit(issue)  # the render task runs after the commit


def test_pdf_has_a_vat_summary_row_per_treatment(client, admin_user, mixed):
    client.force_login(admin_user)
    response = client.get(reverse("invoicing_documents:pdf", args=[mixed.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    # Label, net, VAT, in this order, one row each.
    for row in (
        ["Standard-rated 16%", "KES 1,000.00", "KES 160.00"],
        ["Zero-rated 0%", "KES 400.00", "KES 0.00"],
        ["Exempt (no VAT)", "KES 300.00", "no VAT"],
    ):
        assert "\n".join(row) in text, row
    assert "\n".join(["Net", "KES 1,700.00", "VAT", "KES 160.00", "Total", "KES 1,860.00"]) in text
    assert "Exempt\n" in text and "0% zero\n" in text  # the lines' VAT column


def test_csv_splits_the_net_by_treatment(client, admin_user, mixed):
    client.force_login(admin_user)
    header, row = _export(client, doc_type="INV")
    assert header[-3:] == ["standard_net", "zero_rated_net", "exempt_net"]
    values = dict(zip(header, row, strict=True))
    assert values["number"] == mixed.number
    assert (values["net"], values["vat"], values["gross"]) == ("1700.00", "160.00", "1860.00")
    split = [values["standard_net"], values["zero_rated_net"], values["exempt_net"]]
    assert split == ["1000.00", "400.00", "300.00"]
    assert sum(Decimal(v) for v in split) == Decimal(values["net"])


def test_receipt_and_credit_note_keep_the_invoices_treatment(
    api_client, client, fake_stripe, run_on_commit, admin_user
):
    tree = SiteTree()
    service(tree, 1, slug="training", vat_treatment="exempt")
    booking = PayableBookingFactory(service_slug="training")
    session = _pay_with_stripe(api_client, client, booking, fake_stripe, run_on_commit)
    refunded = event("charge.refunded", fake_stripe.refund_externally(session["id"], 50000))
    assert run_on_commit(post_stripe, client, refunded).status_code == 200

    for doc_type in ("INV", "RCT", "CRN"):
        line = Document.objects.get(doc_type=doc_type).lines.get()
        assert (line.vat_treatment, line.vat_rate, line.vat_minor) == (EXEMPT, 0, 0), doc_type
    client.force_login(admin_user)
    rows = _export(client, doc_type="RCT")
    values = dict(zip(rows[0], rows[1], strict=True))
    assert (values["standard_net"], values["zero_rated_net"]) == ("0.00", "0.00")
    assert values["exempt_net"] == values["net"] == "1500.00"


def test_an_untaxed_line_cannot_carry_vat(mixed):
    line = mixed.lines.get(vat_treatment=EXEMPT)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentLine.objects.filter(pk=line.pk).update(vat_rate=Decimal("16"), vat_minor=4138)
