"""Upload post-processing (the Huey task) and the streaming upload limits."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from rest_framework.exceptions import ValidationError

from bookings.models import BookingFile
from bookings.tasks import process_booking_file
from bookings.uploads import LimitedUploadHandler
from tests.bookings import factories as f
from tests.bookings.factories import BookingFactory

pytestmark = pytest.mark.django_db


def stored_file(content: bytes, filename: str, kind: str) -> BookingFile:
    key = storages["private"].save(f"bookings/test/{filename}", ContentFile(content))
    return BookingFile.objects.create(
        booking=BookingFactory(),
        storage_key=key,
        filename=filename,
        kind=kind,
        content_type="application/octet-stream",
        size=len(content),
    )


def test_task_checksums_and_thumbnails_an_image():
    content = f.image_bytes("JPEG", (1600, 1200))
    item = stored_file(content, "photo.jpg", "jpeg")
    process_booking_file(item.pk)  # immediate Huey in tests: runs now
    item.refresh_from_db()
    assert item.sha256 == hashlib.sha256(content).hexdigest()
    assert item.processed_at is not None and item.processing_error == ""
    from PIL import Image

    with storages["private"].open(item.thumbnail_key) as handle, Image.open(handle) as thumb:
        assert max(thumb.size) <= 400
    # Running again (a Huey retry) keeps the same thumbnail.
    first = item.thumbnail_key
    process_booking_file(item.pk)
    item.refresh_from_db()
    assert item.thumbnail_key == first


def test_task_flags_content_that_changed_type_in_storage():
    item = stored_file(f.exe_bytes(), "report.pdf", "pdf")
    process_booking_file(item.pk)
    item.refresh_from_db()
    assert "type check" in item.processing_error
    assert not item.thumbnail_key


def test_task_for_a_deleted_file_does_nothing():
    process_booking_file(987654)
    assert BookingFile.objects.count() == 0


def test_upload_handler_stops_an_oversize_file_while_it_streams(settings):
    settings.BOOKINGS_MAX_FILE_SIZE = 100_000
    handler = LimitedUploadHandler()
    handler.new_file("files", "big.pdf", "application/pdf", None)
    handler.receive_data_chunk(b"x" * 65536, 0)
    with pytest.raises(ValidationError) as caught:
        handler.receive_data_chunk(b"x" * 65536, 65536)
    assert "larger than" in str(caught.value.detail["files"][0])


def test_upload_handler_counts_files_and_total(settings):
    settings.BOOKINGS_MAX_FILES = 2
    settings.BOOKINGS_MAX_TOTAL_SIZE = 150_000
    handler = LimitedUploadHandler()
    handler.new_file("files", "a.pdf", "application/pdf", None)
    handler.receive_data_chunk(b"x" * 100_000, 0)
    handler.new_file("other_field", "not-a-booking-file", "text/plain", None)
    handler.new_file("files[]", "b.pdf", "application/pdf", None)
    with pytest.raises(ValidationError, match="together"):
        handler.receive_data_chunk(b"x" * 60_000, 0)
    with pytest.raises(ValidationError, match="at most 2"):
        handler.new_file("files", "c.pdf", "application/pdf", None)


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_real_consumer_processes_a_queued_upload(redis_url, tmp_path, settings):
    """In Redis mode the task waits in the queue until `run_huey` picks it up."""
    import os
    import subprocess
    import sys
    import time
    import uuid
    from pathlib import Path

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the consumer process must share the test database (PostgreSQL)")
    content = f.image_bytes("PNG")
    item = stored_file(content, "queued.png", "png")
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": (f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"),
        "REDIS_URL": redis_url,
        "HUEY_IMMEDIATE": "false",
        "HUEY_NAME": f"bookings-test-{uuid.uuid4().hex[:8]}",
        "PRIVATE_MEDIA_ROOT": settings.PRIVATE_MEDIA_ROOT,
        "LOG_LEVEL": "WARNING",
    }
    root = Path(__file__).resolve().parents[2]
    enqueue = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            f"from bookings.tasks import process_booking_file; process_booking_file({item.pk})",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert enqueue.returncode == 0, enqueue.stderr
    item.refresh_from_db()
    assert item.processed_at is None  # queued, not run inline
    consumer = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            item.refresh_from_db()
            if item.processed_at:
                break
            time.sleep(0.3)
    finally:
        consumer.terminate()
        consumer.wait(timeout=30)
    assert item.sha256 == hashlib.sha256(content).hexdigest()
    assert item.thumbnail_key
