"""Client sign-in: an emailed single-use link, exchanged for a portal session token.

Both secrets are 256-bit random values shown once and stored only as SHA-256 digests.
A link request never says whether the email belongs to a client: the API answers the
same at once and this service runs later, in a task."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.tokens import new_token, token_digest
from bookings.models import Client
from core.mail import send_email_on_commit
from portal.exceptions import PortalLinkExpired, PortalLinkInvalid
from portal.models import PortalLink, PortalSession


def portal_access_url(token: str) -> str:
    return f"{settings.FRONTEND_URL}/portal/access?token={token}"


def portal_link_request(*, email: str) -> PortalLink | None:
    """Email a sign-in link if a client with bookings has this email (any case); only
    the newest link works. Returns the link, or None when nobody matched."""
    email = (email or "").strip()
    if not email:
        return None
    with transaction.atomic():
        # Locked so that concurrent requests queue and exactly one link stays live.
        client = Client.objects.select_for_update().filter(email__iexact=email).first()
        if client is None or not client.bookings.exists():
            return None
        now = timezone.now()
        PortalLink.objects.filter(client=client, used_at__isnull=True).update(used_at=now)
        token = new_token()
        minutes = settings.PORTAL_LINK_TTL_MINUTES
        link = PortalLink.objects.create(
            client=client,
            token_hash=token_digest(token),
            expires_at=now + timedelta(minutes=minutes),
        )
        send_email_on_commit(
            "portal_access_link",
            client.email,
            {
                "client_name": client.name,
                "access_url": portal_access_url(token),
                "minutes": minutes,
            },
        )
    return link


def portal_session_start(*, token: str) -> tuple[PortalSession, str]:
    """Use a sign-in link (once) and open a session. Returns the session and its token."""
    now = timezone.now()
    with transaction.atomic():
        link = (
            PortalLink.objects.select_for_update()
            .filter(token_hash=token_digest(token), used_at__isnull=True)
            .first()
            if token
            else None
        )
        if link is None:
            raise PortalLinkInvalid()
        if link.expires_at <= now:
            raise PortalLinkExpired()
        link.used_at = now
        link.save(update_fields=["used_at"])
        access_token = new_token()
        session = PortalSession.objects.create(
            client_id=link.client_id,
            token_hash=token_digest(access_token),
            expires_at=now + timedelta(hours=settings.PORTAL_SESSION_TTL_HOURS),
        )
    return session, access_token


def portal_session_revoke(*, session: PortalSession) -> None:
    PortalSession.objects.filter(pk=session.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def portal_sessions_revoke_for_client(*, client_id) -> int:
    """End every open portal session of a client (e.g. after a change of email)."""
    return PortalSession.objects.filter(client_id=client_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def portal_access_purge(*, keep_days: int = 30) -> int:
    """Delete links and sessions that ended more than `keep_days` ago."""
    cutoff = timezone.now() - timedelta(days=keep_days)
    links, _ = PortalLink.objects.filter(expires_at__lt=cutoff).delete()
    sessions, _ = PortalSession.objects.filter(expires_at__lt=cutoff).delete()
    return links + sessions
