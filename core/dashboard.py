"""The admin dashboard's "needs attention" panels: new bookings, unanswered enquiries and
payments needing action. Each panel shows only what its reader may see (bookings through
bookings.selectors.bookings_visible_to, the rest behind their view permissions), with a
count, the few oldest items and a link to the full list.

To add a panel: write a function `(request) -> AttentionPanel | None` and append it to
PANEL_BUILDERS; return None when the user may not see that kind of item."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

SHOWN = 5
# A checkout still pending after this long is stuck, not in progress.
PENDING_TOO_LONG = timedelta(minutes=30)
RECENT_FAILURES = timedelta(days=7)


@dataclass
class AttentionRow:
    title: str
    detail: str
    url: str


@dataclass
class AttentionPanel(Component):
    key: str
    heading: str
    total: int
    list_url: str
    empty_text: str
    rows: list[AttentionRow] = field(default_factory=list)
    order: int = 50  # before Wagtail's own panels (pages for moderation is 200)
    template_name = "wagtailadmin/home/attention_panel.html"

    @property
    def name(self):
        return f"attention_{self.key}"

    def get_context_data(self, parent_context):
        return {"panel": self}


def _url(name, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # a viewset renamed or not installed: show the panel anyway
        return ""


def new_bookings_panel(request) -> AttentionPanel | None:
    from bookings import selectors
    from bookings.admin_views import VIEW_PERMS
    from bookings.models import BookingStatus

    user = request.user
    if not any(user.has_perm(perm) for perm in VIEW_PERMS):
        return None
    waiting = (
        selectors.bookings_visible_to(user)
        .filter(status__in=[BookingStatus.SUBMITTED, BookingStatus.UNDER_REVIEW])
        .select_related("client")
        .order_by("created_at", "pk")
    )
    rows = [
        AttentionRow(
            title=f"{b.public_reference} · {b.title}",
            detail=f"{b.get_status_display()} · {b.client.name} · {b.created_at:%d %b %Y}",
            url=_url("booking_admin:inspect", b.pk),
        )
        for b in waiting[:SHOWN]
    ]
    return AttentionPanel(
        key="bookings",
        heading="New bookings to review",
        total=waiting.count(),
        list_url=_url("booking_admin:index") + "?status=SUBMITTED",
        empty_text="No booking is waiting for a review.",
        rows=rows,
        order=10,
    )


def enquiries_panel(request) -> AttentionPanel | None:
    # The enquiries app is optional: without it there is simply no panel.
    if not apps.is_installed("enquiries") or not request.user.has_perm("enquiries.view_enquiry"):
        return None
    enquiry_model = apps.get_model("enquiries", "Enquiry")
    waiting = enquiry_model.objects.filter(status="new").order_by("created_at", "pk")
    rows = [
        AttentionRow(
            title=f"{e.public_reference} · {e.subject}",
            detail=f"{e.name} · {e.created_at:%d %b %Y}",
            url=_url("enquiry_admin:inspect", e.pk),
        )
        for e in waiting[:SHOWN]
    ]
    return AttentionPanel(
        key="enquiries",
        heading="Unanswered enquiries",
        total=waiting.count(),
        list_url=_url("enquiry_admin:index") + "?status=new",
        empty_text="Every enquiry has an answer.",
        rows=rows,
        order=20,
    )


def payments_panel(request) -> AttentionPanel | None:
    from payments.models import Payment, PaymentStatus, RefundStatus

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
                url=_url("payment:inspect", payment.pk),
            )
        )
    return AttentionPanel(
        key="payments",
        heading="Payments needing action",
        total=needing_action.count(),
        list_url=_url("payment:index"),
        empty_text="No failed, stuck or refunding payment.",
        rows=rows,
        order=30,
    )


PANEL_BUILDERS = [new_bookings_panel, enquiries_panel, payments_panel]


def attention_panels(request) -> list[AttentionPanel]:
    return [panel for build in PANEL_BUILDERS if (panel := build(request)) is not None]
