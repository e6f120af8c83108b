"""Where a booking is seen: the client's tracking page and the staff admin page."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

# The Wagtail admin viewset's URL namespace (bookings.admin_views.BookingViewSet.name).
ADMIN_URL_NAMESPACE = "booking_admin"


def tracking_url(booking, token: str | None = None) -> str:
    """THE link to a booking's tracking page (the frontend's `/bookings/<REF>` route)."""
    url = f"{settings.FRONTEND_URL}/bookings/{booking.public_reference}"
    return f"{url}?token={token}" if token else url


def tracking_path(booking, token: str) -> str:
    """`tracking_url` without the frontend origin, for API responses."""
    return tracking_url(booking, token).removeprefix(settings.FRONTEND_URL)


def admin_inspect_path(booking_pk) -> str:
    return reverse(f"{ADMIN_URL_NAMESPACE}:inspect", args=[booking_pk])


def admin_url(booking) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL}{admin_inspect_path(booking.pk)}"
