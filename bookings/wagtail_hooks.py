from wagtail import hooks

from bookings import services


@hooks.register("register_log_actions")
def register_booking_log_actions(actions):
    actions.register_action(services.AUDIT_REVIEW, "Review booking", "Booking reviewed")
    actions.register_action(
        services.AUDIT_TRANSITION, "Change booking status", "Booking status changed"
    )
    actions.register_action(services.AUDIT_ASSIGN, "Assign booking", "Booking assigned")
    actions.register_action(services.AUDIT_NOTE, "Add booking note", "Note added to booking")
