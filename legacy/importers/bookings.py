"""Legacy `Booking` rows -> bookings.Booking, keeping public references."""

import re
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from bookings.models import (
    Booking,
    BookingStatus,
    Client,
    ProjectType,
    ReferenceCounter,
    TrackingLink,
)
from bookings.references import allocate_reference
from bookings.tokens import hash_token, new_tracking_token
from legacy.runner import SkipRow, TableImporter, aware

User = get_user_model()

# Booking references only: ANG-2026-00042. Contact enquiries use six letters and digits
# (ANG-2026-A1B2C3), which this never matches, so they cannot move a counter.
BOOKING_REFERENCE = re.compile(r"^ANG-(\d{4})-(\d{5})$")

OUR_PROJECT_TYPES = set(ProjectType.values)
OUR_STATUSES = set(BookingStatus.values)


def bump_counters(references) -> None:
    """Raise each year's counter to the highest booking reference seen, so new bookings
    continue after the imported ones and never reuse a number."""
    highest: dict[int, int] = {}
    for reference in references:
        match = BOOKING_REFERENCE.match(reference or "")
        if match:
            year, number = int(match[1]), int(match[2])
            highest[year] = max(highest.get(year, 0), number)
    for year, number in highest.items():
        ReferenceCounter.objects.bulk_create(
            [ReferenceCounter(year=year, last_number=0)], ignore_conflicts=True
        )
        counter = ReferenceCounter.objects.select_for_update().get(year=year)
        if counter.last_number < number:
            counter.last_number = number
            counter.save(update_fields=["last_number"])


def _details(value, legacy_type: str | None) -> dict:
    # JSON null and SQL NULL both arrive as None.
    details = {} if value is None else value if isinstance(value, dict) else {"legacy": value}
    if legacy_type and legacy_type not in OUR_PROJECT_TYPES:
        details = {**details, "legacy_project_type": legacy_type}
    return details


def _amount(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


class BookingImporter(TableImporter):
    table = "Booking"
    columns = [
        "id", "clientId", "title", "description", "projectType", "details", "status",
        "priceEstimate", "assignedToId", "termsAcceptedAt", "depositPaidAt", "createdAt",
        "publicReference", "currency", "source", "sourcePath", "serviceSlug", "serviceTitle",
        "packageSlug", "packageTitle", "trackingToken",
    ]  # fmt: skip
    model = Booking

    def prepare(self, rows):
        bump_counters(row["publicReference"] for row in rows)

    def _reference(self, row, existing) -> str:
        if existing is not None:
            return existing.public_reference  # links already sent keep working
        wanted = (row["publicReference"] or "").strip()
        if (
            BOOKING_REFERENCE.match(wanted)
            and not Booking.objects.filter(public_reference=wanted).exists()
        ):
            return wanted
        issued = allocate_reference(aware(row["createdAt"]).year)
        why = "is already used" if BOOKING_REFERENCE.match(wanted) else "is not a booking reference"
        self.ctx.report.note(f"Booking {row['id']}: reference {wanted!r} {why}; issued {issued}")
        return issued

    def apply(self, row, existing):
        client = self.ctx.target("Client", row["clientId"], Client)
        if client is None:
            raise SkipRow(f"its client {row['clientId']} was not imported")
        status = row["status"]
        if status not in OUR_STATUSES:
            raise SkipRow(f"unknown status {status!r}")
        currency = (row["currency"] or "KES").strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise SkipRow(f"invalid currency {row['currency']!r}")
        if row["createdAt"] is None:
            raise SkipRow("no createdAt")
        project_type = row["projectType"]
        booking = existing or Booking()
        if existing is None:
            # A fresh token nobody knows: old tracking links fail the token check and the
            # tracking page sends the client to the "a newer link was emailed" path.
            booking.tracking_token_hash = new_tracking_token()[1]
        booking.public_reference = self._reference(row, existing)
        booking.client = client
        booking.status = status
        booking.title = (row["title"] or "")[:200] or "(untitled)"
        booking.description = row["description"] or ""
        booking.project_type = (
            project_type if project_type in OUR_PROJECT_TYPES else ProjectType.OTHER
        )
        booking.details = _details(row["details"], project_type)
        booking.quoted_amount = _amount(row["priceEstimate"])
        booking.currency = currency
        booking.terms_accepted_at = aware(row["termsAcceptedAt"])
        booking.deposit_paid_at = aware(row["depositPaidAt"])
        for ours, theirs in [
            ("source", "source"),
            ("source_path", "sourcePath"),
            ("service_slug", "serviceSlug"),
            ("service_title", "serviceTitle"),
            ("package_slug", "packageSlug"),
            ("package_title", "packageTitle"),
        ]:
            limit = Booking._meta.get_field(ours).max_length
            setattr(booking, ours, (row[theirs] or "")[:limit])
        booking.assigned_to = self.ctx.target("Employee", row["assignedToId"], User)
        if row["assignedToId"] and booking.assigned_to is None:
            self.ctx.report.note(
                f"Booking {row['id']}: assignee {row['assignedToId']} was not imported"
            )
        booking.save()
        Booking.objects.filter(pk=booking.pk).update(created_at=aware(row["createdAt"]))
        if row["trackingToken"]:
            # Kept as a retired link: the tracking page tells its holder a newer link was
            # emailed instead of "not found".
            TrackingLink.objects.update_or_create(
                token_hash=hash_token(row["trackingToken"]),
                defaults={"booking": booking, "superseded_at": timezone.now()},
            )
        return booking
