"""Every accounts endpoint x {anonymous, developer, marketing, admin}: the expected status.
Staff endpoints check permission codenames (accounts.permissions), never role names."""

import pytest
from rest_framework.test import APIClient

from accounts.services.invites import invitation_create

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "developer", "marketing", "admin"]
INVITE = {"email": "new@example.com", "role": "developer", "firstName": "N", "lastName": "W"}

# (method, path, body, {role: status}); {invite} and {user} are filled in per test.
TABLE = [
    ("post", "/api/invite", INVITE, [401, 403, 403, 201]),
    ("get", "/api/invites", None, [401, 403, 403, 200]),
    ("post", "/api/invites/{invite}/resend", None, [401, 403, 403, 200]),
    ("post", "/api/invites/{invite}/revoke", None, [401, 403, 403, 200]),
    ("get", "/api/accounts", None, [401, 403, 403, 200]),
    ("post", "/api/accounts/{user}/role", {"role": "marketing"}, [401, 403, 403, 200]),
    ("get", "/api/auth/me", None, [401, 200, 200, 200]),
    ("post", "/api/auth/2fa/setup", None, [401, 200, 200, 200]),
    ("post", "/api/auth/2fa/confirm", {"code": "000000"}, [401, 409, 409, 409]),
    ("post", "/api/auth/2fa/disable", {"code": "000000"}, [401, 400, 400, 400]),
    ("post", "/api/auth/2fa/backup-codes", {"code": "000000"}, [401, 400, 400, 400]),
    # Public by design: same answer whoever calls.
    ("post", "/api/auth/logout", {}, [204, 204, 204, 204]),
    ("post", "/api/auth/login", {"email": "x@y.test", "password": "z"}, [401] * 4),
    ("post", "/api/auth/refresh", {"refreshToken": "bad"}, [401] * 4),
    ("post", "/api/invite/accept", {"token": "bad", "password": "Long-pass-123"}, [400] * 4),
    ("post", "/api/auth/password-reset", {"email": "x@y.test"}, [202] * 4),
    ("post", "/api/auth/password-reset/confirm", {"token": "t", "password": "p"}, [400] * 4),
]

PUBLIC = {"/api/auth/login", "/api/auth/refresh"}  # their 401s carry their own codes

CASES = [
    pytest.param(method, path, body, role, expected[i], id=f"{method} {path} as {role}")
    for method, path, body, expected in TABLE
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("method", "path", "body", "role", "expected"), CASES)
def test_access(staff, bearer, method, path, body, role, expected):
    inviter = staff("admin")
    invitation = invitation_create(
        email="pending@example.com",
        role="developer",
        first_name="P",
        last_name="Q",
        invited_by=inviter,
    )
    target = staff("developer")
    client = APIClient() if role == "anonymous" else bearer(staff(role))
    url = path.format(invite=invitation.pk, user=target.pk)
    response = getattr(client, method)(url, body, format="json")
    assert response.status_code == expected, response.content
    if expected in (401, 403) and path not in PUBLIC:
        assert response.json()["code"] in {"not_authenticated", "permission_denied"}


def test_permission_not_role_decides(staff, bearer):
    """A developer given accounts.invite_staff directly may invite; the role name is
    irrelevant."""
    from django.contrib.auth.models import Permission

    developer = staff("developer")
    developer.user_permissions.add(Permission.objects.get(codename="invite_staff"))
    response = bearer(developer).post("/api/invite", INVITE, format="json")
    assert response.status_code == 201


def test_has_perms_classes_for_other_apps(rf, staff):
    from django.contrib.auth.models import AnonymousUser

    from accounts.permissions import HasAnyPerm, HasPerms

    request = rf.get("/")
    both = HasPerms.of("accounts.invite_staff", "wagtailadmin.access_admin")()
    either = HasAnyPerm.of("accounts.invite_staff", "wagtailadmin.access_admin")()
    request.user = staff("marketing")
    assert not both.has_permission(request, None)
    assert either.has_permission(request, None)
    request.user = staff("admin")
    assert both.has_permission(request, None)
    request.user = AnonymousUser()
    assert not either.has_permission(request, None)
