"""Rate limits of the portal (scopes and rates in REST_FRAMEWORK settings)."""

from core.throttling import EmailThrottle, ScopedThrottle


class PortalLinkIPThrottle(ScopedThrottle):
    scope = "portal_link"


class PortalLinkEmailThrottle(EmailThrottle):
    """Links requested for one address, from anywhere: nobody can flood a mailbox."""

    scope = "portal_link_email"


class PortalSessionThrottle(ScopedThrottle):
    scope = "portal_session"


class PortalReadThrottle(ScopedThrottle):
    scope = "portal"


class PortalCommentThrottle(ScopedThrottle):
    """Comments per client (across their sessions), since each one emails the team."""

    scope = "portal_comment"

    def ident_for(self, request):
        session = request.auth
        return f"client-{session.client_id}" if session is not None else self.get_ident(request)
