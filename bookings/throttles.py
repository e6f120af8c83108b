"""Per-IP rate limits for the public booking routes (scopes in REST_FRAMEWORK settings)."""

from core.throttling import ScopedThrottle


class BookingSubmitThrottle(ScopedThrottle):
    scope = "bookings"


class TrackingThrottle(ScopedThrottle):
    scope = "tracking"


class BookingLinksThrottle(ScopedThrottle):
    """Asking for tracking links by email (each answer may send an email)."""

    scope = "booking_links"
