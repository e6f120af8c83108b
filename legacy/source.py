"""The original database, read-only: what tables and columns it has, and its rows."""

from dataclasses import dataclass, field

import psycopg
from psycopg import sql
from psycopg.rows import dict_row


@dataclass
class LegacySource:
    """A read-only psycopg connection plus the catalogue of what exists. The Prisma
    migrations never reproduced schema.prisma, so every reader asks before it selects."""

    conn: psycopg.Connection
    columns: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def connect(cls, url: str) -> "LegacySource":
        conn = psycopg.connect(url, row_factory=dict_row, autocommit=True)
        # Belt and braces: every transaction on this session refuses writes.
        conn.execute("SET default_transaction_read_only = on")
        source = cls(conn)
        source._introspect()
        return source

    def _introspect(self) -> None:
        rows = self.conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema()"
        ).fetchall()
        for row in rows:
            self.columns.setdefault(row["table_name"], set()).add(row["column_name"])

    def close(self) -> None:
        self.conn.close()

    def has_table(self, table: str) -> bool:
        return table in self.columns

    def has(self, table: str, column: str) -> bool:
        return column in self.columns.get(table, ())

    def count(self, table: str) -> int:
        query = sql.SQL("SELECT count(*) AS n FROM {}").format(sql.Identifier(table))
        return self.conn.execute(query).fetchone()["n"]

    def rows(self, table: str, wanted: list[str], order_by: str = "id") -> list[dict]:
        """Every row with the wanted columns that exist; absent ones come back as None so
        the importers see one shape whatever the migrations left behind."""
        present = [c for c in wanted if self.has(table, c)]
        query = sql.SQL("SELECT {} FROM {} ORDER BY {}").format(
            sql.SQL(", ").join(sql.Identifier(c) for c in present),
            sql.Identifier(table),
            sql.Identifier(order_by if self.has(table, order_by) else present[0]),
        )
        result = self.conn.execute(query).fetchall()
        missing = [c for c in wanted if c not in present]
        for row in result:
            for column in missing:
                row[column] = None
        return result

    def missing_columns(self, table: str, wanted: list[str]) -> list[str]:
        return [c for c in wanted if not self.has(table, c)]
