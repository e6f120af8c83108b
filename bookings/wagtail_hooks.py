from wagtail import hooks
from wagtail.permissions import register_permission_policy

from bookings import selectors
from bookings.admin_views import VIEW_PERMS, BookingPermissionPolicy, BookingViewSet
from bookings.models import Booking, BookingStatus
from bookings.services.messages import AUDIT_MESSAGE
from bookings.services.review import AUDIT_ASSIGN, AUDIT_NOTE, AUDIT_REVIEW, AUDIT_TAX_PIN
from bookings.services.transitions import AUDIT_TRANSITION
from core.dashboard import ATTENTION_PANEL_HOOK, SHOWN, AttentionPanel, AttentionRow, admin_url

register_permission_policy(Booking, BookingPermissionPolicy(Booking))


@hooks.register("register_admin_viewset")
def register_booking_viewset():
    return BookingViewSet()


@hooks.register("register_log_actions")
def register_booking_log_actions(actions):
    actions.register_action(AUDIT_REVIEW, "Review booking", "Booking reviewed")
    actions.register_action(AUDIT_TRANSITION, "Change booking status", "Booking status changed")
    actions.register_action(AUDIT_ASSIGN, "Assign booking", "Booking assigned")
    actions.register_action(AUDIT_TAX_PIN, "Set buyer tax PIN", "Buyer tax PIN changed")
    actions.register_action(AUDIT_NOTE, "Add booking note", "Note added to booking")
    actions.register_action(AUDIT_MESSAGE, "Message the client", "Message sent to the client")


@hooks.register(ATTENTION_PANEL_HOOK)
def new_bookings_panel(request) -> AttentionPanel | None:
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
            url=admin_url("booking_admin:inspect", b.pk),
        )
        for b in waiting[:SHOWN]
    ]
    return AttentionPanel(
        key="bookings",
        heading="New bookings to review",
        total=waiting.count(),
        list_url=admin_url("booking_admin:index") + "?status=SUBMITTED",
        empty_text="No booking is waiting for a review.",
        rows=rows,
        order=10,
    )
