"""The Wagtail admin side: two-factor after the password login, and staff invitations."""

import re

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from accounts.models import Invitation
from accounts.services.two_factor import totp_enrol_confirm, totp_enrol_start
from tests.accounts.conftest import totp_now
from tests.accounts.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def admin_login(client, user):
    response = client.post("/admin/login/", {"username": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return response


def enrolled(user):
    secret = totp_enrol_start(user=user)["secret"]
    codes = totp_enrol_confirm(user=user, code=totp_now(secret))
    return secret, codes


def test_enrolled_staff_must_pass_the_code_step(client, staff):
    user = staff("marketing")
    secret, _ = enrolled(user)
    admin_login(client, user)
    blocked = client.get("/admin/pages/")
    assert blocked.status_code == 302
    assert blocked["Location"].startswith("/admin/2fa/verify/?next=")
    page = client.get(blocked["Location"])
    assert page.status_code == 200
    assert b'name="code"' in page.content

    wrong = client.post("/admin/2fa/verify/", {"code": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == 200
    assert b"not valid" in wrong.content
    assert client.get("/admin/").status_code == 302

    ok = client.post("/admin/2fa/verify/", {"code": totp_now(secret, 1), "next": "/admin/pages/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert ModelLogEntry.objects.filter(action="accounts.admin_login.2fa").count() == 1
    assert ModelLogEntry.objects.filter(action="accounts.admin_login.2fa_failure").count() == 1


def test_a_backup_code_passes_the_admin_step_and_next_is_kept_on_site(client, staff):
    user = staff("developer")
    _, codes = enrolled(user)
    admin_login(client, user)
    ok = client.post("/admin/2fa/verify/", {"code": codes[0], "next": "https://evil.test/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/"


def test_too_many_wrong_codes_sign_the_user_out(client, staff):
    user = staff("developer")
    enrolled(user)
    admin_login(client, user)
    for _ in range(5):
        response = client.post("/admin/2fa/verify/", {"code": "000000"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get("/admin/2fa/verify/").status_code == 302  # signed out
    assert client.get("/admin/2fa/verify/")["Location"].startswith("/admin/login/")


def test_admins_must_enrol_when_required(client, staff, settings):
    settings.REQUIRE_ADMIN_2FA = True
    admin = staff("admin")
    admin_login(client, admin)
    blocked = client.get("/admin/")
    assert blocked["Location"].startswith("/admin/2fa/setup/")
    setup = client.get(blocked["Location"])
    assert setup.status_code == 200
    assert b"data:image/svg+xml;base64," in setup.content
    secret = re.search(rb"<code>([A-Z2-7]+)</code>", setup.content).group(1).decode()
    # Reloading keeps the same pending secret (a scanned QR code stays valid).
    assert secret.encode() in client.get(blocked["Location"]).content
    done = client.post("/admin/2fa/setup/", {"code": totp_now(secret)})
    assert done.status_code == 200
    assert len(re.findall(rb"<li><code>", done.content)) == 10
    assert client.get("/admin/").status_code == 200


def test_staff_without_two_factor_go_straight_in(client, staff, settings):
    settings.REQUIRE_ADMIN_2FA = True
    admin_login(client, staff("marketing"))
    assert client.get("/admin/").status_code == 200


def test_invite_staff_from_the_admin(client, staff, django_capture_on_commit_callbacks):
    admin = staff("admin", first_name="Amina", last_name="Otieno")
    client.force_login(admin)
    page = client.get("/admin/staff-invitations/")
    assert page.status_code == 200
    assert b"Invite staff" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/staff-invitations/",
            {
                "email": "baraka@example.com",
                "role": "developer",
                "first_name": "Baraka",
                "last_name": "Kamau",
                "phone": "",
            },
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["baraka@example.com"]
    assert "invite/accept?token=" in mail.outbox[0].body
    listing = client.get("/admin/staff-invitations/")
    assert b"baraka@example.com" in listing.content
    invitation = Invitation.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(f"/admin/staff-invitations/{invitation.pk}/resend/")
    assert resent.status_code == 302
    assert len(mail.outbox) == 2
    invitation.refresh_from_db()
    assert invitation.send_count == 2

    revoked = client.post(f"/admin/staff-invitations/{invitation.pk}/revoke/")
    assert revoked.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert b"No pending invitations" in client.get("/admin/staff-invitations/").content
    assert client.get(f"/admin/staff-invitations/{invitation.pk}/revoke/").status_code == 405


def test_admin_invite_form_reports_conflicts(client, staff):
    client.force_login(staff("admin"))
    existing = staff("developer")
    response = client.post(
        "/admin/staff-invitations/",
        {"email": existing.email, "role": "developer", "first_name": "A", "last_name": "B"},
    )
    assert response.status_code == 200
    assert b"already exists" in response.content


def test_admin_invite_form_refuses_an_email_too_long_once_lower_cased(client, staff):
    # "İ" lower-cases to two characters: 249 typed, 489 stored (a 500 before).
    client.force_login(staff("admin"))
    email = "a@" + ".".join(["\u0130" * 60] * 4) + ".com"
    response = client.post(
        "/admin/staff-invitations/",
        {"email": email, "role": "developer", "first_name": "A", "last_name": "B"},
    )
    assert response.status_code == 200
    assert b"no more than 254 characters" in response.content
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["marketing", "developer"])
def test_only_staff_managers_reach_the_invitations(client, staff, role):
    client.force_login(staff(role))
    assert client.get("/admin/staff-invitations/").status_code in {302, 403}
    assert client.post("/admin/staff-invitations/1/revoke/").status_code in {302, 403}
    menu = client.get("/admin/")
    assert b"Staff invitations" not in menu.content


def test_the_invitations_menu_item_shows_for_admins(client, staff):
    client.force_login(staff("admin"))
    assert b"/admin/staff-invitations/" in client.get("/admin/").content


def test_role_change_in_the_user_editor_is_audited(client, admin_user, staff):
    from django.contrib.auth.models import Group

    client.force_login(admin_user)
    member = staff("developer")
    marketing = Group.objects.get(name="Marketing")
    response = client.post(
        f"/admin/users/edit/{member.pk}/",
        {
            "email": member.email,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "is_active": "on",
            "groups": [marketing.pk],
        },
    )
    assert response.status_code == 302, response.content[:3000]
    entry = ModelLogEntry.objects.get(action="accounts.role.change")
    assert entry.data["from"] == "developer" and entry.data["to"] == "marketing"
    assert entry.user_id == admin_user.pk


def test_admin_sign_ins_are_audited(client, staff):
    user = staff("marketing")
    client.post("/admin/login/", {"username": user.email, "password": "wrong"})
    failure = ModelLogEntry.objects.get(action="accounts.login.failure")
    assert failure.object_id == str(user.pk)
    assert failure.data["channel"] == "admin" and failure.data["email"] == user.email
    admin_login(client, user)
    success = ModelLogEntry.objects.get(action="accounts.login.success")
    assert success.user_id == user.pk and success.data["channel"] == "admin"
    assert success.data["ip"] == "127.0.0.1"


def test_user_editor_refuses_an_email_too_long_once_lower_cased(client, admin_user, staff):
    # The same "İ" overflow as the invite form, through Wagtail's own user editor: the
    # model field carries the check, so every form built on it refuses it (a 500 before).
    client.force_login(admin_user)
    member = staff("developer")
    email = "a@" + ".".join(["\u0130" * 60] * 4) + ".com"
    response = client.post(
        f"/admin/users/edit/{member.pk}/",
        {
            "email": email,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert b"no more than 254 characters" in response.content
    member.refresh_from_db()
    assert member.email != email.lower()
