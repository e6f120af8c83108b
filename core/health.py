"""Liveness (/health) and readiness (/health/ready) probes."""

import redis
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_redis() -> None:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()


def _check_queue_file() -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.storage.queue_size()  # opens the SQLite queue file the consumer reads


def _uses_queue_file() -> bool:
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    return isinstance(HUEY.storage, SqliteStorage)


def _check_storage() -> None:
    for alias in ("default", "private"):
        storages[alias].exists("health-probe")


def _checks():
    yield "database", _check_database
    if settings.REDIS_URL:
        yield "redis", _check_redis
    elif _uses_queue_file():
        yield "queue", _check_queue_file
    yield "storage", _check_storage


@never_cache
@require_safe
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def ready(request):
    results, failing = {}, []
    for name, check in _checks():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # a probe reports any failure; it must not raise
            results[name] = f"error: {exc.__class__.__name__}"
            failing.append(name)
    if failing:
        return JsonResponse(
            {
                "status": "unavailable",
                "error": f"Not ready: {', '.join(failing)} unavailable.",
                "code": "not_ready",
                "checks": results,
            },
            status=503,
        )
    return JsonResponse({"status": "ok", "checks": results})
