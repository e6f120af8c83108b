from django.conf import settings
from django.core.management.base import BaseCommand

from core.admin_login import RESET_HINT, ensure_admin_login


class Command(BaseCommand):
    help = (
        "Create the first admin login if it does not exist. Uses ADMIN_EMAIL and "
        "ADMIN_PASSWORD when set, otherwise admin@angisoft.local and a generated password. "
        "--reset-password gives the existing login a new password and prints it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Set a new password (ADMIN_PASSWORD or a random one) and print it.",
        )

    def handle(self, *args, **options):
        login = ensure_admin_login(reset_password=options["reset_password"])
        if login.password is None:
            self.stdout.write(
                f"Admin login exists: {login.email} (password unchanged; forgot it? {RESET_HINT})"
            )
            return
        self.stdout.write(
            self.style.SUCCESS("Admin login created" if login.created else "Admin password reset")
        )
        self.stdout.write(f"  URL:      {settings.WAGTAILADMIN_BASE_URL}/admin/")
        self.stdout.write(f"  Email:    {login.email}")
        self.stdout.write(f"  Password: {login.password}")
