"""Which row of the original (Express + Prisma) database became which row here."""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class LegacyRecord(models.Model):
    """One imported legacy row. The unique (table, id) pair is what makes a re-run update
    instead of duplicating; the checksum lets it skip rows that did not change."""

    source_table = models.CharField(max_length=100)
    legacy_id = models.CharField(max_length=255)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    checksum = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_table", "legacy_id"], name="legacy_record_unique_source_row"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.source_table}:{self.legacy_id} -> {self.content_type_id}:{self.object_id}"
