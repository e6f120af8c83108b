"""Rewrites core/sqlite_snapshot.sql: what `migrate` builds in a new SQLite database,
which ./bin/dev's first run loads instead of replaying every migration."""

from django.core.management.base import BaseCommand

from core import sqlite_snapshot


class Command(BaseCommand):
    help = (
        "Migrate a new SQLite database and save its dump as the snapshot ./bin/dev loads "
        "into an empty database. Run after adding a migration or upgrading a package "
        "that ships migrations."
    )

    def handle(self, *args, **options):
        sqlite_snapshot.SNAPSHOT.write_text(sqlite_snapshot.build())
        self.stdout.write(f"Wrote {sqlite_snapshot.SNAPSHOT}")
