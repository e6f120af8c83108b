"""Every API error, whatever raised it, has the shape {"error", "code", "fields"?}."""

import pytest
from django.test import Client
from django.urls import path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config import urls as project_urls
from core.exceptions import Conflict

pytestmark = pytest.mark.django_db


class _EchoView(APIView):
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        count = serializers.IntegerField(min_value=1)

    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["count"] == 409:
            raise Conflict("That booking was already accepted.", extra={"allowed": ["CANCEL"]})
        return Response(data.validated_data)


class _BrokenView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("boom")


urlpatterns = [
    path("api/_test/echo", _EchoView.as_view()),
    path("api/_test/broken", _BrokenView.as_view()),
    *project_urls.urlpatterns,
]
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@pytest.fixture(autouse=True)
def _test_urls(settings):
    settings.ROOT_URLCONF = __name__


def test_unknown_api_route_is_json_404(client):
    for url in ("/api/nothing-here", "/api/nothing/here/"):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {
            "error": "We could not find what you were looking for.",
            "code": "not_found",
        }


def test_wrong_method_is_json_405(client):
    response = client.delete("/api/_test/echo")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert set(response.json()) == {"error", "code"}


def test_validation_error_lists_fields(client):
    response = client.post(
        "/api/_test/echo", {"email": "not-an-email", "count": 0}, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["error"]
    assert set(body["fields"]) == {"email", "count"}
    assert body["fields"]["email"] == ["Enter a valid email address."]


def test_malformed_json_is_400(client):
    response = client.post("/api/_test/echo", "{nope", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_domain_error_keeps_its_message_and_extra(client):
    response = client.post(
        "/api/_test/echo", {"email": "a@b.co", "count": 409}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json() == {
        "error": "That booking was already accepted.",
        "code": "conflict",
        "allowed": ["CANCEL"],
    }


def test_unhandled_exception_is_json_500():
    client = Client(raise_request_exception=False)
    response = client.get("/api/_test/broken")
    assert response.status_code == 500
    assert response.json() == {
        "error": "Something went wrong on our side. Please try again later.",
        "code": "server_error",
    }


def test_request_id_is_generated_or_echoed(client):
    generated = client.get("/health")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/health", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    # A hostile id is replaced, never echoed.
    replaced = client.get("/health", HTTP_X_REQUEST_ID="x\nInjected: 1")["X-Request-ID"]
    assert len(replaced) == 32
    assert "Injected" not in replaced
    for hostile in ("abc-123\n", "abc 123", "a" * 129):  # a trailing newline too
        assert len(client.get("/health", HTTP_X_REQUEST_ID=hostile)["X-Request-ID"]) == 32
