"""API sign-in sessions: one AuthSession per login, rotating refresh tokens, and reuse
detection that revokes the whole session."""

from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import get_md5_hash_password

from accounts import audit
from accounts.exceptions import SessionInvalid
from accounts.models import AuthSession
from core.request import client_ip


def _issue(session: AuthSession) -> dict:
    """New refresh + access tokens for `session`; the caller saves session.refresh_jti."""
    refresh = RefreshToken.for_user(session.user)
    refresh["sid"] = str(session.pk)
    session.refresh_jti = refresh["jti"]
    access = refresh.access_token
    return {
        "access_token": str(access),
        "refresh_token": str(refresh),
        "access_expires_at": _iso(access["exp"]),
        "refresh_expires_at": _iso(refresh["exp"]),
        "session_id": str(session.pk),
        "user": session.user,
    }


def _iso(exp: int) -> str:
    return datetime.fromtimestamp(exp, tz=UTC).isoformat()


def _password_unchanged(token, user) -> bool:
    if not api_settings.CHECK_REVOKE_TOKEN:
        return True
    return token.get(api_settings.REVOKE_TOKEN_CLAIM) == get_md5_hash_password(user.password)


def session_start(*, user, request=None) -> dict:
    """Open a session for a user who has fully signed in; returns the token pair."""
    ip = client_ip(request) if request is not None else None
    agent = request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else ""
    with transaction.atomic():
        session = AuthSession.objects.create(user=user, ip=ip or None, user_agent=agent)
        tokens = _issue(session)
        session.save(update_fields=["refresh_jti"])
        type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
    return tokens


def session_refresh(*, raw_refresh: str, request=None) -> dict:
    """Exchange the session's newest refresh token for a new pair. An older (already
    rotated) token is evidence of theft: the session is revoked and the call refused."""
    try:
        token = RefreshToken(raw_refresh)
    except TokenError as exc:
        raise SessionInvalid() from exc
    sid, jti = token.get("sid"), token.get("jti")
    if not sid:
        raise SessionInvalid()

    reused = password_changed = None
    with transaction.atomic():
        session = (
            AuthSession.objects.select_for_update().select_related("user").filter(pk=sid).first()
        )
        if session is not None and session.revoked_reason == AuthSession.RevokeReason.PASSWORD:
            password_changed = session
        elif (
            session is None
            or session.revoked_at is not None
            or not session.user.is_active
            or str(session.user.pk) != str(token.get("user_id"))
        ):
            raise SessionInvalid()
        elif not _password_unchanged(token, session.user):
            password_changed = session
        if password_changed is not None and password_changed.revoked_at is None:
            session.revoked_at = timezone.now()
            session.revoked_reason = AuthSession.RevokeReason.PASSWORD
            session.save(update_fields=["revoked_at", "revoked_reason"])
        elif password_changed is not None:
            pass  # already revoked when the password changed
        elif jti != session.refresh_jti:
            session.revoked_at = timezone.now()
            session.revoked_reason = AuthSession.RevokeReason.REUSE
            session.save(update_fields=["revoked_at", "revoked_reason"])
            audit.record(
                "accounts.session.reuse_detected",
                instance=session.user,
                actor=session.user,
                request=request,
                data={"session": str(session.pk)},
            )
            reused = session
        else:
            tokens = _issue(session)
            session.last_refreshed_at = timezone.now()
            session.save(update_fields=["refresh_jti", "last_refreshed_at"])
    if password_changed is not None:
        raise SessionInvalid("Your password was changed. Please sign in again.")
    if reused is not None:  # raised after the commit so that the revocation sticks
        raise SessionInvalid("This sign-in was ended for your safety. Please sign in again.")
    return tokens


def session_revoke(*, session_id, reason: str, request=None, actor=None) -> bool:
    with transaction.atomic():
        session = (
            AuthSession.objects.select_for_update()
            .select_related("user")
            .filter(pk=session_id, revoked_at__isnull=True)
            .first()
        )
        if session is None:
            return False
        session.revoked_at = timezone.now()
        session.revoked_reason = reason
        session.save(update_fields=["revoked_at", "revoked_reason"])
        if reason == AuthSession.RevokeReason.LOGOUT:
            audit.record(
                "accounts.logout",
                instance=session.user,
                actor=actor or session.user,
                request=request,
                data={"session": str(session.pk)},
            )
    return True


def sessions_revoke_all(*, user, reason: str) -> int:
    return AuthSession.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )


def session_id_from_refresh(raw_refresh: str):
    try:
        return RefreshToken(raw_refresh).get("sid")
    except TokenError:
        return None
