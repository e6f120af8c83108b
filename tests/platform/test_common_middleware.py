"""core.middleware.CommonMiddleware answers as Django's CommonMiddleware does, validating a
Host header once per process instead of on every request."""

import re

import pytest
from django.core.exceptions import DisallowedHost, PermissionDenied
from django.http import HttpResponse, HttpResponseNotFound, StreamingHttpResponse
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware
from django.test import RequestFactory

from core.middleware import CommonMiddleware


def plain(request):
    return HttpResponse("ok")


def with_length(request):
    return HttpResponse("ok", headers={"Content-Length": "2"})


def streaming(request):
    return StreamingHttpResponse(iter([b"o", b"k"]))


def not_found(request):
    return HttpResponseNotFound("no")


SETTINGS_CASES = [
    {},
    {"DISALLOWED_USER_AGENTS": [re.compile(r"evilbot")]},
    {"PREPEND_WWW": True},
    {"USE_X_FORWARDED_HOST": True},
    {"ALLOWED_HOSTS": [".angisoft.test"]},
]
REQUESTS = [
    ("/api/services", {"HTTP_HOST": "api.angisoft.test"}),
    ("/api/services", {"HTTP_HOST": "api.angisoft.test:8443"}),
    ("/api/services", {"HTTP_HOST": "evil.example"}),
    ("/api/services", {"HTTP_HOST": "api.angisoft.test", "HTTP_USER_AGENT": "evilbot/1"}),
    ("/api/services", {"HTTP_HOST": "api.angisoft.test", "HTTP_X_FORWARDED_HOST": "evil.example"}),
    ("/admin", {"HTTP_HOST": "api.angisoft.test"}),  # APPEND_SLASH on the 404
]


def _outcome(middleware, path, meta):
    request = RequestFactory().get(path, **meta)
    try:
        response = middleware(request)
    except (DisallowedHost, PermissionDenied) as refused:
        return type(refused).__name__
    body = b"".join(response) if response.streaming else response.content
    return response.status_code, response.get("Location"), response.get("Content-Length"), body


@pytest.mark.parametrize("overrides", SETTINGS_CASES)
def test_same_answers_as_djangos_common_middleware(settings, overrides):
    settings.ALLOWED_HOSTS = ["api.angisoft.test", "www.api.angisoft.test"]
    for name, value in overrides.items():
        setattr(settings, name, value)
    for view in (plain, with_length, streaming, not_found):
        ours, djangos = CommonMiddleware(view), DjangoCommonMiddleware(view)
        for path, meta in REQUESTS:
            for _ in range(2):  # the first time and from the remembered host
                expected = _outcome(djangos, path, meta)
                assert _outcome(ours, path, meta) == expected, (view, path, meta, overrides)


def test_a_remembered_host_is_checked_again_when_allowed_hosts_change(settings):
    settings.ALLOWED_HOSTS = ["api.angisoft.test"]
    middleware = CommonMiddleware(plain)
    request = RequestFactory().get("/api/services", HTTP_HOST="api.angisoft.test")
    assert middleware(request).status_code == 200
    settings.ALLOWED_HOSTS = ["other.angisoft.test"]
    with pytest.raises(DisallowedHost):
        middleware(RequestFactory().get("/api/services", HTTP_HOST="api.angisoft.test"))


def test_a_refused_host_gets_a_400_every_time_through_the_stack(client, settings):
    settings.ALLOWED_HOSTS = ["api.angisoft.test"]
    for _ in range(2):
        assert client.get("/api/services", HTTP_HOST="evil.example").status_code == 400
    ok = client.get("/health", HTTP_HOST="api.angisoft.test")
    assert ok.status_code == 200 and ok["Content-Length"] == str(len(ok.content))
