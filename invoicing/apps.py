from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "invoicing"
    verbose_name = "Invoicing"

    def ready(self):
        from bookings import hooks
        from invoicing.selectors import client_documents
        from invoicing.services import (
            credit_note_issue_for_refund,
            invoice_issue_for_booking,
            receipt_issue_for_payment,
        )
        from payments import hooks as payment_hooks

        # Accepted terms issue the invoice, payments and refunds their receipt and credit
        # note; neither bookings nor payments imports invoicing.
        hooks.register(invoice_issue=invoice_issue_for_booking, client_documents=client_documents)
        payment_hooks.register(
            receipt_issue=receipt_issue_for_payment, credit_note_issue=credit_note_issue_for_refund
        )
