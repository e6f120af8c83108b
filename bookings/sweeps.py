"""Re-queue work whose Huey task was lost (Redis down at commit, a killed worker), the
way core.mail.outbox_sweep does for emails: the database row says what is unfinished."""

from datetime import timedelta

from django.utils import timezone

from bookings.models import BookingFile

# Long enough for the after-commit task to have run normally; files older than the
# horizon are left alone so a file that can never be processed is not retried forever.
FILE_GRACE = timedelta(minutes=5)
FILE_HORIZON = timedelta(days=7)


def booking_files_sweep(*, limit: int = 200) -> int:
    """Queue processing (checksum, type re-check, thumbnail) for every file that still has
    none. Returns how many were queued."""
    from bookings.tasks import process_booking_file

    now = timezone.now()
    due = list(
        BookingFile.objects.filter(
            processed_at__isnull=True,
            created_at__lte=now - FILE_GRACE,
            created_at__gte=now - FILE_HORIZON,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    for file_id in due:
        process_booking_file(file_id)
    return len(due)
