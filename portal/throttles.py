"""Rate limits of the portal (scopes and rates in REST_FRAMEWORK settings)."""

import hashlib

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _PortalThrottle(SimpleRateThrottle):
    def get_rate(self):
        # Read at request time so rates follow settings overrides (tests, env changes).
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def ident_for(self, request) -> str | None:
        return self.get_ident(request)

    def get_cache_key(self, request, view):
        ident = self.ident_for(request)
        return self.cache_format % {"scope": self.scope, "ident": ident} if ident else None


class PortalLinkIPThrottle(_PortalThrottle):
    scope = "portal_link"


class PortalLinkEmailThrottle(_PortalThrottle):
    """Links requested for one address, from anywhere: nobody can flood a mailbox."""

    scope = "portal_link_email"

    def ident_for(self, request):
        email = request.data.get("email") if hasattr(request.data, "get") else None
        if not isinstance(email, str) or not email.strip():
            return None
        return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class PortalSessionThrottle(_PortalThrottle):
    scope = "portal_session"


class PortalReadThrottle(_PortalThrottle):
    scope = "portal"


class PortalCommentThrottle(_PortalThrottle):
    """Comments per client (across their sessions), since each one emails the team."""

    scope = "portal_comment"

    def ident_for(self, request):
        session = request.auth
        return f"client-{session.client_id}" if session is not None else self.get_ident(request)
