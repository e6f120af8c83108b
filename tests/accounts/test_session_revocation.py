"""A change to what a user may do ends their API sessions: a promotion must not keep a
session that never passed the new role's checks (e.g. two-factor for admins)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.models import AuthSession
from accounts.roles import GROUP_NAMES
from tests.accounts.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def login(api_client, email):
    return api_client.post("/api/auth/login", {"email": email, "password": DEFAULT_PASSWORD}).json()


def session_works(api_client, tokens) -> bool:
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['accessToken']}")
    me = api_client.get("/api/auth/me").status_code
    api_client.credentials()
    refresh = api_client.post("/api/auth/refresh", {"refreshToken": tokens["refreshToken"]})
    return me == 200 and refresh.status_code == 200


@pytest.fixture
def member(staff):
    return staff("marketing", email="wanjiru@angisoft.test")


def test_a_role_change_through_the_api_ends_the_users_sessions(api_client, bearer, staff, member):
    tokens = login(api_client, member.email)
    admin_api = bearer(staff("admin"))

    assert admin_api.post(f"/api/accounts/{member.pk}/role", {"role": "admin"}).status_code == 200

    assert not session_works(api_client, tokens)
    assert AuthSession.objects.get(pk=tokens["sessionId"]).revoked_reason == "access_changed"


def test_a_group_change_in_the_wagtail_user_editor_ends_the_users_sessions(
    api_client, client, staff, member
):
    tokens = login(api_client, member.email)
    client.force_login(staff("admin"))
    admin_group = Group.objects.get(name=GROUP_NAMES["admin"])
    response = client.post(
        reverse("wagtailusers_users:edit", args=[member.pk]),
        {
            "email": member.email,
            "first_name": member.first_name or "W",
            "last_name": member.last_name or "K",
            "is_active": "on",
            "groups": [admin_group.pk],
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert member.groups.filter(pk=admin_group.pk).exists()

    assert not session_works(api_client, tokens)


def test_a_permission_added_to_the_users_group_ends_their_sessions(api_client, member):
    tokens = login(api_client, member.email)
    group = Group.objects.get(name=GROUP_NAMES["marketing"])

    group.permissions.add(Permission.objects.get(codename="change_user"))

    assert not session_works(api_client, tokens)


def test_a_direct_permission_ends_the_users_sessions(api_client, member):
    tokens = login(api_client, member.email)

    member.user_permissions.add(Permission.objects.get(codename="change_user"))

    assert not session_works(api_client, tokens)


def test_deactivation_and_password_change_revoke_the_session_rows(api_client, staff, member):
    tokens = login(api_client, member.email)
    member.is_active = False
    member.save()
    assert AuthSession.objects.get(pk=tokens["sessionId"]).revoked_reason == "deactivated"

    other = staff("developer", email="kamau@angisoft.test")
    tokens = login(api_client, other.email)
    other.set_password("Another-Long-Pass-7")
    other.save()
    assert AuthSession.objects.get(pk=tokens["sessionId"]).revoked_reason == "password"


def test_unrelated_saves_keep_sessions(api_client, member):
    tokens = login(api_client, member.email)
    member.first_name = "Renamed"
    member.save()

    assert session_works(api_client, tokens)
