"""Re-queue PDFs whose render task was lost or gave up (a killed worker, Redis down at
commit, retries spent). The receipt email goes out with the PDF, so without this a client
whose render failed would never get a receipt. The render is idempotent (pdf_key)."""

from datetime import timedelta

from django.utils import timezone

from invoicing.models import Document

# Long enough for the after-commit task (and its retries) to have run normally; older
# documents are left alone so one that can never render is not retried forever.
RENDER_GRACE = timedelta(minutes=10)
RENDER_HORIZON = timedelta(days=7)


def document_pdfs_sweep(*, limit: int = 100) -> int:
    """Queue a render for every recent document that still has no PDF; returns how many."""
    from invoicing.tasks import render_document_pdf

    now = timezone.now()
    due = list(
        Document.objects.filter(
            pdf_key="",
            issued_at__lte=now - RENDER_GRACE,
            issued_at__gte=now - RENDER_HORIZON,
        )
        .order_by("issued_at")
        .values_list("pk", flat=True)[:limit]
    )
    for document_id in due:
        render_document_pdf(str(document_id))
    return len(due)
