"""Booking uploads: limits while the request streams in, validation by content, sanitised
names, and all-or-nothing storage in storages["private"].

Nothing here reads a whole file into memory: Django spools uploads above
FILE_UPLOAD_MAX_MEMORY_SIZE to temporary files, checks read a few KB or stream in chunks,
and storage backends copy in chunks (S3: multipart upload).
"""

from __future__ import annotations

import logging
import posixpath
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadhandler import FileUploadHandler
from rest_framework.exceptions import ValidationError

from bookings.exceptions import FileRejected, StorageUnavailable

logger = logging.getLogger(__name__)

FILE_FIELDS = ("files", "files[]")
CHUNK = 64 * 1024

# kind -> (content type we serve it as, extensions a file of this kind may carry)
KINDS: dict[str, tuple[str, frozenset[str]]] = {
    "pdf": ("application/pdf", frozenset({"pdf"})),
    "doc": ("application/msword", frozenset({"doc"})),
    "xls": ("application/vnd.ms-excel", frozenset({"xls"})),
    "ppt": ("application/vnd.ms-powerpoint", frozenset({"ppt"})),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        frozenset({"docx"}),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        frozenset({"xlsx"}),
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        frozenset({"pptx"}),
    ),
    "txt": ("text/plain", frozenset({"txt"})),
    "csv": ("text/csv", frozenset({"csv"})),
    "png": ("image/png", frozenset({"png"})),
    "jpeg": ("image/jpeg", frozenset({"jpg", "jpeg", "jpe"})),
    "webp": ("image/webp", frozenset({"webp"})),
    "zip": ("application/zip", frozenset({"zip"})),
}
IMAGE_KINDS = frozenset({"png", "jpeg", "webp"})
ACCEPTED_TEXT = "PDF, Word, Excel, PowerPoint, text, CSV, PNG, JPEG, WebP or ZIP"

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names (UTF-16LE in the compound file's directory) that identify legacy Office files.
_CFB_STREAMS = {
    "doc": ("WordDocument".encode("utf-16-le"),),
    "xls": ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le")),
    "ppt": ("PowerPoint Document".encode("utf-16-le"),),
}
_ARCHIVE_MAGICS = (
    b"PK\x03\x04",
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ\x00",
)
_ARCHIVE_EXTENSIONS = (".zip", ".rar", ".7z", ".gz", ".tgz", ".bz2", ".xz", ".tar", ".jar")
# Control bytes that never appear in a text file (tab, LF, VT, FF, CR and ESC are allowed).
_BINARY_BYTES = bytes([*range(0, 9), 14, 15, *range(16, 27), 28, 29, 30, 31, 127])


@dataclass
class CheckedFile:
    upload: object  # django UploadedFile, positioned at 0
    filename: str
    original_filename: str
    kind: str
    content_type: str
    size: int


def limits() -> dict:
    return {
        "max_files": settings.BOOKINGS_MAX_FILES,
        "max_file_size": settings.BOOKINGS_MAX_FILE_SIZE,
        "max_total_size": settings.BOOKINGS_MAX_TOTAL_SIZE,
    }


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


class LimitedUploadHandler(FileUploadHandler):
    """First in the upload handler chain: refuses too many or too large files while the
    body streams in, before anything else is spooled to disk."""

    def __init__(self, request=None):
        super().__init__(request)
        self.files = 0
        self.total = 0
        self.current = 0
        self.limits = limits()

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.current = 0
        if field_name in FILE_FIELDS:
            self.files += 1
            if self.files > self.limits["max_files"]:
                raise ValidationError(
                    {"files": [f"You can attach at most {self.limits['max_files']} files."]}
                )

    def receive_data_chunk(self, raw_data, start):
        self.current += len(raw_data)
        self.total += len(raw_data)
        if self.current > self.limits["max_file_size"]:
            raise ValidationError(
                {
                    "files": [
                        f"“{sanitise_filename(self.file_name or '')}” is larger than "
                        f"{_mb(self.limits['max_file_size'])}."
                    ]
                }
            )
        if self.total > self.limits["max_total_size"]:
            raise ValidationError(
                {"files": [f"Files together must not exceed {_mb(self.limits['max_total_size'])}."]}
            )
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) builds the file


def install_upload_limits(django_request) -> None:
    """Put the limiting handler in front; call before the request body is parsed."""
    django_request.upload_handlers.insert(0, LimitedUploadHandler(django_request))


def sanitise_filename(name: str, *, max_length: int = 120) -> str:
    """A safe display and storage name: no folders, no control characters, no leading dots,
    only letters, digits, spaces and ._-() — never empty."""
    name = unicodedata.normalize("NFKC", str(name or ""))
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[^\w .()-]", "_", name, flags=re.ASCII)
    name = re.sub(r"\s+", " ", name)
    name = re.sub(r"_{2,}", "_", name).strip(" .")
    name = name.lstrip("._- ")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = ext.lower()[:10]
    stem = stem[: max_length - len(ext) - 1].rstrip(" .") or "file"
    return f"{stem}.{ext}" if ext else stem


def _extension(name: str) -> str:
    _, dot, ext = name.rpartition(".")
    return ext.lower() if dot else ""


def _read_head(upload, size: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _cfb_kind(upload) -> str | None:
    """Which legacy Office format a compound file holds, by its directory stream names."""
    upload.seek(0)
    tail = b""
    found = None
    while chunk := upload.read(CHUNK):
        window = tail + chunk
        for kind, markers in _CFB_STREAMS.items():
            if any(marker in window for marker in markers):
                found = kind
                break
        if found:
            break
        tail = window[-64:]
    upload.seek(0)
    return found


def _check_zip(upload, *, allow_nested: bool) -> zipfile.ZipFile:
    cfg = settings
    try:
        archive = zipfile.ZipFile(upload)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise FileRejected("is a damaged ZIP archive.") from exc
    if len(infos) > cfg.BOOKINGS_ZIP_MAX_ENTRIES:
        raise FileRejected("contains too many files.")
    total = compressed = 0
    for info in infos:
        total += info.file_size
        compressed += info.compress_size
        if total > cfg.BOOKINGS_ZIP_MAX_UNCOMPRESSED:
            raise FileRejected("unpacks to more data than we accept.")
        # The ratio counts per entry and over the whole archive: many entries just under
        # 1 MB each (400 KB unpacking to 351 MB) are a bomb too.
        for size, packed in ((info.file_size, info.compress_size), (total, compressed)):
            if size > 1024 * 1024 and size > cfg.BOOKINGS_ZIP_MAX_RATIO * max(packed, 1):
                raise FileRejected("is compressed suspiciously well (a possible ZIP bomb).")
        if info.is_dir() or allow_nested:
            continue
        if info.filename.lower().endswith(_ARCHIVE_EXTENSIONS):
            raise FileRejected("contains another archive; please upload the files directly.")
        if info.flag_bits & 0x1:
            continue  # encrypted entry: we cannot look inside
        try:
            with archive.open(info) as member:
                head = member.read(8)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
            raise FileRejected("is a damaged ZIP archive.") from exc
        if head.startswith(_ARCHIVE_MAGICS):
            raise FileRejected("contains another archive; please upload the files directly.")
    return archive


def _office_zip_kind(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return None


def _is_text(upload) -> bool:
    upload.seek(0)
    try:
        while chunk := upload.read(CHUNK):
            if len(chunk.translate(None, _BINARY_BYTES)) != len(chunk):
                return False
    finally:
        upload.seek(0)
    return True


def detect_kind(upload, extension: str) -> str:
    """The file's kind from its bytes (never the client's name or MIME type)."""
    head = _read_head(upload)
    guess = filetype.guess(head)
    guessed = guess.extension if guess else None
    if head.startswith(b"PK\x03\x04") or guessed in {"zip", "docx", "xlsx", "pptx"}:
        office_ext = extension in {"docx", "xlsx", "pptx"}
        archive = _check_zip(upload, allow_nested=office_ext)
        upload.seek(0)
        return _office_zip_kind(archive) or "zip"
    if head.startswith(_CFB_MAGIC):
        kind = _cfb_kind(upload)
        if kind:
            return kind
        raise FileRejected(f"is not a file type we accept ({ACCEPTED_TEXT}).")
    if guessed == "pdf" or head.startswith(b"%PDF-"):
        return "pdf"
    if guessed in {"png", "webp"}:
        return guessed
    if guessed == "jpg":
        return "jpeg"
    if guess is None and _is_text(upload):
        return "csv" if extension == "csv" else "txt"
    raise FileRejected(f"is not a file type we accept ({ACCEPTED_TEXT}).")


def check_upload(upload) -> CheckedFile:
    """Validate one uploaded file by content; raise FileRejected with a client sentence."""
    original = str(upload.name or "")
    filename = sanitise_filename(original)
    size = upload.size or 0
    if size == 0:
        raise FileRejected("is empty.")
    if size > settings.BOOKINGS_MAX_FILE_SIZE:
        raise FileRejected(f"is larger than {_mb(settings.BOOKINGS_MAX_FILE_SIZE)}.")
    extension = _extension(filename)
    kind = detect_kind(upload, extension)
    content_type, extensions = KINDS[kind]
    if kind == "txt" and extension == "":
        filename = f"{filename}.txt"
    elif extension not in extensions:
        raise FileRejected(
            "does not match its extension: its content is "
            f"{kind.upper()}, but the name ends in .{extension or '(none)'}."
        )
    upload.seek(0)
    return CheckedFile(
        upload=upload,
        filename=filename,
        original_filename=original[:500],
        kind=kind,
        content_type=content_type,
        size=size,
    )


def check_uploads(uploads: list, *, field: str = "files") -> list[CheckedFile]:
    """Validate a whole batch; every problem is reported under `field` at once."""
    cfg = limits()
    if len(uploads) > cfg["max_files"]:
        raise ValidationError({field: [f"You can attach at most {cfg['max_files']} files."]})
    total = sum(upload.size or 0 for upload in uploads)
    if total > cfg["max_total_size"]:
        raise ValidationError(
            {field: [f"Files together must not exceed {_mb(cfg['max_total_size'])}."]}
        )
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except FileRejected as exc:
            errors.append(f"“{sanitise_filename(upload.name or '')}” {exc}")
    if errors:
        raise ValidationError({field: errors})
    return checked


def private_storage():
    return storages["private"]


def store_files(files: list[CheckedFile]) -> list[str]:
    """Copy every file to private storage; on any failure delete what was stored and raise
    StorageUnavailable, so a failed submission leaves no object behind."""
    storage = private_storage()
    stored: list[str] = []
    pending = None  # a half-written object must go too
    try:
        for item in files:
            item.upload.seek(0)
            pending = posixpath.join("bookings", uuid.uuid4().hex, item.filename)
            stored.append(storage.save(pending, item.upload))
            pending = None
    except Exception as exc:
        logger.exception("Storing booking files failed; removing %d stored objects", len(stored))
        delete_stored([*stored, pending] if pending else stored)
        raise StorageUnavailable() from exc
    return stored


def delete_stored(keys: list[str]) -> None:
    storage = private_storage()
    for key in keys:
        try:
            storage.delete(key)
        except Exception:
            # Deleting is best effort here; the orphan is logged for clean-up.
            logger.exception("Could not delete stored booking file %s", key)
