"""Legacy booking timelines (`BookingEvent`) and internal notes (`Note`). Both tables may
be absent: the Prisma migrations never created `BookingEvent`."""

from django.contrib.auth import get_user_model

from bookings.models import ActorType, Booking, BookingEvent, BookingNote, BookingStatus
from legacy.runner import SkipRow, TableImporter, aware

User = get_user_model()
T = BookingEvent.Type

# The old workflow had finer steps than our timeline; the title and description are kept
# verbatim, so only the icon/category is coarser.
EVENT_TYPES = {
    "booking_submitted": T.SUBMITTED,
    "stage_changed": T.STATUS_CHANGED,
    "booking_completed": T.STATUS_CHANGED,
    "booking_cancelled": T.STATUS_CHANGED,
    "work_started": T.STATUS_CHANGED,
    "file_uploaded": T.FILES_ADDED,
    "payment_requested": T.PAYMENT_REQUESTED,
    "payment_received": T.DEPOSIT_RECEIVED,
    "quotation_created": T.REVIEWED,
    "quotation_sent": T.REVIEWED,
    "quotation_accepted": T.TERMS_ACCEPTED,
    "quotation_rejected": T.REVIEWED,
    "information_requested": T.MESSAGE,
    "customer_replied": T.MESSAGE,
    "progress_updated": T.MESSAGE,
    "customer_review_requested": T.MESSAGE,
    "changes_requested": T.MESSAGE,
}


class BookingEventImporter(TableImporter):
    table = "BookingEvent"
    columns = [
        "id", "bookingId", "type", "title", "description", "stage", "status", "visibility",
        "actorType", "actorId", "metadata", "createdAt",
    ]  # fmt: skip
    model = BookingEvent

    def apply(self, row, existing):
        booking = self.ctx.target("Booking", row["bookingId"], Booking)
        if booking is None:
            raise SkipRow(f"its booking {row['bookingId']} was not imported")
        kind = EVENT_TYPES.get(row["type"])
        if kind is None:
            kind = T.MESSAGE
            self.ctx.report.note(f"BookingEvent {row['id']}: type {row['type']!r} kept as message")
        actor_type = row["actorType"] if row["actorType"] in ActorType.values else "system"
        event = existing or BookingEvent()
        event.booking = booking
        event.type = kind
        event.title = (row["title"] or row["type"] or "")[:200]
        event.description = row["description"] or ""
        event.to_status = row["status"] if row["status"] in BookingStatus.values else ""
        event.visible_to_customer = (row["visibility"] or "customer") == "customer"
        event.actor_type = actor_type
        event.actor = (
            self.ctx.target("Employee", row["actorId"], User) if actor_type == "staff" else None
        )
        event.save()
        if row["createdAt"]:
            BookingEvent.objects.filter(pk=event.pk).update(created_at=aware(row["createdAt"]))
        return event


class NoteImporter(TableImporter):
    table = "Note"
    columns = ["id", "bookingId", "authorId", "text", "createdAt"]
    model = BookingNote

    def apply(self, row, existing):
        booking = self.ctx.target("Booking", row["bookingId"], Booking)
        if booking is None:
            raise SkipRow(f"its booking {row['bookingId']} was not imported")
        if not (row["text"] or "").strip():
            raise SkipRow("empty note")
        note = existing or BookingNote()
        note.booking = booking
        note.author = self.ctx.target("Employee", row["authorId"], User)
        note.body = row["text"]
        note.save()
        if row["createdAt"]:
            BookingNote.objects.filter(pk=note.pk).update(created_at=aware(row["createdAt"]))
        return note
