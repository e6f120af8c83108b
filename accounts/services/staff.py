"""Staff management: role changes."""

from django.contrib.auth import get_user_model
from django.db import transaction
from rest_framework.exceptions import NotFound

from accounts import audit
from accounts.models import Role
from accounts.roles import GROUP_NAMES, assign_role, role_of
from core.exceptions import Conflict

User = get_user_model()


def _other_admins(user):
    return User.objects.filter(is_active=True, groups__name=GROUP_NAMES[Role.ADMIN]).exclude(
        pk=user.pk
    )


def user_set_role(*, user_id, role: str, actor, request=None):
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id, is_staff=True).first()
        if user is None:
            raise NotFound("We could not find this staff account.")
        previous = role_of(user)
        if previous == role:
            return user
        if previous == Role.ADMIN and not _other_admins(user).exists():
            raise Conflict("This is the last admin: make someone else an admin first.")
        assign_role(user, role)
        audit.record(
            "accounts.role.change",
            instance=user,
            actor=actor,
            request=request,
            data={"from": previous, "to": role},
        )
    return user
