from django.contrib.auth.models import Group

from accounts.roles import GROUP_NAMES
from tests.factories import DEFAULT_PASSWORD, UserFactory

__all__ = ["DEFAULT_PASSWORD", "make_staff"]


def make_staff(role: str = "developer", **kwargs):
    """A staff member in one role group ("admin" | "marketing" | "developer")."""
    return UserFactory(groups=[Group.objects.get(name=GROUP_NAMES[role])], **kwargs)
