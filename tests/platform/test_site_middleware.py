"""/api/ goes around SITE_MIDDLEWARE (sessions, CSRF, auth, messages, redirects: the API
authenticates with JWTs only); everything else runs it; both keep the edge middleware
(security headers, request id and log line, CORS)."""

import json
import logging

import pytest
from django.core.checks import run_checks
from django.test import Client, override_settings

from core.checks import CSRF, SESSIONS

pytestmark = pytest.mark.django_db


@pytest.mark.urls("tests.platform.site_middleware_urls")
def test_the_api_skips_the_sites_middleware_and_pages_run_it(client, admin_user):
    client.force_login(admin_user)  # a browser with an admin session calls both
    api = client.get("/api/what-ran")
    page = client.get("/pages/what-ran")
    assert json.loads(api.content) == {"session": False, "user": False, "messages": False}
    assert json.loads(page.content) == {"session": True, "user": True, "messages": True}
    for response in (api, page):
        assert response["X-Request-ID"]
        assert response["X-Frame-Options"] == "DENY"
        assert "Content-Security-Policy" in response
        assert response["X-Content-Type-Options"] == "nosniff"


def test_an_api_call_sets_no_session_or_csrf_cookie_but_the_admin_login_does(client):
    api = client.get("/api/no-such-route")
    assert api.status_code == 404
    assert json.loads(api.content)["code"] == "not_found"  # the one error shape
    assert not api.cookies
    assert "Cookie" not in api.get("Vary", "")
    login = client.get("/admin/login/")
    assert login.status_code == 200
    assert "csrftoken" in login.cookies


def test_an_admin_session_does_not_authenticate_the_api(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/api/auth/me").status_code == 401


@override_settings(SITE_MIDDLEWARE_SKIPPED_FOR=[])
@pytest.mark.urls("tests.platform.site_middleware_urls")
def test_the_skipped_paths_are_a_setting(client):
    assert json.loads(client.get("/api/what-ran").content)["session"] is True


def test_cors_only_on_api_paths(client, settings):
    origin = settings.FRONTEND_URL
    api = client.get("/api/no-such-route", HTTP_ORIGIN=origin)
    assert api["Access-Control-Allow-Origin"] == origin
    assert "origin" in api["Vary"].lower()
    page = client.get("/admin/login/", HTTP_ORIGIN=origin)
    assert "Access-Control-Allow-Origin" not in page
    no_origin = client.get("/api/no-such-route")
    assert "Access-Control-Allow-Origin" not in no_origin
    assert "origin" in no_origin["Vary"].lower()  # caches keep per-origin copies apart


def test_preflight_grants_only_the_configured_origin(client, settings):
    evil = client.options(
        "/api/bookings",
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert evil.status_code == 200
    assert "Access-Control-Allow-Origin" not in evil
    ok = client.options(
        "/api/bookings",
        HTTP_ORIGIN=settings.FRONTEND_URL,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert ok["Access-Control-Max-Age"] == "86400"
    assert "authorization" in ok["Access-Control-Allow-Headers"]


def test_the_request_line_names_the_route(client, caplog):
    caplog.set_level(logging.INFO, logger="angisoft.request")
    client.get("/api/blogs/some-post")
    [record] = [r for r in caplog.records if r.name == "angisoft.request"]
    assert record.route == "/api/blogs/<str:key>"
    assert record.path == "/api/blogs/some-post"
    assert record.pathname.endswith("core/middleware.py")


def test_site_posts_still_need_the_csrf_token_and_the_api_never_reads_it():
    """CSRF runs with the sessions it protects (SITE_MIDDLEWARE), not on the JWT-only API."""
    browser = Client(enforce_csrf_checks=True)
    login = browser.post("/admin/login/", {"username": "a", "password": "b"})
    assert login.status_code == 403
    api = browser.post("/api/no-such-route", {}, content_type="application/json")
    assert api.status_code == 404
    assert "CSRF_COOKIE" not in api.wsgi_request.META  # the check never looked


@pytest.mark.parametrize(
    ("middleware", "site_middleware", "warned"),
    [
        ([], [CSRF, SESSIONS], False),  # the split: CSRF beside the sessions
        ([CSRF], [SESSIONS], False),  # Django's own layout
        ([], [SESSIONS], True),  # sessions with no CSRF check
        ([SESSIONS], [CSRF], True),  # sessions on the API too, CSRF only on the site
    ],
)
def test_the_deploy_check_wants_csrf_wherever_sessions_run(
    settings, middleware, site_middleware, warned
):
    settings.MIDDLEWARE = middleware
    settings.SITE_MIDDLEWARE = site_middleware
    ids = [m.id for m in run_checks(include_deployment_checks=True)]
    assert ("core.W003" in ids) is warned
