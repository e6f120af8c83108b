"""A brand-new, empty SQLite database (./bin/dev's first run) gets its migrated state from a
snapshot instead of replaying ~190 migrations (~28 s, mostly Wagtail's migration state).

The snapshot is the SQL dump of a database that `manage.py migrate` built from nothing,
tagged with a fingerprint of every migration file on disk and the Django version. It is
used only when the database has no table at all and the fingerprint still matches; any
other case runs migrate as usual. `manage.py sqlite_snapshot` rewrites it, and
tests/platform/test_sqlite_snapshot.py fails while it differs from what migrate builds."""

import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

SNAPSHOT = Path(__file__).with_name("sqlite_snapshot.sql")
HEADER = "-- migrations fingerprint: "
# Migrate stamps each row with the time it ran; the snapshot keeps one fixed time so the
# file only changes when the schema or its data do.
APPLIED_AT = "2000-01-01 00:00:00"


def fingerprint() -> str:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    digest = hashlib.sha256(f"django {django.get_version()}\n".encode())
    for app_label, name in sorted(loader.disk_migrations):
        module = sys.modules[loader.disk_migrations[app_label, name].__module__]
        digest.update(f"{app_label}.{name}\n".encode())
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def build() -> str:
    """Migrate a new SQLite file in a separate process (this one may be on another
    database) and return its dump with the fingerprint line on top."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "db.sqlite3"
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"REDIS_URL", "CACHE_DIR", "HUEY_SQLITE_PATH"}
        }
        env.update(
            DATABASE_URL=f"sqlite:///{database}",
            DJANGO_SETTINGS_MODULE="config.settings.local",
        )
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        return f"{HEADER}{fingerprint()}\n{dump(database)}\n"


def dump(database: Path) -> str:
    connection = sqlite3.connect(database)
    try:
        with connection:
            connection.execute("UPDATE django_migrations SET applied = ?", (APPLIED_AT,))
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


def load_if_fresh(connection) -> bool:
    """Fill an empty SQLite database from the snapshot; False when it does not apply."""
    if connection.vendor != "sqlite" or not SNAPSHOT.exists():
        return False
    if connection.introspection.table_names():
        return False
    header, _, script = SNAPSHOT.read_text().partition("\n")
    if header != f"{HEADER}{fingerprint()}":
        return False
    connection.ensure_connection()
    raw = connection.connection
    # The dump creates tables in name order, so a row may point at a table made later:
    # keys are checked once everything is in.
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        raw.executescript(script)  # one transaction: BEGIN ... COMMIT
    finally:
        raw.execute("PRAGMA foreign_keys = ON")
    if raw.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise RuntimeError(f"{SNAPSHOT} holds a row whose foreign key points nowhere")
    return True
