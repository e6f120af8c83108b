"""One email per refund: the refund's details and the credit note PDF in the same message,
once, however often the provider reports the refund or the tasks run again."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from invoicing.models import Document
from invoicing.tasks import render_document_pdf, sweep_document_pdfs
from payments.models import Refund, WebhookEvent
from payments.tasks import process_webhook_event
from tests.invoicing.conftest import pdf_text
from tests.invoicing.test_documents_flow import _pay_with_stripe
from tests.payments.fakes.stripe import event
from tests.payments.helpers import post_stripe

pytestmark = pytest.mark.django_db


def _to_client(booking):
    return [m for m in mail.outbox if booking.client.email in m.to]


def _refund(client, fake_stripe, session, amount_minor, run_on_commit):
    refunded = event("charge.refunded", fake_stripe.refund_externally(session["id"], amount_minor))
    assert run_on_commit(post_stripe, client, refunded).status_code == 200
    assert run_on_commit(post_stripe, client, refunded).status_code == 200  # duplicate


def test_one_refund_email_with_the_credit_note_pdf(
    api_client, client, booking, fake_stripe, run_on_commit
):
    session = _pay_with_stripe(api_client, client, booking, fake_stripe, run_on_commit)
    mail.outbox.clear()

    _refund(client, fake_stripe, session, 50000, run_on_commit)
    note = Document.objects.get(doc_type="CRN")
    receipt = Document.objects.get(doc_type="RCT")
    refund = Refund.objects.get()
    # The tasks run again (a retried render, the periodic sweep): still one email.
    run_on_commit(render_document_pdf.call_local, str(note.pk))
    run_on_commit(sweep_document_pdfs.call_local)

    [email] = _to_client(booking)
    assert email.subject.startswith(f"Refund of KES 500.00 for booking {booking.public_reference}")
    [(filename, content, mimetype)] = email.attachments
    assert (filename, mimetype) == (f"{note.number}.pdf", "application/pdf")
    text = pdf_text(content)
    assert "CREDIT NOTE" in text and note.number in text and receipt.number in text
    for expected in (
        "KES 500.00",
        "KES 1,500.00",  # the deposit it was refunded from
        refund.payment.get_provider_display(),
        refund.provider_refund_id,
        note.number,
        receipt.number,
        "/api/invoicing/documents/",
    ):
        assert expected in email.body, expected
    html = email.alternatives[0][0]
    assert note.number in html and "/api/invoicing/documents/" in html


def test_each_refund_gets_its_own_email(api_client, client, booking, fake_stripe, run_on_commit):
    session = _pay_with_stripe(api_client, client, booking, fake_stripe, run_on_commit)
    mail.outbox.clear()

    _refund(client, fake_stripe, session, 50000, run_on_commit)
    _refund(client, fake_stripe, session, 20000, run_on_commit)

    notes = Document.objects.filter(doc_type="CRN").order_by("sequence")
    emails = _to_client(booking)
    assert len(notes) == len(emails) == 2
    assert [m.attachments[0][0] for m in emails] == [f"{n.number}.pdf" for n in notes]
    assert ["KES 500.00" in emails[0].subject, "KES 200.00" in emails[1].subject] == [True, True]


def test_a_lost_credit_note_render_is_swept_and_emailed_once(
    api_client, client, booking, fake_stripe, run_on_commit
):
    session = _pay_with_stripe(api_client, client, booking, fake_stripe, run_on_commit)
    mail.outbox.clear()
    # The stored event is processed, but the render task it queues on commit is lost
    # (on-commit work dropped).
    refunded = event("charge.refunded", fake_stripe.refund_externally(session["id"], 50000))
    assert post_stripe(client, refunded).status_code == 200
    process_webhook_event.call_local(WebhookEvent.objects.get(event_id=refunded["id"]).pk)
    note = Document.objects.get(doc_type="CRN")
    assert note.pdf_key == "" and _to_client(booking) == []  # no email without the PDF

    Document.objects.filter(pk=note.pk).update(issued_at=timezone.now() - timedelta(minutes=30))
    assert run_on_commit(sweep_document_pdfs.call_local) == 1
    assert run_on_commit(sweep_document_pdfs.call_local) == 0
    [email] = _to_client(booking)
    assert email.subject.startswith("Refund of KES 500.00")
    assert email.attachments[0][0] == f"{note.number}.pdf"
