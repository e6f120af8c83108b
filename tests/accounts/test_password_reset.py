import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import AuthSession, PasswordReset
from accounts.tokens import token_digest
from tests.accounts.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db
NEW = "Mombasa-Tides-2026"
SAME_ANSWER = {
    "detail": "If an account exists for this email, we have sent it a link to reset the password."
}


def request_reset(api_client, capture, email):
    with capture(execute=True):
        return api_client.post("/api/auth/password-reset", {"email": email})


def reset_token(message) -> str:
    match = re.search(r"http://frontend\.test/reset-password\?token=([\w-]+)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def member(staff):
    return staff("developer", email="otieno@angisoft.test", first_name="Otieno")


def test_reset_flow(api_client, member, bearer, django_capture_on_commit_callbacks):
    other_device = bearer(member)
    response = request_reset(api_client, django_capture_on_commit_callbacks, "OTIENO@angisoft.test")
    assert response.status_code == 202
    assert response.json() == SAME_ANSWER
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["otieno@angisoft.test"]
    assert "Hello Otieno" in message.body
    token = reset_token(message)
    assert token in message.alternatives[0][0]
    assert PasswordReset.objects.get().token_hash == token_digest(token)

    with django_capture_on_commit_callbacks(execute=True):
        done = api_client.post(
            "/api/auth/password-reset/confirm", {"token": token, "password": NEW}
        )
    assert done.status_code == 200
    member.refresh_from_db()
    assert member.check_password(NEW)
    assert "password was changed" in mail.outbox[1].subject
    # Every existing session ended.
    assert other_device.get("/api/auth/me").status_code == 401
    assert AuthSession.objects.get().revoked_reason == "password"
    # Single use.
    again = api_client.post(
        "/api/auth/password-reset/confirm", {"token": token, "password": NEW + "!"}
    )
    assert again.status_code == 400
    assert again.json()["code"] == "invalid_token"
    assert (
        api_client.post("/api/auth/login", {"email": member.email, "password": NEW}).status_code
        == 200
    )


def test_unknown_email_gets_the_same_answer_and_no_email(
    api_client, member, django_capture_on_commit_callbacks
):
    response = request_reset(api_client, django_capture_on_commit_callbacks, "ghost@angisoft.test")
    assert response.status_code == 202
    assert response.json() == SAME_ANSWER
    assert mail.outbox == []


def test_inactive_account_gets_no_email(api_client, staff, django_capture_on_commit_callbacks):
    staff("developer", email="invited@angisoft.test", is_active=False)
    response = request_reset(
        api_client, django_capture_on_commit_callbacks, "invited@angisoft.test"
    )
    assert response.json() == SAME_ANSWER
    assert mail.outbox == []


def test_expired_link(api_client, member, django_capture_on_commit_callbacks):
    request_reset(api_client, django_capture_on_commit_callbacks, member.email)
    token = reset_token(mail.outbox[0])
    PasswordReset.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api_client.post(
        "/api/auth/password-reset/confirm", {"token": token, "password": NEW}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "token_expired"
    member.refresh_from_db()
    assert member.check_password(DEFAULT_PASSWORD)


def test_tampered_and_superseded_links(api_client, member, django_capture_on_commit_callbacks):
    request_reset(api_client, django_capture_on_commit_callbacks, member.email)
    request_reset(api_client, django_capture_on_commit_callbacks, member.email)
    first, second = reset_token(mail.outbox[0]), reset_token(mail.outbox[1])
    tampered = second[:-1] + ("A" if second[-1] != "A" else "B")
    for token in (first, tampered):
        response = api_client.post(
            "/api/auth/password-reset/confirm", {"token": token, "password": NEW}
        )
        assert response.status_code == 400
    ok = api_client.post("/api/auth/password-reset/confirm", {"token": second, "password": NEW})
    assert ok.status_code == 200


def test_weak_new_password(api_client, member, django_capture_on_commit_callbacks):
    request_reset(api_client, django_capture_on_commit_callbacks, member.email)
    token = reset_token(mail.outbox[0])
    response = api_client.post(
        "/api/auth/password-reset/confirm", {"token": token, "password": "password"}
    )
    assert response.status_code == 400
    assert "password" in response.json()["fields"]
