from django.urls import path

from accounts.apis import auth, invites, staff, two_factor

urlpatterns = [
    path("auth/login", auth.LoginApi.as_view(), name="auth-login"),
    path("auth/refresh", auth.RefreshApi.as_view(), name="auth-refresh"),
    path("auth/logout", auth.LogoutApi.as_view(), name="auth-logout"),
    path("auth/me", auth.MeApi.as_view(), name="auth-me"),
    path("auth/password-reset", auth.PasswordResetApi.as_view(), name="auth-password-reset"),
    path(
        "auth/password-reset/confirm",
        auth.PasswordResetConfirmApi.as_view(),
        name="auth-password-reset-confirm",
    ),
    path("auth/2fa/setup", two_factor.TwoFactorSetupApi.as_view(), name="auth-2fa-setup"),
    path("auth/2fa/confirm", two_factor.TwoFactorConfirmApi.as_view(), name="auth-2fa-confirm"),
    path("auth/2fa/disable", two_factor.TwoFactorDisableApi.as_view(), name="auth-2fa-disable"),
    path("auth/2fa/backup-codes", two_factor.BackupCodesApi.as_view(), name="auth-2fa-backup"),
    path("invite", invites.InviteCreateApi.as_view(), name="invite-create"),
    path("invite/accept", invites.InviteAcceptApi.as_view(), name="invite-accept"),
    path("invites", invites.InviteListApi.as_view(), name="invite-list"),
    path(
        "invites/<int:invitation_id>/resend",
        invites.InviteResendApi.as_view(),
        name="invite-resend",
    ),
    path(
        "invites/<int:invitation_id>/revoke",
        invites.InviteRevokeApi.as_view(),
        name="invite-revoke",
    ),
    path("accounts", staff.StaffAccountListApi.as_view(), name="staff-account-list"),
    path("accounts/<int:user_id>/role", staff.StaffRoleApi.as_view(), name="staff-account-role"),
]
