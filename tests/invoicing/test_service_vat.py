"""VAT per service: a service page's VAT treatment wins for bookings of that service;
without one (or for an unknown service) the project-type rule applies. The treatment is
stored on each line and printed in the PDF's VAT summary."""

from decimal import Decimal

import pytest

from bookings.models import BookingStatus
from invoicing.models import Document, TaxSettings
from tests.bookings.factories import BookingFactory
from tests.cms.factories import SiteTree, service
from tests.invoicing.conftest import pdf_text
from tests.invoicing.test_buyer_tax_pin import _accept, _attachment

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return SiteTree()


def _invoice(api_client, run_on_commit, **fields):
    booking = BookingFactory(
        status=BookingStatus.ACCEPTED, quoted_amount="116.00", deposit_amount="50.00", **fields
    )
    return _accept(api_client, booking, run_on_commit)


@pytest.mark.parametrize(
    ("treatment", "project_type", "stored", "summary"),
    [
        ("exempt", "SOFTWARE", "exempt", ["Exempt (no VAT)", "KES 116.00", "no VAT"]),
        ("zero_rated", "SOFTWARE", "zero_rated", ["Zero-rated 0%", "KES 116.00", "KES 0.00"]),
        # The service overrides a zero-rated project type.
        ("standard", "RESUME", "standard", ["Standard-rated 16%", "KES 100.00", "KES 16.00"]),
        ("", "RESUME", "zero_rated", ["Zero-rated 0%", "KES 116.00", "KES 0.00"]),  # by type
        ("", "SOFTWARE", "standard", ["Standard-rated 16%", "KES 100.00", "KES 16.00"]),
    ],
)
def test_service_treatment_then_project_type(
    api_client, run_on_commit, tree, treatment, project_type, stored, summary
):
    tax = TaxSettings.load()
    tax.zero_rated_project_types = "RESUME"
    tax.save()
    service(tree, 1, slug="cv-writing", vat_treatment=treatment)
    invoice = _invoice(
        api_client, run_on_commit, service_slug="cv-writing", project_type=project_type
    )
    taxed = stored == "standard"
    assert (invoice.vat_minor, invoice.gross_minor) == (1600 if taxed else 0, 11600)
    line = invoice.lines.get()
    assert line.vat_treatment == stored
    assert line.vat_rate == (Decimal("16") if taxed else Decimal("0"))
    text = pdf_text(_attachment(invoice.number))
    assert "\n".join(summary) in text  # the summary row: label, net, VAT
    others = {"Standard-rated", "Zero-rated", "Exempt"} - {summary[0].split()[0]}
    assert not [label for label in others if label in text]


def test_unknown_or_unpublished_service_falls_back(api_client, run_on_commit, tree):
    service(tree, 2, slug="draft-service", vat_treatment="exempt", publish=False)
    draft = _invoice(api_client, run_on_commit, service_slug="draft-service")
    unknown = _invoice(api_client, run_on_commit, service_slug="no-such-service")
    assert draft.vat_minor == unknown.vat_minor == 1600
    assert Document.objects.count() == 2
