"""Each document line stores its VAT treatment (standard / zero-rated / exempt).

Existing lines take what was recorded at issue: the "(zero-rated)" / "(VAT exempt)" note
the service's treatment put on the invoice line; a receipt takes its booking's invoice's
treatment and a credit note its receipt's (they reused that rate); any other 0% line is
zero-rated (mostly the zero-rated project-type list; nothing recorded says otherwise);
everything else is standard."""

from django.db import migrations, models
from django.db.models import Q

NOTES = {"(VAT exempt)": "exempt", "(zero-rated)": "zero_rated"}


def _own(line) -> str:
    for note, treatment in NOTES.items():
        if line.description.endswith(note):
            return treatment
    return "zero_rated" if line.vat_rate == 0 else "standard"


def forwards(apps, schema_editor):
    Document = apps.get_model("invoicing", "Document")
    DocumentLine = apps.get_model("invoicing", "DocumentLine")
    first = {}  # document id -> treatment of its first line, invoices then receipts
    for doc_type in ("INV", "RCT", "CRN"):
        for document in Document.objects.filter(doc_type=doc_type).order_by("issued_at"):
            if doc_type == "RCT":
                source = (
                    Document.objects.filter(doc_type="INV", booking_id=document.booking_id)
                    .values_list("pk", flat=True)
                    .first()
                )
            else:
                source = document.corrects_id if doc_type == "CRN" else None
            for line in DocumentLine.objects.filter(document=document).order_by("position"):
                inherited = first.get(source)
                # A reused rate only: the source's treatment, if the rate still agrees.
                if inherited and (line.vat_rate == 0) == (inherited != "standard"):
                    line.vat_treatment = inherited
                else:
                    line.vat_treatment = _own(line)
                line.save(update_fields=["vat_treatment"])
                first.setdefault(document.pk, line.vat_treatment)


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0001_documents_counters_tax_settings")]

    operations = [
        migrations.AddField(
            model_name="documentline",
            name="vat_treatment",
            field=models.CharField(
                choices=[
                    ("standard", "Standard-rated"),
                    ("zero_rated", "Zero-rated"),
                    ("exempt", "Exempt"),
                ],
                default="standard",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="documentline",
            constraint=models.CheckConstraint(
                condition=Q(vat_treatment="standard") | Q(vat_rate=0, vat_minor=0),
                name="invoicing_line_untaxed_has_no_vat",
            ),
        ),
    ]
