"""The portal's bearer token: an opaque client session token, accepted only by the views
that list it in `authentication_classes` (the portal's own). Staff endpoints use JWTs
and reject it; public endpoints authenticate nobody and ignore it."""

from django.contrib.auth.models import AnonymousUser
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission

from portal.models import PortalSession
from portal.selectors import portal_session_for_token

SESSION_ENDED = "Your portal session has ended. Request a new sign-in link."


class PortalTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <accessToken>` -> (AnonymousUser, PortalSession).

    The user stays anonymous on purpose: a client is not a staff account, so nothing
    that checks `request.user` can mistake a portal session for one."""

    def authenticate(self, request):
        scheme, _, value = get_authorization_header(request).decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            return None
        session = portal_session_for_token(value.strip())
        if session is None:
            raise AuthenticationFailed(SESSION_ENDED)
        return AnonymousUser(), session

    def authenticate_header(self, request):
        return 'Bearer realm="client-portal"'


class HasPortalSession(BasePermission):
    message = "Open the sign-in link we emailed you to use the client portal."

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, PortalSession)
