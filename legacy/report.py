"""What a run did, table by table, and the verification printed at the end."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class TableResult:
    legacy: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class Report:
    tables: dict[str, TableResult] = field(default_factory=lambda: defaultdict(TableResult))
    absent_tables: list[str] = field(default_factory=list)
    absent_columns: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    paid_legacy: dict[str, Decimal] = field(default_factory=dict)
    paid_imported: dict[str, Decimal] = field(default_factory=dict)

    def note(self, text: str) -> None:
        self.notes.append(text)

    @property
    def paid_sums_match(self) -> bool:
        currencies = set(self.paid_legacy) | set(self.paid_imported)
        zero = Decimal(0)
        return all(
            self.paid_legacy.get(c, zero) == self.paid_imported.get(c, zero) for c in currencies
        )

    def lines(self, *, dry_run: bool) -> list[str]:
        out = ["", "Verification report" + (" (DRY RUN: nothing was saved)" if dry_run else "")]
        out.append(
            f"{'legacy table':<16}{'legacy':>8}{'imported':>10}{'created':>9}"
            f"{'updated':>9}{'same':>6}{'skipped':>9}"
        )
        for table, r in self.tables.items():
            out.append(
                f"{table:<16}{r.legacy:>8}{r.imported:>10}{r.created:>9}"
                f"{r.updated:>9}{r.unchanged:>6}{len(r.skipped):>9}"
            )
        for table, r in self.tables.items():
            for legacy_id, reason in r.skipped:
                out.append(f"  skipped {table} {legacy_id}: {reason}")
        for table in self.absent_tables:
            out.append(f"  absent table (not in the legacy database): {table}")
        for table, columns in self.absent_columns.items():
            out.append(f"  absent columns in {table}: {', '.join(columns)}")
        out.extend(f"  note: {n}" for n in self.notes)
        out.append("Paid amounts per currency (legacy SUCCEEDED+REFUNDED vs imported paid):")
        for currency in sorted(set(self.paid_legacy) | set(self.paid_imported)):
            legacy = self.paid_legacy.get(currency, Decimal(0))
            imported = self.paid_imported.get(currency, Decimal(0))
            flag = "ok" if legacy == imported else "MISMATCH"
            out.append(f"  {currency}: legacy {legacy} / imported {imported}  {flag}")
        return out
