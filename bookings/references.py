"""Public booking references: ANG-<year>-<nnnnn>, one gap-free series a year."""

from bookings.models import ReferenceCounter
from core.counters import counter_next


def allocate_reference(year: int) -> str:
    """The next reference; call inside the transaction that stores it (the year's counter
    row stays locked until it ends, so concurrent bookings never share or skip a number)."""
    return f"ANG-{year}-{counter_next(ReferenceCounter, year=year):05d}"
