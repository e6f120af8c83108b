"""Legacy `File` rows that belong to a booking -> bookings.BookingFile, bytes copied from
--files-root into the private storage and checked on the way."""

import hashlib
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from bookings.exceptions import FileRejected
from bookings.models import Booking, BookingFile
from bookings.uploads import KINDS, detect_kind, sanitise_filename
from legacy.runner import SkipRow, TableImporter, aware

BOOKING_OWNER_TYPES = {"booking"}


def locate(files_root: Path, url: str) -> Path | None:
    """The legacy file on disk: its stored path under the root, else its bare name."""
    path = PurePosixPath(urlparse(url or "").path.lstrip("/"))
    root = files_root.resolve()
    for candidate in (path, *[PurePosixPath(*path.parts[i:]) for i in range(1, len(path.parts))]):
        full = (root / candidate).resolve()
        if full.is_relative_to(root) and full.is_file():  # never step outside the root
            return full
    return None


def expected_sha256(metadata) -> str:
    if isinstance(metadata, dict):
        for key in ("sha256", "checksum"):
            if isinstance(metadata.get(key), str):
                return metadata[key].lower()
    return ""


class FileImporter(TableImporter):
    table = "File"
    columns = [
        "id", "bookingId", "ownerType", "ownerId", "filename", "url", "mime", "size",
        "metadata", "uploadedBy", "createdAt",
    ]  # fmt: skip
    model = BookingFile

    def apply(self, row, existing):
        booking_id = row["bookingId"]
        if not booking_id and (row["ownerType"] or "").lower() in BOOKING_OWNER_TYPES:
            booking_id = row["ownerId"]  # the old upload routes linked files this way
        if not booking_id:
            raise SkipRow(f"not a booking file (ownerType {row['ownerType']!r})")
        booking = self.ctx.target("Booking", booking_id, Booking)
        if booking is None:
            raise SkipRow(f"its booking {booking_id} was not imported")
        if self.ctx.files_root is None:
            raise SkipRow("no --files-root given")
        found = locate(Path(self.ctx.files_root), row["url"])
        if found is None:
            raise SkipRow(f"file {row['url']!r} not found under --files-root")
        data = found.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if row["size"] is not None and row["size"] != len(data):
            raise SkipRow(f"size {len(data)} on disk, {row['size']} recorded")
        expected = expected_sha256(row["metadata"])
        if expected and expected != digest:
            raise SkipRow("checksum on disk differs from the recorded one")
        content = ContentFile(data, name=found.name)
        try:
            kind = detect_kind(content, found.suffix.lstrip(".").lower())
            content_type = KINDS[kind][0]
        except FileRejected:
            # Kept (it is the client's), but never served as anything executable.
            kind, content_type = "other", "application/octet-stream"
            self.ctx.report.note(f"File {row['id']}: type not in our upload list, kept as binary")
        filename = sanitise_filename(row["filename"] or found.name)
        key = f"bookings/legacy/{row['id']}/{filename}"
        storage = storages["private"]
        if not self.ctx.dry_run:
            if storage.exists(key):
                storage.delete(key)
            saved = storage.save(key, ContentFile(data))
            with storage.open(saved, "rb") as stored:
                if hashlib.sha256(stored.read()).hexdigest() != digest:
                    raise SkipRow("the copy in our storage does not match the original")
            key = saved
        file = existing or BookingFile()
        file.booking = booking
        file.storage_key = key
        file.filename = filename
        file.original_filename = (row["filename"] or "")[:500]
        file.kind = kind
        file.content_type = content_type[:100]
        file.size = len(data)
        file.sha256 = digest
        file.uploaded_by = BookingFile.Uploader.CLIENT
        file.save()
        if row["createdAt"]:
            BookingFile.objects.filter(pk=file.pk).update(created_at=aware(row["createdAt"]))
        return file
