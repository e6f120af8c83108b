"""Every sensitive accounts action leaves a Wagtail log entry with actor, time, IP and
object."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from wagtail.models import ModelLogEntry

from accounts.models import Invitation
from tests.accounts.conftest import totp_now
from tests.accounts.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()
IP = "203.0.113.7"


def entry(action):
    entries = list(ModelLogEntry.objects.filter(action=action))
    assert len(entries) == 1, f"{action}: {entries}"
    found = entries[0]
    assert found.timestamp is not None
    assert found.data["ip"] == IP
    return found


def on(found, instance):
    return found.content_type == ContentType.objects.get_for_model(
        instance
    ) and found.object_id == str(instance.pk)


@pytest.fixture
def admin(staff):
    return staff("admin")


@pytest.fixture
def admin_api(admin, bearer):
    client = bearer(admin)
    client.defaults["REMOTE_ADDR"] = IP
    return client


@pytest.fixture
def api_ip(api_client):
    api_client.defaults["REMOTE_ADDR"] = IP
    return api_client


def test_invite_lifecycle_is_audited(admin, admin_api, api_ip, django_capture_on_commit_callbacks):
    body = {"email": "a@example.com", "role": "developer", "firstName": "A", "lastName": "B"}
    with django_capture_on_commit_callbacks(execute=True):
        created = admin_api.post("/api/invite", body, format="json").json()
        admin_api.post(f"/api/invites/{created['id']}/resend")
    invitation = Invitation.objects.get()
    for action in ("accounts.invite.create", "accounts.invite.resend"):
        found = entry(action)
        assert found.user_id == admin.pk and on(found, invitation)
        assert found.data["email"] == "a@example.com" and found.data["role"] == "developer"

    token = re.search(r"token=([\w-]+)", mail.outbox[-1].body).group(1)
    api_ip.post("/api/invite/accept", {"token": token, "password": "Nairobi-Rains-77"})
    accepted = entry("accounts.invite.accept")
    assert accepted.user_id == invitation.user_id and on(accepted, invitation)

    with django_capture_on_commit_callbacks(execute=True):
        second = admin_api.post(
            "/api/invite", {**body, "email": "c@example.com"}, format="json"
        ).json()
    admin_api.post(f"/api/invites/{second['id']}/revoke")
    revoked = entry("accounts.invite.revoke")
    assert revoked.user_id == admin.pk
    assert on(revoked, Invitation.objects.get(pk=second["id"]))


def test_logins_are_audited(api_ip, staff):
    user = staff("developer", email="kim@angisoft.test")
    api_ip.post("/api/auth/login", {"email": "kim@angisoft.test", "password": DEFAULT_PASSWORD})
    success = entry("accounts.login.success")
    assert success.user_id == user.pk and on(success, user)
    assert success.data["method"] == "password"

    api_ip.post("/api/auth/login", {"email": "KIM@angisoft.test", "password": "wrong"})
    failure = entry("accounts.login.failure")
    assert on(failure, user)  # a known email: logged against that account
    assert failure.user_id is None  # nobody was authenticated
    assert failure.data == {
        "ip": IP,
        "email": "KIM@angisoft.test",
        "reason": "invalid_credentials",
        "channel": "api",
    }
    assert "wrong" not in str(failure.data)  # never the password


def test_failed_login_for_an_unknown_email_is_logged_on_the_user_table(api_ip):
    api_ip.post("/api/auth/login", {"email": "ghost@angisoft.test", "password": "x"})
    failure = entry("accounts.login.failure")
    assert on(failure, ContentType.objects.get_for_model(User))
    assert failure.data["email"] == "ghost@angisoft.test"


def test_logout_and_refresh_reuse_are_audited(api_ip, staff):
    user = staff("developer")
    login = {"email": user.email, "password": DEFAULT_PASSWORD}
    first = api_ip.post("/api/auth/login", login).json()
    api_ip.post("/api/auth/refresh", {"refreshToken": first["refreshToken"]})
    api_ip.post("/api/auth/refresh", {"refreshToken": first["refreshToken"]})
    reuse = entry("accounts.session.reuse_detected")
    assert on(reuse, user) and reuse.data["session"] == first["sessionId"]

    second = api_ip.post("/api/auth/login", login).json()
    api_ip.post("/api/auth/logout", {"refreshToken": second["refreshToken"]})
    logout = entry("accounts.logout")
    assert on(logout, user) and logout.user_id == user.pk


def test_two_factor_changes_are_audited(staff, bearer):
    user = staff("developer")
    client = bearer(user)
    client.defaults["REMOTE_ADDR"] = IP
    secret = client.post("/api/auth/2fa/setup").json()["secret"]
    codes = client.post("/api/auth/2fa/confirm", {"code": totp_now(secret)}).json()["backupCodes"]
    assert on(entry("accounts.2fa.enable"), user)
    codes = client.post("/api/auth/2fa/backup-codes", {"code": codes[0]}).json()["backupCodes"]
    assert on(entry("accounts.2fa.backup_codes_regenerated"), user)
    assert entry("accounts.2fa.backup_code_used").user_id == user.pk
    client.post("/api/auth/2fa/disable", {"code": totp_now(secret, 1)})
    disabled = entry("accounts.2fa.disable")
    assert on(disabled, user) and disabled.user_id == user.pk


def test_role_changes_are_audited(admin, admin_api, staff):
    member = staff("developer")
    response = admin_api.post(f"/api/accounts/{member.pk}/role", {"role": "marketing"})
    assert response.status_code == 200
    assert response.json()["role"] == "marketing"
    change = entry("accounts.role.change")
    assert on(change, member) and change.user_id == admin.pk
    assert change.data["from"] == "developer" and change.data["to"] == "marketing"
    # Setting the same role again changes nothing and logs nothing more.
    admin_api.post(f"/api/accounts/{member.pk}/role", {"role": "marketing"})
    assert ModelLogEntry.objects.filter(action="accounts.role.change").count() == 1


def test_password_resets_are_audited(api_ip, staff, django_capture_on_commit_callbacks):
    user = staff("developer")
    with django_capture_on_commit_callbacks(execute=True):
        api_ip.post("/api/auth/password-reset", {"email": user.email})
    requested = entry("accounts.password_reset.request")
    assert on(requested, user) and requested.data["sent"] is True
    token = re.search(r"token=([\w-]+)", mail.outbox[0].body).group(1)
    api_ip.post("/api/auth/password-reset/confirm", {"token": token, "password": "Lamu-Dhow-1984"})
    done = entry("accounts.password_reset.complete")
    assert on(done, user) and done.user_id == user.pk


def test_audit_entries_show_in_the_admin_site_history(client, admin_user, api_ip, staff):
    api_ip.post("/api/auth/login", {"email": "nobody@angisoft.test", "password": "x"})
    client.force_login(admin_user)
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    assert b"Failed sign-in" in response.content


def test_the_last_admin_cannot_be_demoted(admin, admin_api):
    response = admin_api.post(f"/api/accounts/{admin.pk}/role", {"role": "developer"})
    assert response.status_code == 409
    assert "last admin" in response.json()["error"]
    assert not ModelLogEntry.objects.filter(action="accounts.role.change").exists()
    assert admin_api.post("/api/accounts/99999/role", {"role": "admin"}).status_code == 404
