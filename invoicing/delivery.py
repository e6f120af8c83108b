"""After issue: render the PDF into private storage, email it to the client, and hand out
short-lived signed download links."""

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.exceptions import NotFound

from bookings.uploads import private_storage
from core.mail import send_email_on_commit
from invoicing.models import Document, DocumentType
from invoicing.pdf import TITLES, render_pdf
from payments.money import display

_SALT = "invoicing.document-download"
# One email per document, its PDF attached. A receipt's is the payment receipt email, a
# credit note's the refund email: payments sends neither itself.
EMAIL_TEMPLATES = {
    DocumentType.INVOICE: "invoicing_document",
    DocumentType.RECEIPT: "payments_receipt",
    DocumentType.CREDIT_NOTE: "payments_refund",
}


def document_filename(document: Document) -> str:
    return f"{document.number}.pdf"


def document_download_url(document: Document) -> str:
    # Bound to the booking too: a value only ever opens a document of the booking it names.
    payload = {"d": str(document.pk), "b": document.booking_id}
    signed = signing.dumps(payload, salt=_SALT, compress=False)
    path = reverse("invoicing:document-download", kwargs={"signed": signed})
    return f"{settings.BACKEND_URL}{path}"


def document_for_signed_value(signed: str) -> Document:
    try:
        payload = signing.loads(signed, salt=_SALT, max_age=settings.INVOICING_LINK_EXPIRY_SECONDS)
        return Document.objects.get(pk=payload["d"], booking_id=payload["b"], pdf_key__gt="")
    except (signing.BadSignature, Document.DoesNotExist, KeyError, TypeError, ValueError) as exc:
        raise NotFound("This download link is invalid or has expired.") from exc


def document_pdf_bytes(document: Document) -> bytes:
    with private_storage().open(document.pdf_key, "rb") as handle:
        return handle.read()


def _email_context(document: Document) -> dict:
    context = {
        "client_name": document.booking.client.name,
        "title": TITLES[document.doc_type].capitalize(),
        "number": document.number,
        "reference": document.booking.public_reference,
        "amount": document.gross_display,
        "download_url": document_download_url(document),
        "link_hours": settings.INVOICING_LINK_EXPIRY_SECONDS // 3600,
    }
    payment = document.payment
    if document.doc_type == DocumentType.RECEIPT and payment is not None:
        context.update(
            booking_title=document.booking.title,
            amount=payment.amount_display,
            provider=payment.get_provider_display(),
            receipt_number=payment.provider_receipt or str(payment.id),
            paid_at=timezone.localtime(payment.succeeded_at).strftime("%d %b %Y, %H:%M"),
            payment_id=str(payment.id),
        )
    refund = document.refund
    if document.doc_type == DocumentType.CREDIT_NOTE and refund is not None:
        context.update(
            amount=display(refund.amount_minor, refund.currency),
            payment_amount=payment.amount_display,
            provider=payment.get_provider_display(),
            refund_id=refund.provider_refund_id,
            corrects=document.corrects.number,
        )
    return context


def document_render_pdf(*, document_id) -> Document | None:
    """Render and store the PDF once, then email it to the client. Idempotent: a retried
    task finds pdf_key set and does nothing."""
    with transaction.atomic():
        document = (
            Document.objects.select_for_update(of=("self",))
            .select_related("booking__client", "corrects", "payment", "refund")
            .filter(pk=document_id)
            .first()
        )
        if document is None or document.pdf_key:
            return document
        content = render_pdf(document, compress=settings.INVOICING_PDF_COMPRESS)
        key = f"invoicing/{document.year}/{document.doc_type}/{document_filename(document)}"
        storage = private_storage()
        if storage.exists(key):  # left by a render whose transaction did not commit
            storage.delete(key)
        document.pdf_key = storage.save(key, ContentFile(content))
        document.save(update_fields=["pdf_key"])
        send_email_on_commit(
            EMAIL_TEMPLATES[document.doc_type],
            document.booking.client.email,
            _email_context(document),
            attachments=[
                {
                    "storage": "private",
                    "key": document.pdf_key,
                    "filename": document_filename(document),
                    "mimetype": "application/pdf",
                }
            ],
        )
    return document
