from wagtail import hooks
from wagtail.permissions import register_permission_policy

from bookings.admin_views import BookingPermissionPolicy, BookingViewSet
from bookings.models import Booking
from bookings.services.messages import AUDIT_MESSAGE
from bookings.services.review import AUDIT_ASSIGN, AUDIT_NOTE, AUDIT_REVIEW, AUDIT_TAX_PIN
from bookings.services.transitions import AUDIT_TRANSITION

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
