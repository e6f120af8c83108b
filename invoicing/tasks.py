"""Huey tasks: each fetches ids and calls a service."""

from huey.contrib.djhuey import db_task

from invoicing import delivery


@db_task(retries=3, retry_delay=60)
def render_document_pdf(document_id: str):
    document = delivery.document_render_pdf(document_id=document_id)
    return document.pdf_key if document else None
