"""The embedded (no Redis) default really runs jobs: a real `run_huey` consumer reads the
SQLite queue file, runs the periodic tasks, and what it changes is seen by a separate web
server process through the shared file cache."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from wagtail.models import Revision

from cms.api.cache import content_version
from tests.cms.factories import SiteTree, blog_post

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _embedded_env(tmp_path, **extra):
    """Local settings with no Redis: the queue and the cache are files under tmp_path."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "HUEY_IMMEDIATE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        HUEY_SQLITE_PATH=str(tmp_path / "queue.huey.sqlite3"),
        CACHE_DIR=str(tmp_path / "cache"),
        CMS_API_VERSION_TTL="0",
        MEDIA_ROOT=settings.MEDIA_ROOT,
        PRIVATE_MEDIA_ROOT=settings.PRIVATE_MEDIA_ROOT,
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("X-Cache"), json.loads(response.read())


def _wait(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def _stop(process):
    process.terminate()
    try:
        return process.communicate(timeout=30)[0] or ""
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()[0] or ""


@pytest.mark.django_db(transaction=True)
def test_scheduled_page_goes_live_through_the_embedded_consumer(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the web server and consumer processes must share the test database")
    db = settings.DATABASES["default"]
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    port = _free_port()
    env = _embedded_env(tmp_path, DATABASE_URL=database_url, DJANGO_DEBUG="false")

    tree = SiteTree()
    post = blog_post(tree, 1, publish=False)
    post.go_live_at = timezone.now() + timedelta(hours=1)
    revision = post.save_revision()
    revision.publish()  # scheduled: not live yet

    web = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            "--noreload",
            "--skip-checks",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    consumer = None
    try:
        blogs = f"http://127.0.0.1:{port}/api/blogs"

        def web_up():
            try:
                return _get(blogs) is not None
            except OSError:
                return web.poll() is not None  # stop waiting if it died

        _wait(web_up, 120, "the web server")
        assert web.poll() is None, _stop(web)
        assert _get(blogs) == ("HIT", [])  # the empty list is cached in the web process

        # The go-live time passes (moved into the past rather than waited for).
        past = timezone.now() - timedelta(minutes=1)
        revision = Revision.objects.get(pk=revision.pk)
        revision.content["go_live_at"] = past.isoformat()
        Revision.objects.filter(pk=revision.pk).update(
            approved_go_live_at=past, content=revision.content
        )

        # The consumer runs its periodic tasks when it starts: publish_scheduled publishes
        # the page, and the change reaches the other process's cached response.
        consumer = subprocess.Popen(
            [sys.executable, "manage.py", "run_huey", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        _wait(
            lambda: (
                [p["slug"] for p in _get(blogs)[1]] == ["post-1"] or consumer.poll() is not None
            ),
            120,
            "the scheduled post in the web server's API",
        )
        assert [p["slug"] for p in _get(blogs)[1]] == ["post-1"], _stop(consumer)
    finally:
        if consumer is not None:
            _stop(consumer)
        _stop(web)
    post.refresh_from_db()
    assert post.live


def test_content_version_bumped_in_another_process_is_seen_here(settings, tmp_path):
    """Development cache (files): a change made by another process (the consumer) is seen
    by this one (the web server) at once; a per-process cache would miss it."""
    settings.REDIS_URL = ""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    settings.CMS_API_VERSION_TTL = 0
    before = content_version()
    assert content_version() == before

    code = (
        "import django; django.setup();"
        "from cms.api.cache import bump_content_version, content_version;"
        "bump_content_version(); print(content_version())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_embedded_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    after = content_version()
    assert after != before
    assert int(result.stdout.strip()) == after
