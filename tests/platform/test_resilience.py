"""A lost database answers 503 with Retry-After (API error shape for /api/); other errors
stay 500."""

import pytest
from django.db import IntegrityError, OperationalError

from core.resilience import is_database_unavailable

pytestmark = [pytest.mark.urls("tests.platform.resilience_urls")]


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
def test_api_answers_503_in_the_error_shape_when_the_database_is_gone(client):
    response = client.get("/api/lost-db")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "error": "The service is briefly unavailable. Please try again in a few seconds.",
        "code": "service_unavailable",
    }


@pytest.mark.django_db
def test_pages_answer_plain_503(client):
    response = client.get("/page")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


@pytest.mark.django_db
def test_other_errors_stay_500(client):
    response = client.get("/api/bug")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "Retry-After" not in response


def test_classification():
    assert is_database_unavailable(OperationalError("terminating connection"))
    assert not is_database_unavailable(IntegrityError("duplicate key"))
    wrapped = RuntimeError("boom")
    wrapped.__cause__ = OperationalError("x")
    assert is_database_unavailable(wrapped)
