"""The first admin login of a development site (ensure_admin, bootstrap)."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from config.env import env

RESET_HINT = ".venv/bin/python manage.py ensure_admin --reset-password"


@dataclass(frozen=True)
class AdminLogin:
    email: str
    password: str | None  # only when it was set just now: it is never readable later
    created: bool


def ensure_admin_login(*, reset_password: bool = False) -> AdminLogin:
    """Create the admin (ADMIN_EMAIL, default admin@angisoft.local) if it does not exist;
    with reset_password, give an existing one a new password (ADMIN_PASSWORD or random)."""
    User = get_user_model()
    email = User.objects.normalize_email(env("ADMIN_EMAIL", default="admin@angisoft.local"))
    password = env("ADMIN_PASSWORD", default="") or secrets.token_urlsafe(12)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is None:
            User.objects.create_superuser(
                email=email, password=password, first_name="Site", last_name="Admin"
            )
            return AdminLogin(email=email, password=password, created=True)
        if not reset_password:
            return AdminLogin(email=user.email, password=None, created=False)
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    return AdminLogin(email=user.email, password=password, created=False)
