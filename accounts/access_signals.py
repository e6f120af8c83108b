"""End a user's API sessions when what they may do changes: role (groups), direct or
group permissions, superuser/staff flags, deactivation, password.

Signals, although writes belong in services: these changes happen through many doors
(our role API, Wagtail's user and group editors, the role sync, the shell), and a session
that outlives a promotion skips the new role's checks (e.g. two-factor for admins)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import AuthSession
from accounts.services.sessions import sessions_revoke_all

Reason = AuthSession.RevokeReason
WATCHED_FIELDS = ("is_active", "password", "is_superuser", "is_staff")


def _revoke(users, reason=Reason.ACCESS_CHANGED):
    for user in users:
        sessions_revoke_all(user=user, reason=reason)


def _users_of_groups(group_ids):
    return get_user_model().objects.filter(groups__in=group_ids).distinct()


def user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear") or (
        action != "pre_clear" and not pk_set
    ):
        return
    if not reverse:  # user.groups.add(...)
        _revoke([instance])
    elif action == "pre_clear":  # group.user_set.clear()
        _revoke(instance.user_set.all())
    else:  # group.user_set.add(users...)
        _revoke(get_user_model().objects.filter(pk__in=pk_set))


def user_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear") or (
        action != "pre_clear" and not pk_set
    ):
        return
    if not reverse:
        _revoke([instance])
    elif action == "pre_clear":
        _revoke(instance.user_set.all())
    else:
        _revoke(get_user_model().objects.filter(pk__in=pk_set))


def group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear") or (
        action != "pre_clear" and not pk_set
    ):
        return
    if not reverse:  # group.permissions.add(...)
        _revoke(_users_of_groups([instance.pk]))
    elif action == "pre_clear":  # permission.group_set.clear()
        _revoke(_users_of_groups(instance.group_set.values_list("pk", flat=True)))
    else:
        _revoke(_users_of_groups(pk_set))


def remember_access_fields(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields and set(update_fields) <= {"last_login"}):
        instance._access_before = None
        return
    instance._access_before = sender.objects.filter(pk=instance.pk).values(*WATCHED_FIELDS).first()


def revoke_on_access_fields(sender, instance, created, **kwargs):
    before = getattr(instance, "_access_before", None)
    instance._access_before = None
    if created or not before:
        return
    if before["is_active"] and not instance.is_active:
        _revoke([instance], Reason.DEACTIVATED)
    elif before["password"] != instance.password:
        _revoke([instance], Reason.PASSWORD)
    elif (before["is_superuser"], before["is_staff"]) != (instance.is_superuser, instance.is_staff):
        _revoke([instance])


def connect():
    from django.db.models.signals import m2m_changed, post_save, pre_save

    user = get_user_model()
    m2m_changed.connect(
        user_groups_changed, sender=user.groups.through, dispatch_uid="accounts.revoke.groups"
    )
    m2m_changed.connect(
        user_permissions_changed,
        sender=user.user_permissions.through,
        dispatch_uid="accounts.revoke.user_permissions",
    )
    m2m_changed.connect(
        group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid="accounts.revoke.group_permissions",
    )
    pre_save.connect(remember_access_fields, sender=user, dispatch_uid="accounts.revoke.pre")
    post_save.connect(revoke_on_access_fields, sender=user, dispatch_uid="accounts.revoke.post")
