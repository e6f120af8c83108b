import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backup import PgTarget, media_manifest, pg_dump, write_manifest


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database (pg_dump custom format) and write a manifest of "
        "every media object (public and private storage) next to it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(settings.BASE_DIR / "backups"))
        parser.add_argument(
            "--database-url", help="back up this database instead of the configured one"
        )
        parser.add_argument(
            "--no-checksums", action="store_true", help="list media without hashing them"
        )

    def handle(self, *args, output, database_url, no_checksums, **options):
        try:
            target = (
                PgTarget.from_url(database_url)
                if database_url
                else PgTarget.from_settings(settings.DATABASES["default"])
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        dump = folder / f"{target.name}-{stamp}.dump"
        manifest_path = folder / f"{target.name}-{stamp}.media.json"
        try:
            pg_dump(target, dump)
        except FileNotFoundError as exc:
            raise CommandError("pg_dump is not installed") from exc
        except Exception as exc:
            raise CommandError(f"pg_dump failed: {getattr(exc, 'stderr', exc)}") from exc
        manifest = media_manifest(checksums=not no_checksums)
        write_manifest(manifest_path, manifest)
        summary = {
            "dump": str(dump),
            "dumpBytes": dump.stat().st_size,
            "manifest": str(manifest_path),
            "mediaObjects": {alias: len(items) for alias, items in manifest.items()},
        }
        self.stdout.write(json.dumps(summary))
