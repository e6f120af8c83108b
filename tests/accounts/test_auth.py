from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import AuthSession
from tests.accounts.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def login(api_client, email, password=DEFAULT_PASSWORD, **extra):
    return api_client.post("/api/auth/login", {"email": email, "password": password, **extra})


@pytest.fixture
def member(staff):
    return staff("marketing", email="wanjiru@angisoft.test")


def test_login_returns_tokens_and_the_user(api_client, member):
    response = login(api_client, "WANJIRU@angisoft.test")
    assert response.status_code == 200
    body = response.json()
    assert {"accessToken", "refreshToken", "accessExpiresAt", "refreshExpiresAt"} <= set(body)
    assert body["user"]["role"] == "marketing"
    assert "wagtailadmin.access_admin" in body["user"]["permissions"]
    assert "accounts.invite_staff" not in body["user"]["permissions"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['accessToken']}")
    assert api_client.get("/api/auth/me").json()["email"] == "wanjiru@angisoft.test"
    member.refresh_from_db()
    assert member.last_login is not None


@pytest.mark.parametrize(
    ("email", "password"),
    [("wanjiru@angisoft.test", "wrong-password"), ("nobody@angisoft.test", DEFAULT_PASSWORD)],
)
def test_bad_credentials_are_one_answer(api_client, member, email, password):
    response = login(api_client, email, password)
    assert response.status_code == 401
    assert response.json() == {
        "error": "The email or password is incorrect.",
        "code": "invalid_credentials",
    }


def test_inactive_accounts_cannot_log_in(api_client, staff):
    staff("developer", email="gone@angisoft.test", is_active=False)
    assert login(api_client, "gone@angisoft.test").status_code == 401


def test_refresh_rotates_and_the_new_pair_works(api_client, member):
    first = login(api_client, member.email).json()
    rotated = api_client.post("/api/auth/refresh", {"refreshToken": first["refreshToken"]})
    assert rotated.status_code == 200
    second = rotated.json()
    assert second["refreshToken"] != first["refreshToken"]
    assert second["sessionId"] == first["sessionId"]
    third = api_client.post("/api/auth/refresh", {"refreshToken": second["refreshToken"]})
    assert third.status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {third.json()['accessToken']}")
    assert api_client.get("/api/auth/me").status_code == 200


def test_reusing_a_rotated_refresh_token_revokes_the_whole_session(api_client, member):
    first = login(api_client, member.email).json()
    second = api_client.post("/api/auth/refresh", {"refreshToken": first["refreshToken"]}).json()

    # An attacker replays the first (already rotated) refresh token.
    replay = api_client.post("/api/auth/refresh", {"refreshToken": first["refreshToken"]})
    assert replay.status_code == 401
    assert replay.json()["code"] == "session_invalid"

    session = AuthSession.objects.get(pk=first["sessionId"])
    assert session.revoked_reason == "reuse"
    # The legitimate holder's newest tokens are dead too.
    assert (
        api_client.post("/api/auth/refresh", {"refreshToken": second["refreshToken"]}).status_code
        == 401
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {second['accessToken']}")
    assert api_client.get("/api/auth/me").status_code == 401
    # Other sessions of the same user are unaffected.
    other = login(api_client, member.email).json()
    assert (
        api_client.post("/api/auth/refresh", {"refreshToken": other["refreshToken"]}).status_code
        == 200
    )


def test_refresh_refuses_garbage_access_tokens_and_sessionless_tokens(api_client, member):
    tokens = login(api_client, member.email).json()
    assert api_client.post("/api/auth/refresh", {"refreshToken": "abc"}).status_code == 401
    as_refresh = api_client.post("/api/auth/refresh", {"refreshToken": tokens["accessToken"]})
    assert as_refresh.status_code == 401
    sessionless = str(RefreshToken.for_user(member))
    assert api_client.post("/api/auth/refresh", {"refreshToken": sessionless}).status_code == 401


def test_refresh_refuses_a_deactivated_user(api_client, member):
    tokens = login(api_client, member.email).json()
    member.is_active = False
    member.save()
    assert (
        api_client.post("/api/auth/refresh", {"refreshToken": tokens["refreshToken"]}).status_code
        == 401
    )


def test_expired_refresh_token_is_refused(api_client, member, settings):
    tokens = login(api_client, member.email).json()
    later = timezone.now() + timedelta(days=30)
    token = RefreshToken(tokens["refreshToken"])
    token.set_exp(from_time=later - timedelta(days=60), lifetime=timedelta(seconds=1))
    assert api_client.post("/api/auth/refresh", {"refreshToken": str(token)}).status_code == 401


def test_logout_ends_the_session(api_client, member):
    tokens = login(api_client, member.email).json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['accessToken']}")
    assert (
        api_client.post("/api/auth/logout", {"refreshToken": tokens["refreshToken"]}).status_code
        == 204
    )
    assert api_client.get("/api/auth/me").status_code == 401
    api_client.credentials()
    assert (
        api_client.post("/api/auth/refresh", {"refreshToken": tokens["refreshToken"]}).status_code
        == 401
    )
    assert AuthSession.objects.get(pk=tokens["sessionId"]).revoked_reason == "logout"
    # Idempotent.
    assert (
        api_client.post("/api/auth/logout", {"refreshToken": tokens["refreshToken"]}).status_code
        == 204
    )


def test_logout_with_only_the_access_token(api_client, member):
    tokens = login(api_client, member.email).json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['accessToken']}")
    assert api_client.post("/api/auth/logout", {}).status_code == 204
    assert api_client.get("/api/auth/me").status_code == 401


def test_logout_works_with_an_expired_or_revoked_access_token(api_client, member):
    tokens = login(api_client, member.email).json()
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-valid-token")
    response = api_client.post("/api/auth/logout", {"refreshToken": tokens["refreshToken"]})
    assert response.status_code == 204
    assert AuthSession.objects.get(pk=tokens["sessionId"]).revoked_reason == "logout"


def test_a_password_change_anywhere_ends_api_sessions(api_client, member):
    """E.g. changed in the Wagtail admin: tokens carry a digest of the password hash."""
    tokens = login(api_client, member.email).json()
    member.set_password("Another-Long-Pass-7")
    member.save()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['accessToken']}")
    assert api_client.get("/api/auth/me").status_code == 401
    api_client.credentials()
    refused = api_client.post("/api/auth/refresh", {"refreshToken": tokens["refreshToken"]})
    assert refused.status_code == 401
    assert "password was changed" in refused.json()["error"]
    assert AuthSession.objects.get(pk=tokens["sessionId"]).revoked_reason == "password"
