"""Wagtail admin: payments (list, inspect, refund), the webhook inbox (failed events,
replay) and reconciliation runs (mismatch report, run now). Nothing here edits a payment
by hand: rows change only through services."""

from datetime import timedelta

from django.db.models import Q
from django.urls import path
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from accounts.admin_base import ReadOnlyPolicy, ReadOnlyViewSet
from core.dashboard import ATTENTION_PANEL_HOOK, SHOWN, AttentionPanel, AttentionRow, admin_url
from payments import admin_views, services
from payments.models import (
    Payment,
    PaymentStatus,
    ReconciliationRun,
    RefundStatus,
    WebhookEvent,
)

# A checkout still pending after this long is stuck, not in progress.
PENDING_TOO_LONG = timedelta(minutes=30)
RECENT_FAILURES = timedelta(days=7)

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


@hooks.register(ATTENTION_PANEL_HOOK)
def payments_panel(request) -> AttentionPanel | None:
    if not request.user.has_perm("payments.view_payment"):
        return None
    now = timezone.now()
    needing_action = (
        Payment.objects.filter(
            Q(status=PaymentStatus.FAILED, updated_at__gte=now - RECENT_FAILURES)
            | Q(status=PaymentStatus.PENDING, created_at__lte=now - PENDING_TOO_LONG)
            | Q(refunds__status=RefundStatus.PENDING)
        )
        .distinct()
        .select_related("booking")
        .order_by("created_at", "pk")
    )
    rows = []
    for payment in needing_action[:SHOWN]:
        if payment.status == PaymentStatus.FAILED:
            why = f"Failed: {payment.failure_message or payment.failure_code or 'no reason given'}"
        elif payment.status == PaymentStatus.PENDING:
            why = f"Pending since {payment.created_at:%d %b %H:%M}"
        else:
            why = "Refund pending"
        rows.append(
            AttentionRow(
                title=f"{payment.booking.public_reference} · {payment.amount_display}",
                detail=f"{payment.get_provider_display()} · {why}",
                url=admin_url("payment:inspect", payment.pk),
            )
        )
    return AttentionPanel(
        key="payments",
        heading="Payments needing action",
        total=needing_action.count(),
        list_url=admin_url("payment:index"),
        empty_text="No failed, stuck or refunding payment.",
        rows=rows,
        order=30,
    )
