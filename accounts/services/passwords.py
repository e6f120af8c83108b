"""Password reset: request (never reveals whether the email exists) and confirm."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from accounts import audit
from accounts.exceptions import ExpiredToken, InvalidToken
from accounts.models import AuthSession, PasswordReset
from accounts.services.sessions import sessions_revoke_all
from accounts.tokens import new_token, token_digest
from core.mail import send_email_on_commit

User = get_user_model()


def password_reset_request(*, email: str, request=None) -> None:
    """Email a reset link if an active account has this email. The caller answers the same
    whatever happens here."""
    email = User.objects.normalize_email(email)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is None or not user.is_active:
            audit.record(
                "accounts.password_reset.request",
                instance=user or ContentType.objects.get_for_model(User),
                request=request,
                data={"email": email[:254], "sent": False},
            )
            return
        token = new_token()
        # Only the newest link works.
        PasswordReset.objects.filter(user=user, used_at__isnull=True).update(
            used_at=timezone.now(), token_hash=None
        )
        reset = PasswordReset.objects.create(
            user=user,
            token_hash=token_digest(token),
            expires_at=timezone.now() + timedelta(minutes=settings.PASSWORD_RESET_TTL_MINUTES),
        )
        audit.record(
            "accounts.password_reset.request",
            instance=user,
            request=request,
            data={"email": email, "sent": True},
        )
        send_email_on_commit(
            "accounts_password_reset",
            user.email,
            {
                "first_name": user.first_name,
                "reset_url": f"{settings.FRONTEND_URL}/reset-password?token={token}",
                "minutes": settings.PASSWORD_RESET_TTL_MINUTES,
                "expires_at": timezone.localtime(reset.expires_at).strftime("%d %b %Y, %H:%M %Z"),
            },
        )


def password_reset_confirm(*, token: str, password: str, request=None) -> None:
    """Set the new password, consume the link and end every existing API session."""
    with transaction.atomic():
        reset = (
            PasswordReset.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=token_digest(token), used_at__isnull=True)
            .first()
            if token
            else None
        )
        if reset is None or not reset.user.is_active:
            raise InvalidToken(
                "This reset link is invalid or has already been used. Request a new one."
            )
        if reset.expires_at <= timezone.now():
            raise ExpiredToken("This reset link has expired. Request a new one.")
        user = reset.user
        try:
            validate_password(password, user)
        except DjangoValidationError as exc:
            raise ValidationError({"password": list(exc.messages)}) from exc
        user.set_password(password)
        user.save(update_fields=["password"])
        reset.used_at = timezone.now()
        reset.token_hash = None
        reset.save(update_fields=["used_at", "token_hash"])
        sessions_revoke_all(user=user, reason=AuthSession.RevokeReason.PASSWORD)
        audit.record("accounts.password_reset.complete", instance=user, actor=user, request=request)
        send_email_on_commit(
            "accounts_password_changed",
            user.email,
            {"first_name": user.first_name},
        )
