import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from core.validators import validate_email_storable


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        # The whole address is compared case-insensitively, so store it lower-cased.
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member. Email is the login; roles are Wagtail groups."""

    email = models.EmailField(
        "email address", max_length=254, unique=True, validators=[validate_email_storable]
    )
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    phone = models.CharField(max_length=32, blank=True)
    is_staff = models.BooleanField(
        default=False, help_text="Whether the user can log into the Wagtail admin."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["first_name", "last_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


class Role(models.TextChoices):
    """The staff roles. Each is a Wagtail group whose permissions accounts.roles defines."""

    ADMIN = "admin", "Admin"
    MARKETING = "marketing", "Marketing"
    DEVELOPER = "developer", "Developer"


class Invitation(models.Model):
    """An invitation to join the staff. Its token is random and only its SHA-256 is kept."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        REVOKED = "revoked", "Revoked"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254, validators=[validate_email_storable])
    role = models.CharField(max_length=20, choices=Role.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # Cleared once the invitation is accepted or revoked: a consumed token matches nothing.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)
    send_count = models.PositiveIntegerField(default=1)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        permissions = [("invite_staff", "Can invite staff and manage invitations")]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="accounts_one_pending_invitation_per_user",
            )
        ]

    def __str__(self):
        return f"Invitation for {self.email}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class PasswordReset(models.Model):
    """A password-reset request. The token is random, stored only as its SHA-256."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_resets")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Password reset for {self.user}"


class AuthSession(models.Model):
    """One API sign-in: the family of refresh tokens issued from one login. Only the newest
    refresh token (`refresh_jti`) may be exchanged; presenting an older one means it was
    copied, so the whole session is revoked."""

    class RevokeReason(models.TextChoices):
        LOGOUT = "logout", "Signed out"
        REUSE = "reuse", "Refresh token reused"
        PASSWORD = "password", "Password changed"
        TWO_FACTOR = "two_factor", "Two-factor settings changed"
        DEACTIVATED = "deactivated", "Account deactivated"
        ACCESS_CHANGED = "access_changed", "Role or permissions changed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="auth_sessions")
    refresh_jti = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_refreshed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=20, choices=RevokeReason.choices, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Session {self.pk} of {self.user}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class TOTPDevice(models.Model):
    """A staff member's authenticator app. Unconfirmed until the first code is verified."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted 30-second step: a code is never accepted twice.
    last_used_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Authenticator of {self.user}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class BackupCode(models.Model):
    """A one-time two-factor backup code, stored as a password hash."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="backup_codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Backup code of {self.user}"
