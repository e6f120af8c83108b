"""Deletes sign-in records nobody can use any more."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from rest_framework_simplejwt.settings import api_settings

from accounts.models import AuthSession, PasswordReset

KEEP_REVOKED = timedelta(days=30)  # revoked sessions stay a while for investigations


def accounts_prune(*, now=None) -> dict:
    now = now or timezone.now()
    idle_limit = now - api_settings.REFRESH_TOKEN_LIFETIME
    sessions, _ = AuthSession.objects.filter(
        Q(revoked_at__lt=now - KEEP_REVOKED)
        | Q(revoked_at__isnull=True, created_at__lt=idle_limit, last_refreshed_at__isnull=True)
        | Q(revoked_at__isnull=True, last_refreshed_at__lt=idle_limit)
    ).delete()
    resets, _ = (
        PasswordReset.objects.filter(Q(used_at__isnull=False) | Q(expires_at__lt=now))
        .filter(created_at__lt=now - timedelta(days=1))
        .delete()
    )
    return {"sessions": sessions, "password_resets": resets}
