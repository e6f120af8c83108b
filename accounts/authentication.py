"""JWT authentication for the API.

Access tokens carry the id of their sign-in session (`sid`); a revoked session (logout,
reused refresh token, password change) stops its access tokens at once. Enrolment tokens
(`token_type: totp_enrol`), issued when an admin who must use two-factor signs in without
it, are accepted only by the two-factor enrolment endpoints.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import AllowAny
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import AccessToken, Token

from accounts.models import AuthSession


class EnrolmentToken(Token):
    token_type = "totp_enrol"  # noqa: S105 - a claim value, not a secret
    lifetime = api_settings.ACCESS_TOKEN_LIFETIME


def _check_session(validated_token):
    sid = validated_token.get("sid")
    if sid is None:
        return  # minted server-side without a session (e.g. in tests): nothing to revoke
    if not AuthSession.objects.filter(pk=sid, revoked_at__isnull=True).exists():
        raise AuthenticationFailed(_("Your session has ended. Please sign in again."))


class JWTAuthentication(authentication.JWTAuthentication):
    def get_validated_token(self, raw_token):
        token = super().get_validated_token(raw_token)
        _check_session(token)
        return token


class PublicTolerantJWTAuthentication(JWTAuthentication):
    """The default: on a view open to everyone (only AllowAny), a stale or foreign Bearer
    value (an old staff token, a tracking or portal token) means "anonymous" instead of a
    401 that the frontend turns into a "Session expired" toast (FRONTEND.md §1.4)."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except (AuthenticationFailed, InvalidToken):
            if _view_is_public(request):
                return None
            raise


def _view_is_public(request) -> bool:
    view = (getattr(request, "parser_context", None) or {}).get("view")
    if view is None:
        return False
    permissions = view.get_permissions()
    return bool(permissions) and all(isinstance(p, AllowAny) for p in permissions)


class OptionalJWTAuthentication(JWTAuthentication):
    """For sign-out: an expired or revoked access token means "nobody", not an error."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except (AuthenticationFailed, InvalidToken):
            return None


class EnrolmentJWTAuthentication(authentication.JWTAuthentication):
    """Accepts a normal access token or a two-factor enrolment token."""

    def get_validated_token(self, raw_token):
        for token_class in (AccessToken, EnrolmentToken):
            try:
                token = token_class(raw_token)
            except TokenError:
                continue
            _check_session(token)
            return token
        raise InvalidToken(_("Your sign-in is invalid or has expired."))

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            request.enrolment_only = result[1].get("token_type") == EnrolmentToken.token_type
        return result
