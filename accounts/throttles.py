"""Rate limits for sign-in and one-time-token endpoints (scopes in settings)."""

import hashlib

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _ScopedThrottle(SimpleRateThrottle):
    def get_rate(self):
        # Read at request time so that the rates follow settings overrides.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)


class _PerIP(_ScopedThrottle):
    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginIPThrottle(_PerIP):
    scope = "login"


class LoginAccountThrottle(_ScopedThrottle):
    """Sign-in attempts per account (the email), whatever address they come from."""

    scope = "login_account"

    def get_cache_key(self, request, view):
        email = request.data.get("email") if hasattr(request.data, "get") else None
        if not isinstance(email, str) or not email.strip():
            return None
        ident = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class InviteAcceptThrottle(_PerIP):
    scope = "invite_accept"


class PasswordResetThrottle(_PerIP):
    scope = "password_reset"
