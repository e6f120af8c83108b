import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import PgTarget, create_database, pg_restore, table_fingerprints


class Command(BaseCommand):
    help = (
        "Restore a backup_db dump into a target PostgreSQL database (by default a new, "
        "empty one). Refuses to overwrite the configured database."
    )

    def add_arguments(self, parser):
        parser.add_argument("dump")
        parser.add_argument("--database-url", required=True, help="postgres://.../target")
        parser.add_argument("--create", action="store_true", help="create the target first")
        parser.add_argument("--jobs", type=int, default=2)

    def handle(self, *args, dump, database_url, create, jobs, **options):
        path = Path(dump)
        if not path.is_file():
            raise CommandError(f"no such dump: {path}")
        try:
            target = PgTarget.from_url(database_url)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        current = settings.DATABASES["default"]
        if target.name == current.get("NAME") and target.host == (
            current.get("HOST") or "127.0.0.1"
        ):
            raise CommandError("refusing to restore over the database this site is using")
        try:
            if create:
                create_database(target)
            pg_restore(path, target, jobs=jobs)
        except FileNotFoundError as exc:
            raise CommandError("pg_restore is not installed") from exc
        except Exception as exc:
            raise CommandError(f"restore failed: {getattr(exc, 'stderr', exc)}") from exc
        tables = table_fingerprints(target)
        self.stdout.write(
            json.dumps(
                {
                    "database": target.name,
                    "tables": len(tables),
                    "rows": sum(count for count, _ in tables.values()),
                }
            )
        )
