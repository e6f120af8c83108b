"""Response cache for the public content API.

Every cached body is stored under a key that includes the content version; any publish,
unpublish, delete or settings/snippet change bumps the version (cms.signals), so lists and
details are invalidated together and at once in every worker. A hit is answered without
entering DRF: one small read of the version from the shared cache, then the body from this
process's memory (a bounded LRU keyed by version, so it can never serve a stale version)
or, failing that, from the shared cache. ETag / If-None-Match give 304s, and
Cache-Control lets a CDN hold the response for CMS_API_MAX_AGE seconds."""

import functools
import hashlib
import os
import threading
import time
from collections import OrderedDict

import redis
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.views.decorators.csrf import csrf_exempt

VERSION_KEY = "cms:api:version"
# Per-item fragments (cms.api.fragments) carry their own page revision in their keys; this
# generation covers what they borrow from elsewhere (images, authors, linked pages, ...).
FRAGMENT_GENERATION_KEY = "cms:api:fragments"
_KEPT_HEADERS = ("X-Total-Count", "Link")


class _LocalBodies:
    """A small per-process LRU of cached bodies, so a hit does not move a large body out
    of Redis on every request. Keys carry the content version."""

    def __init__(self, max_items=256, max_bytes=32 * 1024 * 1024):
        self.max_items, self.max_bytes = max_items, max_bytes
        self.items: OrderedDict[str, tuple] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value):
        size = len(value[0])
        if size > self.max_bytes:
            return
        with self.lock:
            if key in self.items:
                return
            self.items[key] = value
            self.size += size
            while len(self.items) > self.max_items or self.size > self.max_bytes:
                _, old = self.items.popitem(last=False)
                self.size -= len(old[0])


_local = _LocalBodies()


class _RedisVersion:
    """The content version read straight through one redis-py client per process: the
    version is read on every request, and Django's cache API builds a new client object
    per call (several times the cost of the round trip itself)."""

    def __init__(self, url: str, prefix: str, key: str):
        self.url, self.key, self.pid, self.client = url, f"{prefix}:{key}", None, None

    def _client(self):
        if self.client is None or self.pid != os.getpid():
            self.client = redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)
            self.pid = os.getpid()
        return self.client

    def get(self):
        try:
            value = self._client().get(self.key)
            if value is None:
                self._client().set(self.key, time.time_ns(), nx=True)
                value = self._client().get(self.key)
            return int(value)
        except redis.RedisError:
            return None  # Redis is down: answer uncached

    def bump(self):
        try:
            if self._client().incr(self.key) == 1:  # the key had been lost: start fresh
                self._client().set(self.key, time.time_ns())
        except redis.RedisError:
            pass


class _CacheVersion:
    """Without Redis (development, tests): the version lives in Django's cache."""

    def __init__(self, key: str):
        self.key = key

    def get(self):
        version = cache.get(self.key)
        if version is None:
            # A fresh number that no earlier version used, even if the key was lost.
            cache.add(self.key, time.time_ns(), timeout=None)
            version = cache.get(self.key)
        return version

    def bump(self):
        try:
            cache.incr(self.key)
        except ValueError:
            cache.set(self.key, time.time_ns(), timeout=None)


def _version_store(key: str):
    backend = settings.CACHES["default"]
    if settings.REDIS_URL and "redis" in backend["BACKEND"].lower():
        return _RedisVersion(settings.REDIS_URL, backend.get("KEY_PREFIX", ""), key)
    return _CacheVersion(key)


_stores: dict = {}


def _store(key: str = VERSION_KEY):
    if key not in _stores:
        _stores[key] = _version_store(key)
    return _stores[key]


@receiver(setting_changed)
def _follow_cache_settings(setting, **kwargs):
    """A test that switches the cache (or Redis) gets a version store that follows it."""
    if setting in ("CACHES", "REDIS_URL"):
        _stores.clear()
        _memo["value"] = None


# The version read is remembered in this process for CMS_API_VERSION_TTL seconds (a hit
# then costs no network round trip at all). A change made in this process is seen at once;
# other workers see it within that time.
_memo = {"value": None, "until": 0.0}


def content_version() -> int | None:
    now = time.monotonic()
    ttl = settings.CMS_API_VERSION_TTL
    if ttl and _memo["value"] is not None and now < _memo["until"]:
        return _memo["value"]
    value = _store().get()
    _memo["value"], _memo["until"] = value, now + ttl
    return value


def bump_content_version() -> None:
    _store().bump()
    _memo["value"] = None


def fragment_generation() -> int | None:
    """Read on every fragment lookup (no memo): a fragment must never outlive a change."""
    return _store(FRAGMENT_GENERATION_KEY).get()


def bump_fragment_generation() -> None:
    _store(FRAGMENT_GENERATION_KEY).bump()


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
        version = content_version()
        if version is None:
            return view(request, *args, **kwargs)
        key = _key(version, request)
        hit = _local.get(key)
        if hit is None:
            hit = cache.get(key)
            if hit is not None:
                _local.put(key, hit)
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
        _local.put(key, (body, etag, headers))
        response = _respond(request, body, etag, headers)
        response["X-Cache"] = "MISS"
        return response

    return csrf_exempt(wrapped)
