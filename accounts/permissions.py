"""Reusable DRF permission classes: every staff endpoint checks permission codenames.

permission_classes = [HasPerms.of("bookings.review_booking")]
permission_classes = [HasAnyPerm.of("bookings.view_booking", "bookings.view_assigned_booking")]
"""

from rest_framework.permissions import BasePermission


class HasPerms(BasePermission):
    """Signed-in and holding every listed permission."""

    perms: tuple[str, ...] = ()
    message = "You do not have permission to do this."

    @classmethod
    def of(cls, *perms: str):
        name = f"{cls.__name__}[{','.join(perms)}]"
        return type(name, (cls,), {"perms": tuple(perms)})

    def _granted(self, user) -> bool:
        return user.has_perms(self.perms)

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and self._granted(user))


class HasAnyPerm(HasPerms):
    """Signed-in and holding at least one of the listed permissions."""

    def _granted(self, user) -> bool:
        return any(user.has_perm(perm) for perm in self.perms)
