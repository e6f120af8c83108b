"""Response cache for the public content API.

Every cached body is stored under a key that includes the content version; any publish,
unpublish, delete or settings/snippet change bumps the version (cms.signals), so lists and
details are invalidated together and at once in every worker. A hit is answered without
entering DRF: two cache reads and a byte copy. ETag / If-None-Match give 304s, and
Cache-Control lets a CDN hold the response for CMS_API_MAX_AGE seconds."""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.views.decorators.csrf import csrf_exempt

VERSION_KEY = "cms:api:version"
_KEPT_HEADERS = ("X-Total-Count", "Link")


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh number that no earlier version used, even if Redis lost the key.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _key(version, request) -> str:
    digest = hashlib.sha1(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"cms:api:{version}:{digest}"


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest() + '"'


def _respond(request, body, etag, headers):
    cache_control = f"public, max-age={settings.CMS_API_MAX_AGE}"
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
        for name, value in headers:
            response[name] = value
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


def cached_api(view):
    """Wrap a public GET view (DRF's as_view()) with the versioned response cache."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = _key(content_version(), request)
        hit = cache.get(key)
        if hit is not None:
            body, etag, headers = hit
            response = _respond(request, body, etag, headers)
            response["X-Cache"] = "HIT"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        if hasattr(response, "render"):
            response.render()
        body = response.content
        etag = _etag(body)
        headers = [(h, response[h]) for h in _KEPT_HEADERS if h in response]
        cache.set(key, (body, etag, headers), timeout=settings.CMS_API_CACHE_SECONDS)
        response = _respond(request, body, etag, headers)
        response["X-Cache"] = "MISS"
        return response

    return csrf_exempt(wrapped)
