"""Staff downloads in the Wagtail admin: one document's PDF, and the CSV export."""

import csv
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from invoicing import delivery
from invoicing.models import Document, LineTreatment
from payments.money import format_major

PERMISSION = "invoicing.view_document"
# The net split by VAT treatment comes last, so imports keyed on the first columns still
# work: standard + zero-rated + exempt net == net on every row.
NET_BY_TREATMENT = {
    "standard_net": LineTreatment.STANDARD,
    "zero_rated_net": LineTreatment.ZERO_RATED,
    "exempt_net": LineTreatment.EXEMPT,
}
CSV_HEADER = [
    "number", "date", "type", "net", "vat", "gross", "currency", "provider", "reference",
    *NET_BY_TREATMENT,
]  # fmt: skip


def document_pdf(request, pk):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    document = get_object_or_404(Document, pk=pk, pdf_key__gt="")
    response = HttpResponse(delivery.document_pdf_bytes(document), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{delivery.document_filename(document)}"'
    )
    return response


def _day(value: str, *, end: bool):
    try:
        day = datetime.strptime(value[:10], "%Y-%m-%d").date()
    except ValueError:
        return None
    moment = datetime.combine(day, datetime.max.time() if end else datetime.min.time())
    return timezone.make_aware(moment)


def documents_for_export(params) -> "list[Document]":
    documents = Document.objects.order_by("doc_type", "year", "sequence").annotate(
        **{
            column: Coalesce(
                Sum("lines__net_minor", filter=Q(lines__vat_treatment=treatment)), Value(0)
            )
            for column, treatment in NET_BY_TREATMENT.items()
        }
    )
    if params.get("doc_type"):
        documents = documents.filter(doc_type=params["doc_type"])
    if params.get("currency"):
        documents = documents.filter(currency=params["currency"].upper())
    start = _day(params.get("issued_at__gte", ""), end=False)
    end = _day(params.get("issued_at__lte", ""), end=True)
    if start:
        documents = documents.filter(issued_at__gte=start)
    if end:
        documents = documents.filter(issued_at__lte=end)
    return documents


class _Echo:
    def write(self, value):
        return value


def export_csv(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(CSV_HEADER)
        for doc in documents_for_export(request.GET).iterator():
            yield writer.writerow(
                [
                    doc.number,
                    timezone.localtime(doc.issued_at).date().isoformat(),
                    doc.get_doc_type_display(),
                    format_major(doc.net_minor, doc.currency),
                    format_major(doc.vat_minor, doc.currency),
                    format_major(doc.gross_minor, doc.currency),
                    doc.currency,
                    doc.provider,
                    doc.reference,
                    *(format_major(getattr(doc, c), doc.currency) for c in NET_BY_TREATMENT),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="tax-documents.csv"'
    return response
