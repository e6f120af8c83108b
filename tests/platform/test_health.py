import pytest

pytestmark = pytest.mark.django_db


def test_liveness(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_reports_each_service(client, settings):
    response = client.get("/health/ready")
    assert response.status_code == 200, response.content
    checks = response.json()["checks"]
    assert checks["database"] == "ok"
    assert checks["storage"] == "ok"
    assert ("redis" in checks) == bool(settings.REDIS_URL)


def test_ready_is_503_naming_redis_when_it_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["redis"].startswith("error")
    assert body["checks"]["database"] == "ok"
    assert "redis" in body["error"]


def test_ready_is_503_naming_storage_when_it_fails(client, settings, monkeypatch):
    from django.core.files.storage import storages

    def broken(name):
        raise OSError("disk gone")

    monkeypatch.setattr(storages["private"], "exists", broken)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "error: OSError"


def test_ready_checks_the_embedded_queue_file(client, settings, monkeypatch, tmp_path):
    """Without Redis the queue is an SQLite file: readiness opens it."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    settings.REDIS_URL = ""
    monkeypatch.setattr(HUEY, "storage", SqliteStorage("ready", filename=str(tmp_path / "q.db")))
    response = client.get("/health/ready")
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["queue"] == "ok"

    missing = str(tmp_path / "no-such-folder" / "q.db")  # the file cannot be opened
    monkeypatch.setattr(
        HUEY, "storage", SqliteStorage("ready", filename=missing, create_tables=False)
    )
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["queue"].startswith("error")
