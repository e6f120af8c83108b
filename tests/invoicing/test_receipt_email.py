"""One receipt email per settled payment: the payment's details and the receipt PDF in
the same message, once, however often the provider reports the payment."""

import pytest
from django.core import mail

from invoicing.models import Document
from payments.models import Payment
from tests.invoicing.conftest import pdf_text
from tests.invoicing.test_documents_flow import _pay_with_stripe
from tests.payments.helpers import receipts

pytestmark = pytest.mark.django_db


def test_one_receipt_email_with_the_pdf(api_client, client, booking, fake_stripe, run_on_commit):
    _pay_with_stripe(api_client, client, booking, fake_stripe, run_on_commit)  # twice
    receipt = Document.objects.get(doc_type="RCT")
    payment = Payment.objects.get()

    [email] = receipts(mail.outbox, booking.client.email)
    to_client = [m for m in mail.outbox if booking.client.email in m.to]
    assert not [m for m in to_client if receipt.number in m.subject]  # no second email
    [(filename, content, mimetype)] = email.attachments
    assert (filename, mimetype) == (f"{receipt.number}.pdf", "application/pdf")
    assert receipt.number in pdf_text(content)
    for expected in (
        receipt.number,
        payment.provider_receipt,
        "KES 1,500.00",
        booking.public_reference,
        booking.title,
        "/api/invoicing/documents/",
    ):
        assert expected in email.body, expected
    html = email.alternatives[0][0]
    assert receipt.number in html and "/api/invoicing/documents/" in html
