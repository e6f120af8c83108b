"""Huey tasks: each fetches ids and calls a service."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from invoicing import delivery
from invoicing.sweeps import document_pdfs_sweep


@db_task(retries=3, retry_delay=60)
def render_document_pdf(document_id: str):
    document = delivery.document_render_pdf(document_id=document_id)
    return document.pdf_key if document else None


@db_periodic_task(crontab(minute="*/10"))
def sweep_document_pdfs() -> int:
    """Documents whose PDF (and so whose email) never got done."""
    return document_pdfs_sweep()
