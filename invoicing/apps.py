from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "invoicing"
    verbose_name = "Invoicing"

    def ready(self):
        from bookings import hooks
        from invoicing.selectors import client_documents
        from invoicing.services import invoice_issue_for_booking

        # Accepted terms issue the invoice; bookings does not import invoicing.
        hooks.register(invoice_issue=invoice_issue_for_booking, client_documents=client_documents)
