"""Reads for the client: the booking's issued documents with short-lived signed links."""

from invoicing.delivery import document_download_url, document_filename
from invoicing.models import Document
from invoicing.pdf import TITLES
from payments.money import format_major


def client_documents(booking_id) -> list[dict]:
    """The booking's documents whose PDF is ready, oldest first: [{id, type, title, number,
    issuedAt, amount, currency, filename, url}] with an absolute, expiring `url`."""
    documents = Document.objects.filter(booking_id=booking_id, pdf_key__gt="").order_by(
        "issued_at", "number"
    )
    return [
        {
            "id": str(document.pk),
            "type": document.doc_type,
            "title": f"{TITLES[document.doc_type].capitalize()} {document.number}",
            "number": document.number,
            "issuedAt": document.issued_at.isoformat(),
            "amount": format_major(document.gross_minor, document.currency),
            "amountDisplay": document.gross_display,
            "currency": document.currency,
            "filename": document_filename(document),
            "url": document_download_url(document),
        }
        for document in documents
    ]
