import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-grade-secret-0123456789-abcdefghijkl",
    "ALLOWED_HOSTS": "api.angisoft.co.ke",
    "DATABASE_URL": "sqlite:////tmp/angisoft-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/15",  # never contacted by these checks
}


def _run(args, env_overrides, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(env_overrides)
    for name in drop:
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = _run(["manage.py", "check"], PRODUCTION_ENV, drop=["DJANGO_SECRET_KEY"])
    assert result.returncode != 0
    assert "need these environment variables: DJANGO_SECRET_KEY" in result.stderr


def test_production_names_every_missing_variable():
    result = _run(["manage.py", "check"], PRODUCTION_ENV, drop=["ALLOWED_HOSTS", "DATABASE_URL"])
    assert result.returncode != 0
    assert "ALLOWED_HOSTS, DATABASE_URL" in result.stderr


def test_production_check_deploy_is_clean():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_redis():
    """A per-process cache served stale content to half the workers: no REDIS_URL, no start."""
    result = _run(["manage.py", "check"], PRODUCTION_ENV, drop=["REDIS_URL"])
    assert result.returncode != 0
    assert "need these environment variables: REDIS_URL" in result.stderr
    assert "shared by every web worker and the Huey consumer" in result.stderr


def test_embedded_defaults_need_no_services(tmp_path):
    """With no environment at all the local settings use SQLite, a queue file that a real
    consumer reads (not immediate mode), a cache in files both processes share, and files."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "from huey.contrib.djhuey import HUEY;"
        "print(json.dumps([s.DATABASES['default']['ENGINE'], s.HUEY['immediate'],"
        " type(HUEY).__name__, HUEY.storage.filename, s.CACHES['default']['BACKEND'],"
        " s.CACHES['default']['LOCATION'], s.STORAGES['private']['BACKEND'], s.EMAIL_BACKEND]))"
    )
    db = tmp_path / "site.sqlite3"
    result = _run(
        ["-c", code],
        {"DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": f"sqlite:///{db}"},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.db.backends.sqlite3",
        False,
        "SqliteHuey",
        str(tmp_path / "site.huey.sqlite3"),
        "django.core.cache.backends.filebased.FileBasedCache",
        str(tmp_path / "site.cache"),
        "django.core.files.storage.FileSystemStorage",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_embedded_database_runs_in_wal_mode(tmp_path):
    """Readers never wait for the writer, and a commit appends to the log: the web server
    and the consumer share the file."""
    code = (
        "import django; django.setup(); from django.db import connection;"
        "c = connection.cursor(); print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " c.execute('PRAGMA synchronous').fetchone()[0])"
    )
    db = tmp_path / "site.sqlite3"
    result = _run(
        ["-c", code],
        {"DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": f"sqlite:///{db}"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1"]  # synchronous=NORMAL


def test_immediate_mode_only_when_asked_for():
    code = (
        "import django; django.setup(); from huey.contrib.djhuey import HUEY;"
        "print(type(HUEY).__name__, HUEY.immediate)"
    )
    result = _run(
        ["-c", code], {"DJANGO_SETTINGS_MODULE": "config.settings.local", "HUEY_IMMEDIATE": "1"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["MemoryHuey", "True"]


def test_redis_url_switches_huey_to_redis_explicitly():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "from django.core.cache import caches;"
        "from django.core.cache.backends.redis import RedisCache;"
        "from huey import RedisHuey; from huey.contrib.djhuey import HUEY;"
        "print(isinstance(HUEY, RedisHuey) and 'huey.RedisHuey', s.HUEY['immediate'],"
        " isinstance(caches['default'], RedisCache))"
    )
    result = _run(
        ["-c", code],
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "REDIS_URL": "redis://127.0.0.1:6379/3",
            "DJANGO_DEBUG": "true",
        },
    )
    assert result.returncode == 0, result.stderr
    # DEBUG is on, and Huey still queues to Redis: immediate never follows DEBUG.
    assert result.stdout.split() == [
        "huey.RedisHuey",
        "False",
        "True",  # Django's RedisCache (core.cache adds timings and outage handling)
    ]


def test_embedded_sqlite_queues_writers_instead_of_failing():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "o = s.DATABASES['default']['OPTIONS'];"
        "print(o['transaction_mode'], o['timeout'])"
    )
    result = _run(["-c", code], {"DJANGO_SETTINGS_MODULE": "config.settings.local"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["IMMEDIATE", "20"]
