"""Admin history scoped like the bookings list.

Wagtail decides which log entries a user may read by content type: anyone with any
booking permission (Developers hold `view_assigned_booking`) would read the history of
every booking in Reports → Site history, its CSV export and its filters. Every one of
those reads goes through `ModelLogEntryManager.viewable_by_user`, so booking entries are
narrowed there to `bookings_visible_to(user)`; other content types keep Wagtail's rule."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.models.audit_log import ModelLogEntryManager

_wagtail_viewable_by_user = ModelLogEntryManager.viewable_by_user


def viewable_by_user(self, user):
    from bookings.models import Booking
    from bookings.selectors import bookings_visible_to

    entries = _wagtail_viewable_by_user(self, user)
    if user.has_perm("bookings.view_booking"):
        return entries
    visible = bookings_visible_to(user).annotate(text_pk=Cast("pk", CharField()))
    booking_type = ContentType.objects.get_for_model(Booking)
    return entries.exclude(
        Q(content_type=booking_type) & ~Q(object_id__in=visible.values("text_pk"))
    )


def install():
    ModelLogEntryManager.viewable_by_user = viewable_by_user
