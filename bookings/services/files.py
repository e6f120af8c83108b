"""Booking files: rows for stored uploads, files added later, and the post-processing
(checksum, type re-check, thumbnail) that runs in a Huey task after commit."""

from __future__ import annotations

import hashlib
import io
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from bookings import states
from bookings.models import ActorType, BookingEvent, BookingFile
from bookings.services.common import email_context, event_record, lock_booking
from bookings.uploads import CheckedFile, delete_stored, private_storage, store_files
from core.exceptions import Conflict
from core.mail import send_email_on_commit

logger = logging.getLogger(__name__)

THUMBNAIL_SIZE = (400, 400)


def file_rows(booking, files, keys, uploader) -> list[BookingFile]:
    rows = []
    for item, key in zip(files, keys, strict=True):
        rows.append(
            BookingFile.objects.create(
                booking=booking,
                storage_key=key,
                filename=item.filename,
                original_filename=item.original_filename,
                kind=item.kind,
                content_type=item.content_type,
                size=item.size,
                uploaded_by=uploader,
            )
        )
    return rows


def queue_file_processing(file_ids: list[int]) -> None:
    from bookings.tasks import process_booking_file

    for file_id in file_ids:
        transaction.on_commit(lambda file_id=file_id: process_booking_file(file_id))


def booking_add_files(
    *, booking_id, files: list[CheckedFile], actor=None, actor_type: str = "client"
) -> list[BookingFile]:
    if not files:
        raise ValidationError({"files": ["Attach at least one file."]})
    with transaction.atomic():
        if lock_booking(booking_id).status in states.TERMINAL:
            raise Conflict("This booking is closed, so no more files can be added.")
    keys = store_files(list(files))
    try:
        with transaction.atomic():
            booking = lock_booking(booking_id)
            if booking.status in states.TERMINAL:
                raise Conflict("This booking is closed, so no more files can be added.")
            uploader = (
                BookingFile.Uploader.STAFF
                if actor_type == ActorType.STAFF
                else BookingFile.Uploader.CLIENT
            )
            rows = file_rows(booking, files, keys, uploader)
            event_record(
                booking,
                BookingEvent.Type.FILES_ADDED,
                f"{len(rows)} file(s) added",
                description=", ".join(row.filename for row in rows),
                actor=actor,
                actor_type=actor_type,
            )
            if actor_type == ActorType.CLIENT:
                send_email_on_commit(
                    "bookings_client_update_team",
                    settings.TEAM_NOTIFICATION_EMAIL,
                    email_context(booking, what=f"{len(rows)} file(s) added", note=""),
                )
            queue_file_processing([row.pk for row in rows])
    except BaseException:
        delete_stored(keys)
        raise
    return rows


def booking_file_process(*, file_id) -> BookingFile | None:
    """Checksum, content re-check and (for images) a thumbnail, read from storage in
    chunks. Runs after commit in a Huey task; safe to run twice."""
    from PIL import Image, UnidentifiedImageError

    from bookings.exceptions import FileRejected
    from bookings.uploads import IMAGE_KINDS, detect_kind

    item = BookingFile.objects.filter(pk=file_id).first()
    if item is None:
        return None
    storage = private_storage()
    digest = hashlib.sha256()
    error = ""
    thumbnail_key = item.thumbnail_key
    with storage.open(item.storage_key, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
        handle.seek(0)
        try:
            kind = detect_kind(handle, item.filename.rpartition(".")[2].lower())
            if kind != item.kind:
                error = f"Stored content is {kind}, expected {item.kind}."
        except FileRejected as exc:
            error = f"Stored content failed the type check: {exc}"
        if not error and item.kind in IMAGE_KINDS and not thumbnail_key:
            handle.seek(0)
            try:
                with Image.open(handle) as image:
                    image.thumbnail(THUMBNAIL_SIZE)
                    out = io.BytesIO()
                    image.convert("RGB").save(out, "JPEG", quality=80)
                thumbnail_key = storage.save(
                    f"{item.storage_key.rsplit('/', 1)[0]}/thumbnail.jpg",
                    ContentFile(out.getvalue()),
                )
            except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
                error = f"Could not make a thumbnail: {exc}"[:300]
    if error:
        logger.warning("Booking file %s: %s", item.pk, error)
    BookingFile.objects.filter(pk=item.pk).update(
        sha256=digest.hexdigest(),
        thumbnail_key=thumbnail_key,
        processing_error=error[:300],
        processed_at=timezone.now(),
    )
    item.refresh_from_db()
    return item
