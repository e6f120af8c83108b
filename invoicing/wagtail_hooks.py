"""Wagtail admin: documents listed read-only (filters by type, issue date, currency), the
PDF download and a CSV export for the accountant. Nothing here edits a document."""

from django.urls import path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from accounts.admin_base import ReadOnlyPolicy, ReadOnlyViewSet
from invoicing import admin_views
from invoicing.models import Document

register_permission_policy(Document, ReadOnlyPolicy(Document))


class DocumentViewSet(ReadOnlyViewSet):
    model = Document
    icon = "doc-full"
    menu_label = "Tax documents"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["number", "doc_type", "issued_at", "booking", "gross_display", "provider"]
    list_filter = {"doc_type": ["exact"], "issued_at": ["gte", "lte"], "currency": ["exact"]}
    search_fields = ["number", "reference"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "number",
        "doc_type",
        "issued_at",
        "booking",
        "currency",
        "prices_include_vat",
        "seller",
        "buyer",
        "net_minor",
        "vat_minor",
        "gross_minor",
        "amount_due_minor",
        "provider",
        "reference",
        "corrects",
    ]
    index_template_name = "invoicing/admin/document_index.html"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("pdf/<uuid:pk>/", admin_views.document_pdf, name="pdf"),
            path("export.csv", admin_views.export_csv, name="export"),
        ]


@hooks.register("register_admin_viewset")
def register_invoicing_viewset():
    return DocumentViewSet("invoicing_documents")
