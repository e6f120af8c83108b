"""The batch loop every importer shares: checksums, the mapping table, savepoints."""

import hashlib
import json
import sys

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from legacy.models import LegacyRecord
from legacy.report import Report
from legacy.source import LegacySource

BATCH_SIZE = 200


class SkipRow(Exception):
    """A legacy row that cannot be mapped; the message is the reason reported."""


def checksum(row: dict) -> str:
    return hashlib.sha256(json.dumps(row, sort_keys=True, default=str).encode()).hexdigest()


class Context:
    def __init__(
        self,
        source: LegacySource,
        report: Report,
        *,
        dry_run: bool,
        files_root=None,
        batch_size: int = BATCH_SIZE,
    ):
        self.source = source
        self.report = report
        self.dry_run = dry_run
        self.files_root = files_root
        self.batch_size = batch_size

    def target(self, table: str, legacy_id, model):
        """The object a legacy row became, or None when it was not imported."""
        if legacy_id is None:
            return None
        record = LegacyRecord.objects.filter(source_table=table, legacy_id=str(legacy_id)).first()
        if record is None:
            return None
        return model.objects.filter(pk=record.object_id).first()

    def remember(self, table: str, legacy_id, obj, digest: str) -> None:
        LegacyRecord.objects.update_or_create(
            source_table=table,
            legacy_id=str(legacy_id),
            defaults={
                "content_type": ContentType.objects.get_for_model(obj),
                "object_id": str(obj.pk),
                "checksum": digest,
            },
        )


class TableImporter:
    """Subclasses name the legacy table, the columns they read, the model they write, and
    `apply(row, existing)` which creates or updates one object (or raises SkipRow)."""

    table: str = ""
    columns: list[str] = []
    model = None
    # Where the rows are recorded and reported, when one legacy table feeds two of ours
    # (Employee -> users and staff profiles).
    record_table: str = ""
    order_by = "id"

    def __init__(self, ctx: Context):
        self.ctx = ctx

    @property
    def key(self) -> str:
        return self.record_table or self.table

    def fetch(self) -> list[dict]:
        return self.ctx.source.rows(self.table, self.columns, order_by=self.order_by)

    def prepare(self, rows: list[dict]) -> None:
        """A hook for whole-table decisions (e.g. merging clients by email)."""

    def apply(self, row: dict, existing):
        raise NotImplementedError

    def run(self) -> None:
        source, report = self.ctx.source, self.ctx.report
        if not source.has_table(self.table):
            if self.table not in report.absent_tables:
                report.absent_tables.append(self.table)
            return
        missing = source.missing_columns(self.table, self.columns)
        if missing:
            known = report.absent_columns.setdefault(self.table, [])
            known.extend(c for c in missing if c not in known)
        rows = self.fetch()
        result = report.tables[self.key]
        result.legacy = len(rows)
        self.prepare(rows)
        size = self.ctx.batch_size
        for start in range(0, len(rows), size):
            # One transaction per batch: progress already committed survives a crash and
            # the next run carries on (unchanged rows are recognised by their checksum).
            with transaction.atomic():
                for row in rows[start : start + size]:
                    self._one(row, result)
            done = min(start + size, len(rows))
            print(f"[{self.key}] {done}/{len(rows)}", file=sys.stderr, flush=True)

    def _one(self, row: dict, result) -> None:
        legacy_id = str(row["id"])
        digest = checksum(row)
        record = LegacyRecord.objects.filter(source_table=self.key, legacy_id=legacy_id).first()
        existing = None
        if record is not None:
            model = record.content_type.model_class()  # settings rows: one model per key
            existing = model.objects.filter(pk=record.object_id).first()
            if existing is not None and record.checksum == digest:
                result.unchanged += 1
                return
        try:
            with transaction.atomic():
                obj = self.apply(row, existing)
                self.ctx.remember(self.key, legacy_id, obj, digest)
        except SkipRow as exc:
            result.skipped.append((legacy_id, str(exc)))
            return
        except Exception as exc:  # bad data must not stop the other rows
            result.skipped.append((legacy_id, f"{type(exc).__name__}: {exc}"))
            return
        if existing is None:
            result.created += 1
        else:
            result.updated += 1


def aware(value):
    """Prisma stores TIMESTAMP(3) without a zone, in UTC."""
    from datetime import UTC

    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def save_published(obj, *, live: bool = True) -> None:
    """Save a model; one with drafts and revisions (a snippet or settings group that is
    draftable) also gets a revision, published when the legacy row was live, so what the
    import wrote is what the site shows and the history says where it came from."""
    if not hasattr(obj, "save_revision"):
        obj.save()
        return
    if obj.pk is None and hasattr(obj, "live"):
        obj.live = False  # publishing below turns it on
    obj.save()
    revision = obj.save_revision()
    if live:
        revision.publish()
    elif getattr(obj, "live", False):
        obj.unpublish()
