"""Gap-free document numbers: INV-2026-00001, RCT-2026-00001, CRN-2026-00001.

The counter row for (series, year) is created if missing (a concurrent insert is ignored
by the unique constraint), then locked with SELECT ... FOR UPDATE in the caller's
transaction. The next issuer waits for the commit; if the issuing transaction rolls back,
the increment rolls back with it, so a number is never skipped nor handed out twice.
"""

from django.db import transaction

from core.counters import counter_next
from invoicing.models import DocumentCounter


def allocate_number(series: str, year: int) -> tuple[int, str]:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_number must run inside the issuing transaction")
    number = counter_next(DocumentCounter, series=series, year=year)
    return number, f"{series}-{year}-{number:05d}"
