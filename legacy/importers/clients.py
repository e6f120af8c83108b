"""Legacy `Client` rows -> bookings.Client, merging emails that differ only in case."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from bookings.models import Client
from core.validators import validate_email_storable
from legacy.runner import SkipRow, TableImporter, aware

# A walk-in client recorded without an email still needs a unique, undeliverable address:
# the reserved .invalid TLD (RFC 2606) guarantees no mail ever leaves for it.
WALK_IN_DOMAIN = "walk-in.invalid"


def walk_in_email(legacy_id: str) -> str:
    return f"walk-in-{legacy_id}@{WALK_IN_DOMAIN}".lower()


def client_email(row: dict) -> str:
    email = (row["email"] or "").strip().lower()
    return email or walk_in_email(str(row["id"]))


class ClientImporter(TableImporter):
    table = "Client"
    columns = ["id", "name", "email", "phone", "org", "createdAt"]
    model = Client

    def prepare(self, rows):
        # The oldest row of each case-insensitive email owns the contact details; the
        # others become aliases of the same client.
        self.owner: dict[str, str] = {}
        for row in sorted(rows, key=lambda r: (r["createdAt"] is None, r["createdAt"], r["id"])):
            email = client_email(row)
            if email in self.owner:
                self.ctx.report.note(
                    f"Client {row['id']} merged into {self.owner[email]} (same email {email})"
                )
            else:
                self.owner[email] = str(row["id"])
            if not (row["email"] or "").strip():
                self.ctx.report.note(f"Client {row['id']} has no email: stored as {email}")

    def apply(self, row, existing):
        email = client_email(row)
        try:
            validate_email(email)
            validate_email_storable(email)
        except ValidationError as exc:
            raise SkipRow(f"invalid email {row['email']!r}") from exc
        name = (row["name"] or "").strip()[:200] or email
        client = existing or Client.objects.filter(email__iexact=email).first()
        is_owner = self.owner.get(email) == str(row["id"])
        if client is None:
            client = Client(email=email)
        elif not is_owner:
            return client  # an alias: the owner row decides the details
        client.email = email
        client.name = name
        client.phone = (row["phone"] or "").strip()[:32]
        client.organisation = (row["org"] or "").strip()[:200]
        client.save()
        if row["createdAt"]:
            Client.objects.filter(pk=client.pk).update(created_at=aware(row["createdAt"]))
        return client
