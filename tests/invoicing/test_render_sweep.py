"""A receipt whose PDF render was lost is rendered and emailed by the periodic sweep,
once; a fresh or already rendered document is left alone."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from invoicing.models import Document
from invoicing.tasks import sweep_document_pdfs
from tests.invoicing.test_documents_flow import _pay_with_stripe
from tests.payments.helpers import receipts

pytestmark = pytest.mark.django_db


def _lose_the_render(document, *, minutes_ago):
    # As if the render task never ran: no PDF yet, issued a while ago.
    Document.objects.filter(pk=document.pk).update(
        pdf_key="", issued_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def test_sweep_renders_and_emails_a_lost_receipt_once(
    api_client, client, booking, fake_stripe, run_on_commit
):
    _pay_with_stripe(api_client, client, booking, fake_stripe, run_on_commit)
    receipt = Document.objects.get(doc_type="RCT")
    _lose_the_render(receipt, minutes_ago=30)
    mail.outbox.clear()

    assert run_on_commit(sweep_document_pdfs.call_local) >= 1
    receipt.refresh_from_db()
    assert receipt.pdf_key
    [email] = receipts(mail.outbox, booking.client.email)
    assert email.attachments[0][0] == f"{receipt.number}.pdf"

    assert run_on_commit(sweep_document_pdfs.call_local) == 0  # nothing left to do
    assert len(receipts(mail.outbox, booking.client.email)) == 1


def test_sweep_leaves_a_document_whose_task_may_still_run(
    api_client, client, booking, fake_stripe, run_on_commit
):
    _pay_with_stripe(api_client, client, booking, fake_stripe, run_on_commit)
    receipt = Document.objects.get(doc_type="RCT")
    _lose_the_render(receipt, minutes_ago=1)  # inside the grace period
    mail.outbox.clear()

    assert run_on_commit(sweep_document_pdfs.call_local) == 0
    receipt.refresh_from_db()
    assert receipt.pdf_key == ""
    assert receipts(mail.outbox, booking.client.email) == []
