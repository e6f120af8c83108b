import pytest

from tests.accounts.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def rates(settings, **overrides):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            **overrides,
        },
    }


def test_login_is_limited_per_ip(api_client, staff, settings):
    rates(settings, login="3/min")
    user = staff("developer")
    for n in range(3):
        response = api_client.post(
            "/api/auth/login", {"email": f"x{n}@angisoft.test", "password": "nope"}
        )
        assert response.status_code == 401
    blocked = api_client.post(
        "/api/auth/login", {"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "rate_limited"
    assert int(blocked["Retry-After"]) > 0
    # Another address is not affected.
    other = api_client.post(
        "/api/auth/login",
        {"email": user.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 200


def test_login_is_limited_per_account_across_ips(api_client, staff, settings):
    rates(settings, login_account="2/min")
    user = staff("developer", email="target@angisoft.test")
    for n in range(2):
        response = api_client.post(
            "/api/auth/login",
            {"email": "TARGET@angisoft.test", "password": "nope"},
            REMOTE_ADDR=f"10.0.1.{n}",
        )
        assert response.status_code == 401
    blocked = api_client.post(
        "/api/auth/login",
        {"email": user.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="10.0.1.99",
    )
    assert blocked.status_code == 429
    assert "Retry-After" in blocked
    # A different account from the same addresses still gets through.
    staff("developer", email="other@angisoft.test")
    ok = api_client.post(
        "/api/auth/login",
        {"email": "other@angisoft.test", "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="10.0.1.99",
    )
    assert ok.status_code == 200


def test_invite_accept_is_limited_per_ip(api_client, settings):
    rates(settings, invite_accept="2/min")
    for _ in range(2):
        assert (
            api_client.post("/api/invite/accept", {"token": "x", "password": "y"}).status_code
            == 400
        )
    blocked = api_client.post("/api/invite/accept", {"token": "x", "password": "y"})
    assert blocked.status_code == 429
    assert "Retry-After" in blocked


def test_password_reset_is_limited_per_ip(api_client, settings):
    rates(settings, password_reset="1/min")
    assert api_client.post("/api/auth/password-reset", {"email": "a@b.test"}).status_code == 202
    blocked = api_client.post("/api/auth/password-reset/confirm", {"token": "x", "password": "y"})
    assert blocked.status_code == 429
