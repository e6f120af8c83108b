"""Rate limits for sign-in and one-time-token endpoints (scopes in settings)."""

from core.throttling import EmailThrottle, ScopedThrottle


class LoginIPThrottle(ScopedThrottle):
    scope = "login"


class LoginAccountThrottle(EmailThrottle):
    """Sign-in attempts per account (the email), whatever address they come from."""

    scope = "login_account"


class InviteAcceptThrottle(ScopedThrottle):
    scope = "invite_accept"


class PasswordResetThrottle(ScopedThrottle):
    scope = "password_reset"
