"""Rows for the test legacy database, with realistic defaults."""

import hashlib
import uuid
from datetime import datetime
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

SQL_NULL = object()  # `details` as SQL NULL, as opposed to JSON null (None)


class LegacyDB:
    def __init__(self, url: str, files_root: Path):
        self.url = url
        self.files_root = files_root
        self.conn = psycopg.connect(url, autocommit=True)

    def _insert(self, table: str, values: dict) -> str:
        query = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            sql.Identifier(table),
            sql.SQL(", ").join(map(sql.Identifier, values)),
            sql.SQL(", ").join(sql.Placeholder() * len(values)),
        )
        self.conn.execute(query, list(values.values()))
        return values["id"]

    def execute(self, query: str, params=()):
        return self.conn.execute(query, params)

    def client(self, **kw) -> str:
        n = uuid.uuid4().hex[:6]
        values = {
            "id": str(uuid.uuid4()),
            "name": f"Client {n}",
            "email": f"client-{n}@example.test",
            "phone": "+254700000001",
            "org": "Acme Ltd",
            "createdAt": datetime(2026, 3, 1, 9, 30),
        }
        return self._insert("Client", {**values, **kw})

    def booking(self, client_id: str, number: int, **kw) -> str:
        details = kw.pop("details", {"budget": "50k"})
        values = {
            "id": str(uuid.uuid4()),
            "clientId": client_id,
            "title": f"Website build {number}",
            "description": "A company website with a blog.",
            "projectType": "SOFTWARE",
            "status": "SUBMITTED",
            "priceEstimate": 45000.5,
            "createdAt": datetime(2026, 4, 2, 10, 0),
            "publicReference": f"ANG-2026-{number:05d}",
            "trackingToken": uuid.uuid4().hex,
            **kw,
        }
        if details is not SQL_NULL:
            values["details"] = Jsonb(details)  # Jsonb(None) stores JSON null
        return self._insert("Booking", values)

    def file(self, *, content: bytes, name: str = "brief.pdf", checksum=True, **kw) -> str:
        stored = f"uploads/{uuid.uuid4().hex}-{name}"
        path = self.files_root / stored
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        metadata = {"sha256": hashlib.sha256(content).hexdigest()} if checksum else None
        values = {
            "id": str(uuid.uuid4()),
            "ownerType": "booking",
            "filename": name,
            "url": stored,
            "mime": "application/pdf",
            "size": len(content),
            "metadata": Jsonb(metadata) if metadata else None,
            **kw,
        }
        return self._insert("File", values)

    def payment(self, **kw) -> str:
        values = {
            "id": str(uuid.uuid4()),
            "amount": 1500.0,
            "currency": "KES",
            "provider": "MPESA",
            "providerId": f"ws_CO_{uuid.uuid4().hex[:12]}",
            "status": "SUCCEEDED",
            "createdAt": datetime(2026, 4, 3, 12, 0),
            **kw,
        }
        if isinstance(values.get("metadata"), dict):
            values["metadata"] = Jsonb(values["metadata"])
        return self._insert("Payment", values)

    def employee(self, **kw) -> str:
        n = uuid.uuid4().hex[:6]
        values = {
            "id": str(uuid.uuid4()),
            "firstName": "Staff",
            "lastName": n,
            "email": f"staff-{n}@angisoft.test",
            "role": "DEVELOPER",
            "passwordHash": "$2b$10$legacyhashnevercarried",
            "createdAt": datetime(2025, 12, 1, 8, 0),
            **kw,
        }
        return self._insert("Employee", values)

    def assign_role(self, employee_id: str, key: str) -> None:
        row = self.execute('SELECT id FROM "AppRole" WHERE key = %s', (key,)).fetchone()
        role_id = (
            row[0]
            if row
            else self._insert("AppRole", {"id": str(uuid.uuid4()), "key": key, "name": key.title()})
        )
        self._insert(
            "EmployeeRoleAssignment",
            {"id": str(uuid.uuid4()), "employeeId": employee_id, "roleId": role_id},
        )

    def testimonial(self, **kw) -> str:
        values = {
            "id": str(uuid.uuid4()),
            "name": "Jane Mwangi",
            "company": "Mwangi & Co",
            "role": "Director",
            "text": "They delivered our site on time.",
            "rating": 5,
            **kw,
        }
        return self._insert("Testimonial", values)

    def faq(self, **kw) -> str:
        values = {
            "id": str(uuid.uuid4()),
            "question": "How do I pay?",
            "answer": "By card, M-Pesa or PayPal.",
            "category": "Payments",
            "order": 1,
            **kw,
        }
        return self._insert("Faq", values)

    def subscriber(self, email: str, **kw) -> str:
        values = {"id": str(uuid.uuid4()), "email": email, "unsubToken": str(uuid.uuid4()), **kw}
        return self._insert("Subscriber", values)

    def enquiry(self, reference: str, **kw) -> str:
        values = {
            "id": str(uuid.uuid4()),
            "publicReference": reference,
            "name": "Eve Otieno",
            "email": "Eve@Example.test",
            "enquiryType": "pricing",
            "subject": "Pricing for a shop",
            "message": "How much for an online shop?",
            "status": "responded",
            **kw,
        }
        return self._insert("ContactEnquiry", values)

    def row(self, table: str, **kw) -> str:
        """Any other legacy row: dicts and lists meant as JSON must come wrapped (Jsonb)."""
        values = {"id": str(uuid.uuid4()), **kw}
        self._insert(table, values)
        return values["id"]

    def setting(self, key: str, value) -> str:
        query = 'INSERT INTO "Setting" ("key", "value") VALUES (%s, %s)'
        self.conn.execute(query, (key, Jsonb(value)))
        return key

    def upload_image(self, name: str, colour=(200, 30, 30)) -> str:
        """A small PNG in the uploads folder; returns the URL the old site stored."""
        from io import BytesIO

        from PIL import Image

        buffer = BytesIO()
        Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
        path = self.files_root / "uploads" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(buffer.getvalue())
        return f"/uploads/{name}"
