"""Tax documents (invoice, receipt, credit note), their lines, and the per-series counters
that give them gap-free numbers. A document is written once, by invoicing.services, and
never edited afterwards: a correction is a credit note."""

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from payments.money import display


class DocumentType(models.TextChoices):
    INVOICE = "INV", "Invoice"
    RECEIPT = "RCT", "Receipt"
    CREDIT_NOTE = "CRN", "Credit note"


class LineTreatment(models.TextChoices):
    """How a line is taxed, stored so the VAT summary and the accountant's export can tell
    zero-rated (taxable at 0%) from exempt (outside VAT) supplies."""

    STANDARD = "standard", "Standard-rated"
    ZERO_RATED = "zero_rated", "Zero-rated"
    EXEMPT = "exempt", "Exempt"


class DocumentCounter(models.Model):
    """One row per (series, year); the issuing transaction locks it, so numbers are handed
    out one at a time and a rolled-back issue gives its number back (no gap)."""

    series = models.CharField(max_length=3, choices=DocumentType.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="invoicing_counter_unique")
        ]

    def __str__(self):
        return f"{self.series}-{self.year}: {self.last_number}"


class Document(models.Model):
    # Records, not content: nothing here points at a page, image or snippet, so
    # Wagtail's reference index (admin "usage") gains nothing from indexing every save.
    wagtail_reference_index_ignore = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    doc_type = models.CharField("type", max_length=3, choices=DocumentType.choices)
    number = models.CharField(max_length=20, unique=True)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    issued_at = models.DateTimeField(db_index=True)
    booking = models.ForeignKey(
        "bookings.Booking", on_delete=models.PROTECT, related_name="tax_documents"
    )
    payment = models.ForeignKey(
        "payments.Payment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refund = models.ForeignKey(
        "payments.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes"
    )
    currency = models.CharField(max_length=3)
    prices_include_vat = models.BooleanField()
    seller = models.JSONField(help_text="Seller details as printed, frozen at issue.")
    buyer = models.JSONField(help_text="Buyer details as printed, frozen at issue.")
    net_minor = models.BigIntegerField()
    vat_minor = models.BigIntegerField()
    gross_minor = models.BigIntegerField()
    amount_due_minor = models.BigIntegerField(
        null=True, blank=True, help_text="Invoices: the deposit due now."
    )
    provider = models.CharField(max_length=16, blank=True)
    reference = models.CharField(max_length=255, blank=True)
    pdf_key = models.CharField(max_length=255, blank=True, help_text="Private storage key.")

    class Meta:
        ordering = ["-issued_at", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "year", "sequence"], name="invoicing_unique_sequence"
            ),
            models.UniqueConstraint(
                fields=["booking"], condition=Q(doc_type="INV"), name="invoicing_one_invoice"
            ),
            models.UniqueConstraint(
                fields=["payment"], condition=Q(doc_type="RCT"), name="invoicing_one_receipt"
            ),
            models.UniqueConstraint(
                fields=["refund"], condition=Q(doc_type="CRN"), name="invoicing_one_credit_note"
            ),
        ]

    def __str__(self):
        return f"{self.get_doc_type_display()} {self.number}"

    def money(self, minor: int | None) -> str:
        return "" if minor is None else display(minor, self.currency)

    @property
    def gross_display(self) -> str:
        return self.money(self.gross_minor)


class DocumentLine(models.Model):
    wagtail_reference_index_ignore = True  # records, not content (see Document)

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=500)
    quantity = models.PositiveIntegerField(default=1)
    unit_minor = models.BigIntegerField()
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2)
    vat_treatment = models.CharField(max_length=10, choices=LineTreatment.choices)
    net_minor = models.BigIntegerField()
    vat_minor = models.BigIntegerField()
    gross_minor = models.BigIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="invoicing_line_unique"),
            # Only a standard-rated line carries VAT.
            models.CheckConstraint(
                condition=Q(vat_treatment=LineTreatment.STANDARD) | Q(vat_rate=0, vat_minor=0),
                name="invoicing_line_untaxed_has_no_vat",
            ),
        ]

    def __str__(self):
        return self.description


@register_setting(icon="doc-full")
class TaxSettings(BaseGenericSetting):
    """Seller details and VAT rules printed on invoices, receipts and credit notes."""

    legal_name = models.CharField(
        max_length=200, blank=True, help_text="Registered company name; the site name if empty."
    )
    address = models.TextField(blank=True, help_text="Postal / physical address, as printed.")
    kra_pin = models.CharField("KRA PIN", max_length=20, blank=True)
    vat_number = models.CharField("VAT number", max_length=40, blank=True)
    vat_rate = models.DecimalField(
        "VAT rate (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("16.00"),
        help_text="Standard rate applied to every line unless the project type is zero-rated.",
    )
    prices_include_vat = models.BooleanField(
        default=True, help_text="Quoted amounts already include VAT (VAT is worked out of them)."
    )
    zero_rated_project_types = models.CharField(
        max_length=200,
        blank=True,
        help_text="Comma-separated project types taxed at 0% (e.g. RESUME,DOCUMENT_EDIT).",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("legal_name"),
                FieldPanel("address"),
                FieldPanel("kra_pin"),
                FieldPanel("vat_number"),
            ],
            heading="Seller details",
        ),
        MultiFieldPanel(
            [
                FieldPanel("vat_rate"),
                FieldPanel("prices_include_vat"),
                FieldPanel("zero_rated_project_types"),
            ],
            heading="VAT",
        ),
    ]

    class Meta:
        verbose_name = "tax and invoicing"

    def is_zero_rated(self, project_type: str) -> bool:
        zero = {p.strip().upper() for p in self.zero_rated_project_types.split(",") if p.strip()}
        return project_type.upper() in zero
