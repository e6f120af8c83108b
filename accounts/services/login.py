"""API sign-in: password, then the second factor when the account uses (or must use) it."""

from django.contrib.auth import authenticate, get_user_model
from django.contrib.contenttypes.models import ContentType

from accounts import audit
from accounts.authentication import EnrolmentToken
from accounts.exceptions import InvalidCredentials, TotpInvalidLogin, TotpRequired
from accounts.services.sessions import session_start
from accounts.services.two_factor import (
    two_factor_enabled,
    two_factor_required,
    two_factor_verify,
)

User = get_user_model()


def login_failed(*, email: str, reason: str, request=None, user=None, channel: str = "api") -> None:
    """Audit a failed sign-in. It is logged on the account when the email belongs to one;
    otherwise on the staff-accounts table itself (the User content type), so attempts
    against unknown addresses still show in the site history."""
    email = (email or "")[:254]
    if user is None:
        user = User.objects.filter(email__iexact=email.strip()).first() if email else None
    instance = user if user is not None else ContentType.objects.get_for_model(User)
    audit.record(
        "accounts.login.failure",
        instance=instance,
        actor=None,
        request=request,
        data={"email": email, "reason": reason, "channel": channel},
    )


def login(*, email: str, password: str, totp: str | None, request=None) -> dict:
    """Returns the token pair, or {"totp_enrolment_required", "enrolment_token"} for an
    admin who must enrol in two-factor first. Raises InvalidCredentials / TotpRequired /
    TotpInvalid."""
    user = authenticate(request, email=email, password=password)
    if user is None:
        login_failed(email=email, reason="invalid_credentials", request=request)
        raise InvalidCredentials()

    method = "password"
    if two_factor_enabled(user):
        if not totp:
            raise TotpRequired()
        method = two_factor_verify(user=user, code=totp, request=request)
        if method is None:
            login_failed(email=email, reason="invalid_totp", request=request, user=user)
            raise TotpInvalidLogin()
        method = f"password+{method}"
    elif two_factor_required(user):
        token = EnrolmentToken.for_user(user)
        audit.record(
            "accounts.login.enrolment_required", instance=user, actor=user, request=request
        )
        return {"totp_enrolment_required": True, "enrolment_token": str(token)}

    tokens = session_start(user=user, request=request)
    audit.record(
        "accounts.login.success",
        instance=user,
        actor=user,
        request=request,
        data={"method": method, "session": tokens["session_id"], "channel": "api"},
    )
    return tokens
