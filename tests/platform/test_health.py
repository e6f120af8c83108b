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
