"""Lines issued before the VAT treatment was stored get the one recorded at issue: the
invoice line's note, the invoice's treatment for its receipt, the receipt's for its credit
note; an unmarked 0% line is zero-rated (the project-type rule), anything else standard."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from invoicing.models import DocumentLine
from tests.bookings.factories import BookingFactory

BEFORE = [("invoicing", "0001_documents_counters_tax_settings")]
AFTER = [("invoicing", "0002_line_vat_treatment")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_lines_take_the_treatment_recorded_at_issue():
    bookings = [BookingFactory() for _ in range(4)]
    old = _migrate(BEFORE)
    Document = old.get_model("invoicing", "Document")
    Line = old.get_model("invoicing", "DocumentLine")
    now = timezone.now()
    sequence = iter(range(1, 100))

    def issue(doc_type, booking, description, rate, *, corrects=None, minutes=0):
        gross = 11600
        vat = 1600 if Decimal(rate) else 0
        n = next(sequence)
        document = Document.objects.create(
            doc_type=doc_type, number=f"{doc_type}-2026-{n:05d}", year=2026, sequence=n,
            issued_at=now + timedelta(minutes=minutes), booking_id=booking.pk, currency="KES",
            prices_include_vat=True, seller={}, buyer={}, net_minor=gross - vat, vat_minor=vat,
            gross_minor=gross, corrects=corrects,
        )  # fmt: skip
        Line.objects.create(
            document=document, position=1, description=description, unit_minor=gross,
            vat_rate=Decimal(rate), net_minor=gross - vat, vat_minor=vat, gross_minor=gross,
        )  # fmt: skip
        return document.number

    exempt, zero, typed, standard = bookings
    expected = {
        issue("INV", exempt, "Site (X) (VAT exempt)", "0"): "exempt",
        issue("INV", zero, "CV (Y) (zero-rated)", "0"): "zero_rated",
        issue("INV", typed, "CV (Z)", "0"): "zero_rated",
        issue("INV", standard, "App (W)", "16"): "standard",
    }
    # A receipt reused its invoice's rate (not the note); a credit note its receipt's.
    receipt = issue("RCT", exempt, "Invoice INV: payment", "0", minutes=1)
    expected[receipt] = "exempt"
    corrected = Document.objects.get(number=receipt)
    expected[issue("CRN", exempt, "Refund", "0", corrects=corrected, minutes=2)] = "exempt"
    expected[issue("RCT", standard, "Invoice INV: payment", "16", minutes=1)] = "standard"
    try:
        _migrate(AFTER)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    got = {
        line.document.number: line.vat_treatment
        for line in DocumentLine.objects.select_related("document")
    }
    assert got == expected
