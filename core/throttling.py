"""The one rate-limit mechanism of the public routes. Each app's throttles.py names its
scopes; the rates are in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]."""

import hashlib

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class ScopedThrottle(SimpleRateThrottle):
    """Counts requests per `ident_for(request)` (the client IP unless overridden); a
    request without one (None) is not counted."""

    def get_rate(self):
        # Read at request time so rates follow settings overrides (tests, env changes).
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def ident_for(self, request) -> str | None:
        return self.get_ident(request)

    def get_cache_key(self, request, view):
        ident = self.ident_for(request)
        if ident is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class EmailThrottle(ScopedThrottle):
    """Counts per email address in the body, from anywhere: nobody can flood a mailbox
    or try one account's password from many addresses."""

    def ident_for(self, request):
        email = request.data.get("email") if hasattr(request.data, "get") else None
        if not isinstance(email, str) or not email.strip():
            return None
        return hashlib.sha256(email.strip().lower().encode()).hexdigest()
