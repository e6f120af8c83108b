"""./bin/dev's first run fills a new SQLite database from core/sqlite_snapshot.sql instead
of replaying every migration. These prove the two give the same database, and that the
snapshot is left alone whenever it might not."""

import re

import pytest
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from core import sqlite_snapshot


@pytest.fixture
def sqlite_db(tmp_path, django_db_blocker):
    """A Django connection to a new, empty SQLite file (the test database is elsewhere)."""
    new = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}
    settings_dict = connections.configure_settings({"default": new})["default"]
    wrapper = DatabaseWrapper(settings_dict, alias="snapshot")
    with django_db_blocker.unblock():
        yield wrapper
        wrapper.close()


def _without_random_keys(dump: str) -> list[str]:
    # Wagtail's migrations give pages random translation keys (uuid4 hex).
    return re.sub(r"'[0-9a-f]{32}'", "'<uuid>'", dump).splitlines()


def test_the_snapshot_is_what_migrate_builds_today():
    """Migrates a new SQLite file in a subprocess (~30 s of CPU) and compares the dumps."""
    built = _without_random_keys(sqlite_snapshot.build())
    saved = _without_random_keys(sqlite_snapshot.SNAPSHOT.read_text())
    stale = "core/sqlite_snapshot.sql is stale: run `manage.py sqlite_snapshot`"
    assert saved[0] == built[0], stale  # the migration files' fingerprint
    assert saved == built, stale


def test_an_empty_database_loaded_from_the_snapshot_dumps_back_to_it(sqlite_db, tmp_path):
    assert sqlite_snapshot.load_if_fresh(sqlite_db)
    sqlite_db.close()

    _, _, expected = sqlite_snapshot.SNAPSHOT.read_text().partition("\n")
    assert sqlite_snapshot.dump(tmp_path / "db.sqlite3") + "\n" == expected
    with sqlite_db.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        assert cursor.fetchone()[0] > 100


def test_a_database_with_tables_is_left_to_migrate(sqlite_db):
    with sqlite_db.cursor() as cursor:
        cursor.execute("CREATE TABLE kept (id integer)")

    assert not sqlite_snapshot.load_if_fresh(sqlite_db)
    assert sqlite_db.introspection.table_names() == ["kept"]


def test_a_changed_migration_file_sets_the_snapshot_aside(sqlite_db, monkeypatch):
    monkeypatch.setattr(sqlite_snapshot, "fingerprint", lambda: "a migration changed")

    assert not sqlite_snapshot.load_if_fresh(sqlite_db)
    assert sqlite_db.introspection.table_names() == []
