"""Wagtail admin: payments (list, inspect, refund), the webhook inbox (failed events,
replay) and reconciliation runs (mismatch report, run now). Nothing here edits a payment
by hand: rows change only through services."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from accounts.admin_base import ReadOnlyPolicy, ReadOnlyViewSet
from payments import admin_views, services
from payments.models import Payment, ReconciliationRun, WebhookEvent

for _model in (Payment, WebhookEvent, ReconciliationRun):
    register_permission_policy(_model, ReadOnlyPolicy(_model))


class PaymentViewSet(ReadOnlyViewSet):
    model = Payment
    icon = "form"
    menu_label = "Payments"
    list_display = ["__str__", "booking", "provider", "status", "provider_reference", "created_at"]
    list_filter = ["status", "provider"]
    search_fields = ["provider_reference", "provider_payment_id", "provider_receipt", "phone"]
    inspect_view_enabled = True
    inspect_template_name = "payments/admin/payment_inspect.html"
    inspect_view_fields = [
        "id",
        "booking",
        "provider",
        "status",
        "amount_display",
        "amount_refunded_minor",
        "received_amount_minor",
        "provider_reference",
        "provider_payment_id",
        "provider_receipt",
        "phone",
        "failure_code",
        "failure_message",
        "checkout_url",
        "expires_at",
        "succeeded_at",
        "created_at",
        "metadata",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("refund/<uuid:pk>/", admin_views.refund_payment, name="refund"),
        ]


class WebhookEventViewSet(ReadOnlyViewSet):
    model = WebhookEvent
    icon = "mail"
    menu_label = "Webhook inbox"
    list_display = ["__str__", "provider", "event_type", "status", "deliveries", "received_at"]
    list_filter = ["status", "provider", "event_type"]
    search_fields = ["event_id", "event_type", "error"]
    inspect_view_enabled = True
    inspect_template_name = "payments/admin/webhook_inspect.html"
    inspect_view_fields = [
        "provider",
        "event_id",
        "event_type",
        "status",
        "payment",
        "deliveries",
        "attempts",
        "received_at",
        "processed_at",
        "source_ip",
        "headers",
        "error",
        "body",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("replay/<int:pk>/", admin_views.replay_webhook, name="replay"),
        ]


class ReconciliationViewSet(ReadOnlyViewSet):
    model = ReconciliationRun
    icon = "tasks"
    menu_label = "Reconciliation"
    list_display = ["__str__", "checked", "repaired_count", "mismatch_count", "finished_at"]
    inspect_view_enabled = True
    index_template_name = "payments/admin/reconciliation_index.html"
    inspect_template_name = "payments/admin/reconciliation_inspect.html"
    inspect_view_fields = ["started_at", "finished_at", "checked"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("run/", admin_views.run_reconciliation, name="run"),
        ]


class PaymentsGroup(ModelViewSetGroup):
    menu_label = "Payments"
    menu_icon = "form"
    menu_order = 300
    items = (PaymentViewSet, WebhookEventViewSet, ReconciliationViewSet)


@hooks.register("register_admin_viewset")
def register_payments_viewsets():
    return PaymentsGroup()


@hooks.register("register_log_actions")
def register_payment_log_actions(actions):
    actions.register_action(services.AUDIT_REFUND, "Refund payment", "Payment refund requested")
    actions.register_action(admin_views.AUDIT_REPLAY, "Replay webhook", "Webhook event replayed")
