"""Staff downloads in the Wagtail admin: one document's PDF, and the CSV export."""

import csv
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from invoicing import delivery
from invoicing.models import Document
from payments.money import format_major

PERMISSION = "invoicing.view_document"
CSV_HEADER = ["number", "date", "type", "net", "vat", "gross", "currency", "provider", "reference"]


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
    documents = Document.objects.order_by("doc_type", "year", "sequence")
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
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="tax-documents.csv"'
    return response
