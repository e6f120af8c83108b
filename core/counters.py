"""Gap-free yearly counters behind every public number (booking and enquiry references,
invoice numbers).

The counter row is created if missing (a concurrent insert is ignored by the unique key),
then locked with SELECT ... FOR UPDATE in the caller's transaction. The next caller waits
for the commit; if the transaction rolls back, the increment rolls back with it, so a
number is never skipped nor handed out twice."""

from django.db import models


class YearlyCounter(models.Model):
    """The last number issued in a year; locked while allocating."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.year}: {self.last_number}"


def counter_next(model: type[models.Model], **key) -> int:
    """Increment and return the counter row of `model` named by `key` (e.g. year=2026)."""
    model.objects.bulk_create([model(**key, last_number=0)], ignore_conflicts=True)
    counter = model.objects.select_for_update().get(**key)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number
