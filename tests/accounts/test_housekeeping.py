from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuthSession, PasswordReset
from accounts.tasks import prune_sign_in_records

pytestmark = pytest.mark.django_db


def test_prune_removes_dead_sessions_and_old_reset_links(staff):
    user = staff("developer")
    now = timezone.now()
    live = AuthSession.objects.create(user=user, last_refreshed_at=now - timedelta(days=1))
    idle = AuthSession.objects.create(user=user, created_at=now - timedelta(days=15))
    revoked_recently = AuthSession.objects.create(user=user, revoked_at=now - timedelta(days=2))
    revoked_long_ago = AuthSession.objects.create(user=user, revoked_at=now - timedelta(days=31))
    fresh_reset = PasswordReset.objects.create(user=user, expires_at=now + timedelta(hours=1))
    old_reset = PasswordReset.objects.create(
        user=user, expires_at=now - timedelta(days=2), created_at=now - timedelta(days=2)
    )

    result = prune_sign_in_records.call_local()

    assert result == {"sessions": 2, "password_resets": 1}
    assert set(AuthSession.objects.values_list("pk", flat=True)) == {
        live.pk,
        revoked_recently.pk,
    }
    assert not AuthSession.objects.filter(pk__in=[idle.pk, revoked_long_ago.pk]).exists()
    assert list(PasswordReset.objects.all()) == [fresh_reset]
    assert not PasswordReset.objects.filter(pk=old_reset.pk).exists()
