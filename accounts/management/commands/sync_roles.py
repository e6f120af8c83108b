from django.core.management.base import BaseCommand

from accounts.roles import sync_roles


class Command(BaseCommand):
    help = "Re-apply the role -> permission matrix (accounts.roles) to the role groups."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write("Role groups synchronised.")
