"""The one read-only admin policy: rows that change only through services (payments,
webhook logs, enquiries, bookings, tax documents) are listed and inspected in the Wagtail
admin, and acted on through custom views that check their own permissions, but the
generic add / edit / delete views are never offered."""

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

READ_ONLY_BLOCKED = frozenset({"add", "change", "delete"})


class ReadOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action not in READ_ONLY_BLOCKED and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [a for a in actions if a not in READ_ONLY_BLOCKED] or ["view"]
        )


class ReadOnlyViewSet(ModelViewSet):
    """List, inspect and history only: the policy refuses add/change/delete, and the
    form is empty so no route could write a field even if it were reached."""

    form_fields = []
    copy_view_enabled = False
    search_backend_name = None
