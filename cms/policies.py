"""Wagtail permission policy for staff profiles (cms.StaffProfile): whoever can create
profiles (cms.add_staffprofile: admins, marketing) edits them all; everyone else with
cms.change_staffprofile (developers) edits only the profile linked to their own account.

Wagtail's generic snippet views consult instance-level policy only for buttons and a few
views, so the StaffProfile edit and delete views (cms.wagtail_hooks) call
`policy.user_has_permission_for_instance(user, "change", profile)` to enforce it."""

from wagtail.permission_policies import ModelPermissionPolicy

OWN_ONLY_ACTIONS = {"change", "delete", "publish", "unpublish", "lock", "unlock"}


class OwnStaffProfilePolicy(ModelPermissionPolicy):
    def _edits_every_profile(self, user) -> bool:
        return user.is_superuser or user.has_perm(self._get_permission_name("add"))

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action in OWN_ONLY_ACTIONS and not self._edits_every_profile(user):
            return instance.user_id == user.pk
        return True

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = [action for action in actions if self.user_has_permission(user, action)]
        queryset = self.model._default_manager.all()
        if not allowed:
            return queryset.none()
        if set(allowed) <= OWN_ONLY_ACTIONS and not self._edits_every_profile(user):
            return queryset.filter(user=user)
        return queryset
