"""core.security.SecurityHeadersMiddleware does the work of Django's SecurityMiddleware and
XFrameOptionsMiddleware from the same settings (one precomputed block of headers), and
core.checks keeps Django's deploy checks of those settings."""

import pytest
from django.core.checks import run_checks
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory
from django.views.decorators.clickjacking import xframe_options_exempt

from core.checks import SECURITY_HEADERS
from core.security import PERMISSIONS_POLICY, SecurityHeadersMiddleware

DJANGOS_HEADERS = (
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
)
PRODUCTION = {
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_REDIRECT_EXEMPT": [r"^health$"],
    "SECURE_SSL_HOST": None,
    "SECURE_REFERRER_POLICY": "strict-origin-when-cross-origin",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
    "X_FRAME_OPTIONS": "DENY",
}
SETTINGS_CASES = [
    {},
    {"SECURE_HSTS_SECONDS": 0},
    {"SECURE_HSTS_INCLUDE_SUBDOMAINS": False, "SECURE_HSTS_PRELOAD": False},
    {"SECURE_REFERRER_POLICY": "no-referrer, strict-origin-when-cross-origin"},
    {"SECURE_REFERRER_POLICY": ["same-origin", "no-referrer"]},
    {"SECURE_CROSS_ORIGIN_OPENER_POLICY": None},
    {"X_FRAME_OPTIONS": "sameorigin"},
    {"SECURE_SSL_REDIRECT": False},
    {"SECURE_SSL_HOST": "secure.angisoft.test"},
]


def plain(request):
    return HttpResponse("ok")


def own_frame_and_referrer(request):
    response = HttpResponse("ok")
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Referrer-Policy"] = "no-referrer"
    return response


VIEWS = [plain, own_frame_and_referrer, xframe_options_exempt(plain)]
REQUESTS = [
    ("/api/services", True),
    ("/api/services?page=2", False),  # plain HTTP: redirected unless exempt
    ("/health", False),  # exempt from the redirect
]


def _header_values(response):
    return {name: response.get(name) for name in DJANGOS_HEADERS}, (
        response.status_code,
        response.get("Location"),
    )


@pytest.mark.parametrize("overrides", SETTINGS_CASES)
def test_same_answers_as_djangos_security_and_frame_middleware(settings, overrides):
    for name, value in {**PRODUCTION, **overrides}.items():
        setattr(settings, name, value)
    factory = RequestFactory()
    for view in VIEWS:
        ours = SecurityHeadersMiddleware(view)
        # Frame options outside: ours adds them to the HTTPS redirect as well.
        djangos = XFrameOptionsMiddleware(SecurityMiddleware(view))
        for path, secure in REQUESTS:
            request = factory.get(path, secure=secure)
            headers, answer = _header_values(ours(request))
            expected_headers, expected_answer = _header_values(djangos(request))
            assert answer == expected_answer, (view, path)
            assert headers == expected_headers, (view, path, overrides)


def test_nosniff_and_a_referrer_policy_even_when_the_settings_leave_them_out(settings):
    settings.SECURE_CONTENT_TYPE_NOSNIFF = False
    settings.SECURE_REFERRER_POLICY = None
    response = SecurityHeadersMiddleware(plain)(RequestFactory().get("/api/services"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_the_headers_reach_the_client_through_the_whole_stack(client, settings):
    """Through every middleware (the 404 too), as the client gets them."""
    settings.SECURE_HSTS_SECONDS = 3600
    response = client.get("/api/no-such-thing", secure=True)
    assert response.status_code == 404
    assert response["Strict-Transport-Security"].startswith("max-age=")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in client.get("/api/no-such-thing")  # plain HTTP


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"SECURE_HSTS_SECONDS": 0}, "security.W004"),
        ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": False}, "security.W005"),
        ({"SECURE_HSTS_PRELOAD": False}, "security.W021"),
        ({"SECURE_CONTENT_TYPE_NOSNIFF": False}, "security.W006"),
        ({"SECURE_SSL_REDIRECT": False}, "security.W008"),
        ({"X_FRAME_OPTIONS": "SAMEORIGIN"}, "security.W019"),
        ({"SECURE_REFERRER_POLICY": None}, "security.W022"),
        ({"SECURE_REFERRER_POLICY": "origin, nonsense"}, "security.E023"),
        ({"SECURE_CROSS_ORIGIN_OPENER_POLICY": "nonsense"}, "security.E024"),
    ],
)
def test_djangos_deploy_checks_still_look_at_the_settings(settings, overrides, expected):
    checked = {"security.W004", "security.W005", "security.W006", "security.W008"}
    checked |= {"security.W019", "security.W021", "security.W022", "security.E023"}
    checked |= {"security.E024", "core.W001"}
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    clean = {m.id for m in run_checks(include_deployment_checks=True)} & checked
    assert clean == set()
    for name, value in overrides.items():
        setattr(settings, name, value)
    found = {m.id for m in run_checks(include_deployment_checks=True)} & checked
    assert found == {expected}


def test_the_deploy_check_wants_the_security_headers_middleware(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != SECURITY_HEADERS]
    ids = [m.id for m in run_checks(include_deployment_checks=True)]
    assert "core.W001" in ids
