import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from config.env import env


class Command(BaseCommand):
    help = (
        "Create the first admin login if it does not exist. Uses ADMIN_EMAIL and "
        "ADMIN_PASSWORD when set, otherwise admin@angisoft.local and a generated password."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        email = User.objects.normalize_email(env("ADMIN_EMAIL", default="admin@angisoft.local"))
        with transaction.atomic():
            if User.objects.filter(email__iexact=email).exists():
                self.stdout.write(f"Admin login exists: {email} (password unchanged)")
                return
            password = env("ADMIN_PASSWORD", default="") or secrets.token_urlsafe(12)
            User.objects.create_superuser(
                email=email, password=password, first_name="Site", last_name="Admin"
            )
        self.stdout.write(self.style.SUCCESS("Admin login created"))
        self.stdout.write(f"  URL:      {settings.WAGTAILADMIN_BASE_URL}/admin/")
        self.stdout.write(f"  Email:    {email}")
        self.stdout.write(f"  Password: {password}")
