from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts import audit
from accounts.roles import BLOG_INDEX_MODEL, role_of, sync_roles

# Audit-trail actions written by accounts.audit.record (label, message).
LOG_ACTIONS = {
    "accounts.invite.create": ("Invite staff", "Invited a staff member"),
    "accounts.invite.resend": ("Re-send invitation", "Re-sent a staff invitation"),
    "accounts.invite.revoke": ("Revoke invitation", "Revoked a staff invitation"),
    "accounts.invite.accept": ("Accept invitation", "Accepted the staff invitation"),
    "accounts.login.success": ("Sign in", "Signed in to the API"),
    "accounts.login.failure": ("Failed sign-in", "Failed sign-in attempt"),
    "accounts.login.enrolment_required": (
        "Sign-in pending two-factor enrolment",
        "Signed in with a password; two-factor enrolment required",
    ),
    "accounts.logout": ("Sign out", "Signed out of the API"),
    "accounts.session.reuse_detected": (
        "Refresh token reused",
        "A used refresh token was presented again; the session was revoked",
    ),
    "accounts.admin_login.2fa": ("Admin two-factor check", "Passed the admin two-factor check"),
    "accounts.admin_login.2fa_failure": (
        "Failed admin two-factor check",
        "Failed the admin two-factor check",
    ),
    "accounts.2fa.enable": ("Enable two-factor", "Turned on two-factor authentication"),
    "accounts.2fa.disable": ("Disable two-factor", "Turned off two-factor authentication"),
    "accounts.2fa.backup_code_used": ("Use backup code", "Signed in with a backup code"),
    "accounts.2fa.backup_codes_regenerated": (
        "New backup codes",
        "Generated new two-factor backup codes",
    ),
    "accounts.role.change": ("Change role", "Changed the staff role"),
    "accounts.password_reset.request": ("Request password reset", "Requested a password reset"),
    "accounts.password_reset.complete": ("Reset password", "Reset the password"),
}


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_account_admin_urls():
    from django.urls import path

    from accounts import admin_views

    return [
        path("2fa/verify/", admin_views.two_factor_verify_view, name="accounts_2fa_verify"),
        path("2fa/setup/", admin_views.two_factor_setup_view, name="accounts_2fa_setup"),
        path("staff-invitations/", admin_views.invites_index_view, name="accounts_invites"),
        path(
            "staff-invitations/<int:invitation_id>/resend/",
            admin_views.invite_resend_view,
            name="accounts_invite_resend",
        ),
        path(
            "staff-invitations/<int:invitation_id>/revoke/",
            admin_views.invite_revoke_view,
            name="accounts_invite_revoke",
        ),
    ]


class _InvitesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("accounts.invite_staff")


@hooks.register("register_settings_menu_item")
def register_invites_menu_item():
    return _InvitesMenuItem(
        "Staff invitations", reverse("accounts_invites"), icon_name="mail", order=610
    )


# Role changes made in the admin's user editor are audited like those made via the API.
@hooks.register("before_edit_user")
def remember_role_before_edit(request, user):
    request._accounts_role_before = role_of(user)


@hooks.register("after_edit_user")
def audit_role_change_after_edit(request, user):
    before = getattr(request, "_accounts_role_before", None)
    after = role_of(user)
    if before != after:
        audit.record(
            "accounts.role.change",
            instance=user,
            actor=request.user,
            request=request,
            data={"from": before, "to": after},
        )


@hooks.register("after_create_page")
def grant_blog_drafts_on_a_new_blog_index(request, page):
    """Developers' "add" permission hangs on the blog index page: grant it as soon as that
    page exists (the seed command should call accounts.roles.sync_roles() itself)."""
    specific = page.specific_class or type(page)
    if (specific._meta.app_label, specific.__name__) == BLOG_INDEX_MODEL:
        sync_roles()
