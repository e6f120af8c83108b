"""Signing in to the client portal: emailed single-use links and client session tokens."""

import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken

from portal.models import PortalLink, PortalSession
from tests.factories import UserFactory
from tests.portal.conftest import (
    last_link_token,
    portal_client,
    request_link,
    sign_in,
)

pytestmark = pytest.mark.django_db

SESSION = "/api/client-portal/session"
BOOKINGS = "/api/client-portal/bookings"


def later(monkeypatch, **delta):
    moment = timezone.now() + timedelta(**delta)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_known_and_unknown_emails_get_the_same_answer(api, alice):
    known = request_link(api, "alice@example.test")
    unknown = request_link(api, "nobody@example.test")
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert set(known.json()) == {"message"}
    # Only the client's address receives anything.
    assert [m.to for m in mail.outbox] == [["alice@example.test"]]


def test_the_email_links_to_the_frontend_portal_access_page(api, alice):
    request_link(api, "  ALICE@Example.TEST ")  # the lookup ignores case and spaces
    (message,) = mail.outbox
    assert message.subject == "Your AngiSoft client portal link"
    assert "expires in 15 minutes" in message.body
    token = last_link_token("alice@example.test")
    assert f"http://frontend.test/portal/access?token={token}" in message.body


def test_a_client_record_without_bookings_gets_no_link(api):
    from bookings.models import Client

    Client.objects.create(email="lonely@example.test", name="Lonely")
    assert request_link(api, "lonely@example.test").status_code == 202
    assert mail.outbox == []


def test_the_link_token_is_stored_only_as_a_sha256_digest(api, alice):
    request_link(api, "alice@example.test")
    token = last_link_token("alice@example.test")
    link = PortalLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {link.token_hash, str(link.pk)}
    assert abs(link.expires_at - link.created_at - timedelta(minutes=15)) < timedelta(seconds=5)


def test_a_link_works_once(api, alice):
    request_link(api, "alice@example.test")
    token = last_link_token("alice@example.test")
    first = api.post(SESSION, {"token": token}, format="json")
    assert first.status_code == 201
    assert set(first.json()) == {"accessToken", "expiresAt"}
    again = api.post(SESSION, {"token": token}, format="json")
    assert again.status_code == 400
    assert again.json()["code"] == "portal_link_invalid"
    assert "invalid" in again.json()["error"]


def test_an_expired_link_is_refused(api, alice, monkeypatch):
    request_link(api, "alice@example.test")
    token = last_link_token("alice@example.test")
    later(monkeypatch, minutes=16)
    response = api.post(SESSION, {"token": token}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "error": "This portal link has expired. Request a new one.",
        "code": "portal_link_expired",
    }
    assert not PortalSession.objects.exists()


def test_only_the_newest_link_works(api, alice):
    request_link(api, "alice@example.test")
    older = last_link_token("alice@example.test")
    request_link(api, "alice@example.test")
    newer = last_link_token("alice@example.test")
    assert older != newer
    assert api.post(SESSION, {"token": older}, format="json").status_code == 400
    assert api.post(SESSION, {"token": newer}, format="json").status_code == 201


@pytest.mark.parametrize("body", [{}, {"token": ""}, {"token": "made-up"}, {"token": "x" * 201}])
def test_bad_tokens_are_a_json_4xx(api, body):
    response = api.post(SESSION, body, format="json")
    assert response.status_code == 400
    assert isinstance(response.json()["error"], str)


def test_the_access_token_is_opaque_and_stored_hashed(api, alice):
    access = sign_in(api, "alice@example.test")
    session = PortalSession.objects.get()
    assert session.token_hash == hashlib.sha256(access.encode()).hexdigest()
    assert access.count(".") == 0  # not a JWT
    assert session.client == alice


def test_the_access_token_never_reaches_a_staff_endpoint(api, alice):
    access = sign_in(api, "alice@example.test")
    portal = portal_client(access)
    assert portal.get(BOOKINGS).status_code == 200
    for path in ("/api/bookings", "/api/auth/me", "/api/staff-admin/staff"):
        response = portal.get(path)
        assert response.status_code in (401, 404), path
        assert "error" in response.json()
    assert portal.get("/api/bookings").status_code == 401
    assert portal.get("/api/auth/me").status_code == 401


def test_a_staff_jwt_does_not_open_the_portal(api, alice):
    staff = UserFactory(is_staff=True, is_superuser=True, email="alice@example.test")
    client = portal_client(str(AccessToken.for_user(staff)))
    response = client.get(BOOKINGS)
    assert response.status_code == 401
    assert response.json()["error"] == (
        "Your portal session has ended. Request a new sign-in link."
    )


def test_portal_routes_need_a_session(api):
    response = api.get(BOOKINGS)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == 'Bearer realm="client-portal"'


def test_sessions_expire(api, alice, monkeypatch):
    portal = portal_client(sign_in(api, "alice@example.test"))
    later(monkeypatch, hours=73)
    assert portal.get(BOOKINGS).status_code == 401


def test_signing_out_revokes_the_session(api, alice):
    portal = portal_client(sign_in(api, "alice@example.test"))
    assert portal.delete(SESSION).status_code == 204
    assert PortalSession.objects.get().revoked_at is not None
    assert portal.get(BOOKINGS).status_code == 401


def test_public_portal_routes_ignore_a_stale_bearer(api, alice):
    api.credentials(HTTP_AUTHORIZATION="Bearer stale-admin-token")
    assert request_link(api, "alice@example.test").status_code == 202
    token = last_link_token("alice@example.test")
    assert api.post(SESSION, {"token": token}, format="json").status_code == 201


def test_request_link_validates_the_email(api):
    response = request_link(api, "not-an-email")
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert "email" in response.json()["fields"]


def test_link_requests_are_rate_limited_per_email(api, alice, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "portal_link_email": "2/hour"},
    }
    for _ in range(2):
        assert request_link(api, "alice@example.test").status_code == 202
    refused = request_link(api, "Alice@example.test")
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    # The same limit for an address nobody uses: the limit reveals nothing.
    for _ in range(2):
        assert request_link(api, "nobody@example.test").status_code == 202
    assert request_link(api, "nobody@example.test").status_code == 429
    assert len(mail.outbox) == 2


def test_link_requests_are_rate_limited_per_ip(api, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "portal_link": "3/hour"},
    }
    for n in range(3):
        assert request_link(api, f"someone{n}@example.test").status_code == 202
    assert request_link(api, "someone-else@example.test").status_code == 429


def test_the_lookup_and_email_run_in_a_task(api, alice, settings):
    """The request only queues the task; nothing is looked up or sent before it runs."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = False
    try:
        assert request_link(api, "alice@example.test").status_code == 202
        assert mail.outbox == [] and not PortalLink.objects.exists()
        assert HUEY.pending_count() == 1
        queued = HUEY.dequeue()
    finally:
        # Back to immediate before running it: a worker-mode db_task closes the connection.
        HUEY.immediate = True
    assert queued.name.endswith("send_portal_link")
    HUEY.execute(queued)
    assert PortalLink.objects.count() == 1
