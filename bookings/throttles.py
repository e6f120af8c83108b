"""Per-IP rate limits for the public booking routes (scopes in REST_FRAMEWORK settings)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _PerIPThrottle(SimpleRateThrottle):
    def get_rate(self):
        # Read at request time so rates follow settings overrides (tests, env changes).
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class BookingSubmitThrottle(_PerIPThrottle):
    scope = "bookings"


class TrackingThrottle(_PerIPThrottle):
    scope = "tracking"


class BookingLinksThrottle(_PerIPThrottle):
    """Asking for tracking links by email (each answer may send an email)."""

    scope = "booking_links"
