"""The S3 path (production storage) against moto's real S3-compatible HTTP server on
127.0.0.1: uploads, presigned downloads, post-processing and clean-up on failure."""

import hashlib
import socket

import boto3
import pytest
import requests

from bookings.models import Booking, BookingFile
from config.storage import storages_setting
from tests.bookings import factories as f

pytestmark = pytest.mark.django_db

BUCKET = "angisoft-bookings-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def s3(settings, tmp_path):
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = storages_setting(
        bucket=BUCKET,
        endpoint_url=endpoint,
        region="us-east-1",
        access_key="testing",
        secret_key="testing",
        public_domain=None,
        media_root=tmp_path / "media",
        private_root=tmp_path / "private",
        private_expiry=settings.BOOKINGS_FILE_URL_EXPIRY_SECONDS,
        static_backend="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    yield client
    requests.post(f"{endpoint}/moto-api/reset", timeout=10)  # moto's state is per process
    server.stop()


def keys(client) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def form(files):
    return {
        "name": "Sam S3",
        "email": "sam@example.test",
        "title": "Brochure",
        "description": "Design a brochure",
        "projectType": "DOCUMENT_EDIT",
        "files": files,
    }


def test_upload_to_s3_presigned_download_and_processing(api, s3):
    pdf, png = f.pdf_bytes(300_000), f.image_bytes("PNG", (800, 600))
    response = api.post(
        "/api/bookings",
        form([f.upload("brief.pdf", pdf), f.upload("photo.png", png)]),
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    booking = Booking.objects.get(pk=body["bookingId"])
    items = list(booking.files.order_by("id"))
    stored = keys(s3)
    for item in items:
        assert f"private/{item.storage_key}" in stored
    # The processing task read the objects back from S3.
    assert items[0].sha256 == hashlib.sha256(pdf).hexdigest()
    assert items[1].thumbnail_key and f"private/{items[1].thumbnail_key}" in stored

    tracking = api.get(
        f"/api/bookings/reference/{booking.public_reference}", {"token": body["trackingToken"]}
    ).json()
    url = tracking["data"]["booking"]["files"][0]["url"]
    assert url.startswith("http://127.0.0.1:")
    assert "Signature=" in url and "Expires=" in url
    # SigV4, the only scheme Cloudflare R2 accepts.
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in url
    download = requests.get(url, timeout=10)
    assert download.status_code == 200
    assert download.content == pdf
    assert 'filename="brief.pdf"' in download.headers["Content-Disposition"]
    # The object itself is not public.
    bare = url.split("?", 1)[0]
    assert requests.get(bare, timeout=10).status_code == 403


def test_failure_after_upload_removes_the_s3_objects(api, s3, monkeypatch):
    from django.db import IntegrityError

    from bookings.services import intake

    def fail(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(intake, "file_rows", fail)
    with pytest.raises(IntegrityError):
        api.post(
            "/api/bookings",
            form([f.upload("a.pdf", f.pdf_bytes()), f.upload("b.pdf", f.pdf_bytes())]),
            format="multipart",
        )
    assert keys(s3) == []
    assert Booking.objects.count() == 0
    assert BookingFile.objects.count() == 0


def test_s3_outage_midway_leaves_nothing(api, s3, monkeypatch):
    """The second upload's connection drops; the first object must be removed again."""
    from botocore.exceptions import EndpointConnectionError
    from django.core.files.storage import storages

    storage = storages["private"]
    real_save = storage._save
    calls = {"n": 0}

    def save_then_drop(name, content):
        calls["n"] += 1
        if calls["n"] == 2:
            assert len(keys(s3)) == 1  # the first file really is in the bucket
            raise EndpointConnectionError(endpoint_url="http://127.0.0.1")
        return real_save(name, content)

    monkeypatch.setattr(storage, "_save", save_then_drop)
    response = api.post(
        "/api/bookings",
        form([f.upload("a.pdf", f.pdf_bytes()), f.upload("b.pdf", f.pdf_bytes())]),
        format="multipart",
    )
    assert response.status_code == 503
    assert response.json()["code"] == "storage_unavailable"
    assert Booking.objects.count() == 0
    assert keys(s3) == []
