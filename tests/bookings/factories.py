"""Factories and file builders for booking tests."""

import io
import secrets
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from bookings.models import Booking, BookingStatus, Client, ProjectType
from bookings.references import allocate_reference
from bookings.tokens import hash_token


def allocated_reference() -> str:
    """A reference from the product's own allocator (ANG-<year>-<nnnnn>)."""
    with transaction.atomic():  # the counter row is locked; transactional tests have no outer one
        return allocate_reference(timezone.localdate().year)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    email = factory.Sequence(lambda n: f"client{n}@example.test")
    name = factory.Faker("name")
    phone = "+254700000000"
    organisation = "Acme Ltd"


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking; its plain tracking token is on `booking.token` (tests only)."""

    class Meta:
        model = Booking

    public_reference = factory.LazyFunction(allocated_reference)
    client = factory.SubFactory(ClientFactory)
    title = "Company website"
    description = "A five-page website with a contact form."
    project_type = ProjectType.SOFTWARE
    status = BookingStatus.SUBMITTED
    currency = "KES"
    tracking_token_hash = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = secrets.token_urlsafe(32)
        kwargs["tracking_token_hash"] = hash_token(token)
        booking = super()._create(model_class, *args, **kwargs)
        booking.token = token
        return booking


# --- file builders --------------------------------------------------------------


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_bytes(size: int = 2048) -> bytes:
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
    return body + b"%" + b"x" * max(0, size - len(body) - 7) + b"\n%%EOF\n"


def image_bytes(fmt: str = "PNG", size=(64, 48)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 90)).save(out, fmt)
    return out.getvalue()


def zip_bytes(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b"<?xml version='1.0'?><Types/>",
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document><w:body>Hello</w:body></w:document>",
        }
    )


def xlsx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b"<?xml version='1.0'?><Types/>",
            "xl/workbook.xml": b"<workbook/>",
        }
    )


def legacy_doc_bytes() -> bytes:
    """A minimal compound file whose directory names a WordDocument stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "Root Entry".encode("utf-16-le").ljust(128, b"\x00")
    directory += "WordDocument".encode("utf-16-le").ljust(128, b"\x00")
    return header + directory + b"\x00" * 1024


def zip_bomb_bytes(uncompressed: int = 8 * 1024 * 1024) -> bytes:
    return zip_bytes({"zeros.bin": b"\x00" * uncompressed})


def nested_zip_bytes() -> bytes:
    inner = zip_bytes({"a.txt": b"hello"})
    return zip_bytes({"inner.dat": inner, "readme.txt": b"see inner"})


def exe_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 2000
