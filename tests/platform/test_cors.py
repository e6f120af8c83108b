import pytest

pytestmark = pytest.mark.django_db


def test_configured_frontend_origin_may_read_the_api(client, settings):
    response = client.get("/api/schema/", HTTP_ORIGIN=settings.FRONTEND_URL)
    assert response["Access-Control-Allow-Origin"] == settings.FRONTEND_URL
    assert "X-Total-Count" in response["Access-Control-Expose-Headers"]


def test_other_origins_get_no_cors_grant(client):
    response = client.get("/api/schema/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response


def test_preflight_from_the_frontend_is_answered(client, settings):
    response = client.options(
        "/api/bookings",
        HTTP_ORIGIN=settings.FRONTEND_URL,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == settings.FRONTEND_URL
    assert "POST" in response["Access-Control-Allow-Methods"]
