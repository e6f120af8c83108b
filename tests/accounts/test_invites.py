import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation
from accounts.tokens import token_digest

pytestmark = pytest.mark.django_db
User = get_user_model()
STRONG = "Sunset-Kilimanjaro-42"


def invite(client, capture, **overrides):
    body = {
        "email": "Neema@Example.com",
        "role": "marketing",
        "firstName": "Neema",
        "lastName": "Mwangi",
        "phone": "+254700000001",
        **overrides,
    }
    with capture(execute=True):
        return client.post("/api/invite", body, format="json")


def token_from(message) -> str:
    match = re.search(r"http://frontend\.test/invite/accept\?token=([\w-]+)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def admin_api(staff, bearer):
    return bearer(staff("admin", first_name="Amina", last_name="Otieno"))


def test_end_to_end_invite_flow(admin_api, api_client, django_capture_on_commit_callbacks):
    response = invite(admin_api, django_capture_on_commit_callbacks)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["email"] == "neema@example.com"
    assert body["role"] == "marketing"
    assert body["status"] == "pending"
    assert isinstance(body["id"], str)

    user = User.objects.get(email="neema@example.com")
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.phone == "+254700000001"
    assert list(user.groups.values_list("name", flat=True)) == ["Marketing"]

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["neema@example.com"]
    assert "Marketing" in message.subject
    assert "Hello Neema" in message.body
    assert "Amina Otieno has invited you" in message.body
    token = token_from(message)
    html = message.alternatives[0][0]
    assert f"http://frontend.test/invite/accept?token={token}" in html
    # Only the digest is stored.
    invitation = Invitation.objects.get(user=user)
    assert invitation.token_hash == token_digest(token)
    assert token not in str(Invitation.objects.values_list().get(pk=invitation.pk))
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)

    with django_capture_on_commit_callbacks(execute=True):
        accepted = api_client.post(
            "/api/invite/accept",
            {"token": token, "password": STRONG, "firstName": "Neema W."},
            format="json",
        )
    assert accepted.status_code == 200, accepted.json()
    tokens = accepted.json()
    assert tokens["accessToken"] and tokens["refreshToken"]
    assert tokens["user"]["email"] == "neema@example.com"
    assert tokens["user"]["role"] == "marketing"
    assert tokens["user"]["firstName"] == "Neema W."

    user.refresh_from_db()
    assert user.is_active and user.check_password(STRONG)
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert invitation.accepted_at is not None
    assert invitation.token_hash is None

    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["neema@example.com"]
    assert "Welcome" in mail.outbox[1].subject
    assert "joined as Marketing" in mail.outbox[1].body

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['accessToken']}")
    assert api_client.get("/api/auth/me").json()["email"] == "neema@example.com"
    # And the password works for a normal sign-in.
    login = api_client.post(
        "/api/auth/login", {"email": "NEEMA@example.com", "password": STRONG}, format="json"
    )
    assert login.status_code == 200


def test_a_used_token_cannot_be_used_again(
    admin_api, api_client, django_capture_on_commit_callbacks
):
    invite(admin_api, django_capture_on_commit_callbacks)
    token = token_from(mail.outbox[0])
    assert (
        api_client.post("/api/invite/accept", {"token": token, "password": STRONG}).status_code
        == 200
    )
    again = api_client.post("/api/invite/accept", {"token": token, "password": STRONG + "x"})
    assert again.status_code == 400
    assert again.json()["code"] == "invalid_token"
    assert "already been used" in again.json()["error"]
    assert User.objects.get(email="neema@example.com").check_password(STRONG)


def test_an_expired_token_is_refused(admin_api, api_client, django_capture_on_commit_callbacks):
    invite(admin_api, django_capture_on_commit_callbacks)
    token = token_from(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api_client.post("/api/invite/accept", {"token": token, "password": STRONG})
    assert response.status_code == 400
    assert response.json()["code"] == "token_expired"
    assert "expired" in response.json()["error"]
    assert not User.objects.get(email="neema@example.com").is_active


def test_invite_ttl_follows_the_setting(admin_api, settings, django_capture_on_commit_callbacks):
    settings.INVITE_TTL_DAYS = 2
    invite(admin_api, django_capture_on_commit_callbacks)
    remaining = Invitation.objects.get().expires_at - timezone.now()
    assert timedelta(days=1, hours=23) < remaining <= timedelta(days=2)


@pytest.mark.parametrize("tamper", ["flip", "truncate", "extend", "empty", "other"])
def test_tampered_tokens_are_refused(
    admin_api, api_client, django_capture_on_commit_callbacks, tamper
):
    invite(admin_api, django_capture_on_commit_callbacks)
    token = token_from(mail.outbox[0])
    bad = {
        "flip": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "truncate": token[:-2],
        "extend": token + "x",
        "empty": "",
        "other": "not-a-token",
    }[tamper]
    response = api_client.post("/api/invite/accept", {"token": bad, "password": STRONG})
    assert response.status_code == 400
    assert response.json()["code"] in {"invalid_token", "validation_error"}
    assert not User.objects.get(email="neema@example.com").is_active


def test_weak_password_gives_field_errors(
    admin_api, api_client, django_capture_on_commit_callbacks
):
    invite(admin_api, django_capture_on_commit_callbacks)
    token = token_from(mail.outbox[0])
    response = api_client.post("/api/invite/accept", {"token": token, "password": "12345"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    messages = " ".join(body["fields"]["password"])
    assert "too short" in messages and "entirely numeric" in messages
    # The token is still good after a refused password.
    assert (
        api_client.post("/api/invite/accept", {"token": token, "password": STRONG}).status_code
        == 200
    )


def test_reinviting_a_pending_email_replaces_the_token(
    admin_api, api_client, django_capture_on_commit_callbacks
):
    invite(admin_api, django_capture_on_commit_callbacks)
    second = invite(admin_api, django_capture_on_commit_callbacks, role="developer")
    assert second.status_code == 201
    assert Invitation.objects.count() == 1
    assert second.json()["sendCount"] == 2
    old, new = token_from(mail.outbox[0]), token_from(mail.outbox[1])
    assert old != new
    assert (
        api_client.post("/api/invite/accept", {"token": old, "password": STRONG}).status_code == 400
    )
    response = api_client.post("/api/invite/accept", {"token": new, "password": STRONG})
    assert response.status_code == 200
    assert response.json()["user"]["role"] == "developer"


def test_inviting_an_active_account_is_a_conflict(
    admin_api, staff, django_capture_on_commit_callbacks
):
    staff("developer", email="kip@example.com")
    response = invite(admin_api, django_capture_on_commit_callbacks, email="KIP@example.com")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert mail.outbox == []


def test_invite_validation(admin_api, django_capture_on_commit_callbacks):
    response = invite(admin_api, django_capture_on_commit_callbacks, role="owner", email="nope")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"role", "email"}


def test_pending_list_resend_and_revoke(admin_api, api_client, django_capture_on_commit_callbacks):
    created = invite(admin_api, django_capture_on_commit_callbacks).json()
    listing = admin_api.get("/api/invites").json()
    assert [item["email"] for item in listing] == ["neema@example.com"]

    with django_capture_on_commit_callbacks(execute=True):
        resent = admin_api.post(f"/api/invites/{created['id']}/resend")
    assert resent.status_code == 200
    assert resent.json()["sendCount"] == 2
    first, second = token_from(mail.outbox[0]), token_from(mail.outbox[1])
    assert (
        api_client.post("/api/invite/accept", {"token": first, "password": STRONG}).status_code
        == 400
    )

    revoked = admin_api.post(f"/api/invites/{created['id']}/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["status"] == "revoked"
    assert (
        api_client.post("/api/invite/accept", {"token": second, "password": STRONG}).status_code
        == 400
    )
    assert admin_api.get("/api/invites").json() == []
    assert admin_api.post(f"/api/invites/{created['id']}/resend").status_code == 409
    assert admin_api.post("/api/invites/99999/revoke").status_code == 404
    # A revoked invitation can be replaced by a new one.
    assert invite(admin_api, django_capture_on_commit_callbacks).status_code == 201


@pytest.mark.parametrize(
    "email",
    [
        # "İ" lower-cases to two characters: 249 typed, 489 stored (a 500 before).
        "a@" + ".".join(["\u0130" * 60] * 4) + ".com",
        # 63 characters, but 70 once IDNA-encoded: the invitation could never be mailed.
        "a@" + "\u00e9" * 63 + ".com",
    ],
    ids=["grows-when-lowered", "label-too-long-encoded"],
)
def test_invite_refuses_emails_that_cannot_be_stored_or_mailed(
    admin_api, django_capture_on_commit_callbacks, email
):
    response = invite(admin_api, django_capture_on_commit_callbacks, email=email)
    assert response.status_code == 400, response.content
    assert set(response.json()["fields"]) == {"email"}
    assert not Invitation.objects.exists()
    assert mail.outbox == []
