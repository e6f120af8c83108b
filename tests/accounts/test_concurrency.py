"""Row locks on PostgreSQL: a refresh token is exchanged at most once, even when two
requests race with it."""

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from accounts.models import AuthSession
from accounts.services.sessions import session_start
from tests.accounts.factories import make_staff


@pytest.mark.django_db(transaction=True)
def test_racing_refreshes_never_both_succeed():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (DATABASE_URL)")
    user = make_staff("developer")
    tokens = session_start(user=user)
    barrier = threading.Barrier(4)
    statuses = []

    def refresh():
        try:
            barrier.wait()
            response = APIClient().post(
                "/api/auth/refresh", {"refreshToken": tokens["refresh_token"]}, format="json"
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=refresh) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 401, 401, 401]
    # The losers presented a token that had just been rotated: the session is revoked.
    assert AuthSession.objects.get(pk=tokens["session_id"]).revoked_reason == "reuse"
