"""Employees become staff users: mapped roles, conflicts reported, invites only on request."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from accounts.models import Invitation, Role
from accounts.roles import role_of
from bookings.models import Booking
from tests.legacy.test_import import mapped, run

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def staff(legacy):
    s = {}
    s["boss"] = legacy.employee(firstName="Grace", email="Grace@AngiSoft.test", role="SUPER_ADMIN")
    s["writer"] = legacy.employee(firstName="Wes", role="CONTENT_CREATOR")
    s["mixed"] = legacy.employee(firstName="Mia", role="ADMIN")
    legacy.assign_role(s["mixed"], "developer")  # disagrees with the column
    s["hr"] = legacy.employee(firstName="Hana", role="HR")
    client = legacy.client()
    s["booking"] = legacy.booking(client, 9, assignedToId=s["writer"])
    return s


def test_employees_become_inactive_staff_with_mapped_roles(legacy, staff):
    out = run(legacy)

    boss = mapped("Employee", staff["boss"], User)
    assert boss.email == "grace@angisoft.test" and boss.first_name == "Grace"
    assert (boss.is_staff, boss.is_active, boss.has_usable_password()) == (True, False, False)
    assert role_of(boss) == Role.ADMIN
    assert role_of(mapped("Employee", staff["writer"], User)) == Role.MARKETING
    assert role_of(mapped("Employee", staff["hr"], User)) == Role.DEVELOPER
    # Conflict: the least privileged role wins, and the report says so.
    assert role_of(mapped("Employee", staff["mixed"], User)) == Role.DEVELOPER
    assert f"Employee {staff['mixed']}: role conflict" in out
    assert mapped("Booking", staff["booking"], Booking).assigned_to == mapped(
        "Employee", staff["writer"], User
    )
    assert not mail.outbox and not Invitation.objects.exists()


def test_send_invites_invites_once(legacy, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(legacy, "--send-invites", "--only", "Employee")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in User.objects.filter(is_staff=True)
    )
    assert Invitation.objects.filter(status=Invitation.Status.PENDING).count() == 4

    legacy.execute('UPDATE "Employee" SET phone = %s WHERE id = %s', ("+254700", staff["hr"]))
    with django_capture_on_commit_callbacks(execute=True):
        run(legacy, "--send-invites", "--only", "Employee")
    assert len(mail.outbox) == 4 and Invitation.objects.count() == 4


def test_an_account_already_set_up_here_is_linked_not_changed(legacy, staff):
    existing = User.objects.create_user(
        "grace@angisoft.test", "a-strong-pass-123", first_name="G", last_name="K", is_staff=True
    )
    out = run(legacy, "--only", "Employee")
    assert mapped("Employee", staff["boss"], User) == existing
    existing.refresh_from_db()
    assert existing.first_name == "G" and existing.has_usable_password()
    assert "linked to existing account grace@angisoft.test" in out
