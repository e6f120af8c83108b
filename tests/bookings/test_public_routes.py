"""Public routes tolerate the frontend's habits (FRONTEND.md §1.4): a stale or foreign
Bearer value never causes a 401, POSTs need no CSRF token, and unknown /api/ paths and
anonymous legacy lookups answer JSON."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tests.bookings.factories import BookingFactory

pytestmark = pytest.mark.django_db

STALE = {"HTTP_AUTHORIZATION": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoxfQ.stale"}
FILLERS = {"int": "1", "str": "ANG-1999-00001", "slug": "x", "path": "x", "uuid": str(uuid.uuid4())}


def api_routes():
    """Every /api/ route written with path(), its converters filled with a value."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if not isinstance(pattern.pattern, RoutePattern):
                continue
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield "/" + re.sub(r"<(?:(\w+):)?\w+>", _filler, route)

    return sorted({r for r in walk(get_resolver().url_patterns, "") if r.startswith("/api/")})


def _filler(match):
    return FILLERS.get(match.group(1) or "str", "x")


def test_a_stale_bearer_never_turns_a_public_answer_into_a_401():
    client = Client()
    checked = 0
    for route in api_routes():
        for method in (client.get, client.post):
            anonymous = method(route, content_type="application/json")
            if anonymous.status_code == 401:
                continue  # a staff route: a 401 is right there
            stale = method(route, content_type="application/json", **STALE)
            assert stale.status_code != 401, (method.__name__, route, stale.content[:200])
            checked += 1
    assert checked >= 15


def test_the_tracking_token_as_bearer_on_other_public_routes_is_harmless():
    booking = BookingFactory()
    client = Client()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {booking.token}"}
    assert client.get("/api/site/booking", **bearer).status_code != 401
    response = client.post(
        "/api/bookings",
        {"name": "A", "email": "a@example.test", "title": "T", "description": "Long enough."},
        **bearer,
    )
    assert response.status_code != 401


def test_public_posts_need_no_csrf_token():
    booking = BookingFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/api/bookings/reference/{booking.public_reference}/messages",
        {"text": "Hello"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {booking.token}",
    )
    assert response.status_code == 200 and response.json()["ok"] is True


@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_an_unknown_api_path_is_our_json_404(method):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)("/api/no/such/thing", content_type="application/json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": "We could not find what you were looking for.",
        "code": "not_found",
    }


def test_the_legacy_status_route_tells_anonymous_callers_nothing():
    booking = BookingFactory()
    client = Client()
    response = client.get(f"/api/bookings/{booking.pk}", {"email": booking.client.email})
    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"error", "code"} and body["code"] == "not_found"
    assert "link in your booking email" in body["error"]
    assert booking.public_reference not in response.content.decode()
    missing = client.get("/api/bookings/999999", {"email": "x@example.test"})
    assert missing.json() == body
