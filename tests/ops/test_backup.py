"""Backup and restore drill: real rows (users, bookings, payments, outbox, alerts) are
dumped with backup_db, restored with restore_db into a fresh database, and every table's
row count and checksum must match."""

import io
import json
import uuid

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from psycopg import sql

from core.alerts import raise_alert
from core.backup import PgTarget, table_fingerprints
from core.models import OutboxEmail
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the backup drill needs PostgreSQL (DATABASE_URL)",
    ),
]


def _seed_rows():
    created = {"users": 0, "bookings": 0, "payments": 0}
    for _ in range(3):
        UserFactory()
        created["users"] += 1
    try:
        from tests.payments.factories import PaymentFactory
    except ImportError:
        PaymentFactory = None
    try:
        from tests.bookings.factories import BookingFactory
    except ImportError:
        BookingFactory = None
    # Payments hang off bookings: the payments factory makes both (the two apps'
    # client factories share an email sequence, so only one of them is used).
    if PaymentFactory is not None:
        for _ in range(2):
            payment = PaymentFactory()
            created["payments"] += 1
            created["bookings"] += int(payment.booking_id is not None)
    elif BookingFactory is not None:
        for _ in range(2):
            BookingFactory()
            created["bookings"] += 1
    OutboxEmail.objects.create(
        template="platform_test",
        recipients=["a@b.test"],
        context={"marker": "ü→€"},
        next_attempt_at="2030-01-01T00:00:00Z",
    )
    raise_alert("ops.backup-drill", "seed")
    return created


def _target_url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = db.get("USER") or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


@pytest.fixture
def fresh_database_name():
    name = f"angisoft_restore_{uuid.uuid4().hex[:10]}"
    yield name
    target = PgTarget.from_url(_target_url(name))
    with target.connect("postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_database_matches(tmp_path, fresh_database_name):
    created = _seed_rows()
    storages["default"].save("images/original_images/logo.png", ContentFile(b"\x89PNG" * 10))
    storages["private"].save("bookings/ANG-1/brief.pdf", ContentFile(b"%PDF-1.7 brief"))
    source = PgTarget.from_settings(settings.DATABASES["default"])
    before = table_fingerprints(source)

    out = io.StringIO()
    call_command("backup_db", output=str(tmp_path), stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["dumpBytes"] > 0
    assert summary["mediaObjects"] == {"default": 1, "private": 1}
    manifest = json.loads((tmp_path / summary["manifest"].rsplit("/", 1)[1]).read_text())
    assert manifest["private"][0]["name"] == "bookings/ANG-1/brief.pdf"
    assert manifest["private"][0]["size"] == len(b"%PDF-1.7 brief")
    assert len(manifest["private"][0]["sha256"]) == 64

    out = io.StringIO()
    call_command(
        "restore_db",
        summary["dump"],
        database_url=_target_url(fresh_database_name),
        create=True,
        stdout=out,
    )
    restored = PgTarget.from_url(_target_url(fresh_database_name))
    after = table_fingerprints(restored)

    assert after == before
    # The drill is about real data: the seeded tables are not empty.
    assert after["accounts_user"][0] >= created["users"]
    if created["bookings"]:
        assert after["bookings_booking"][0] >= created["bookings"]
    if created["payments"]:
        assert after["payments_payment"][0] >= created["payments"]
    assert after["platform_outboxemail"][0] >= 1
    assert after["platform_alertincident"][0] == 1
    assert json.loads(out.getvalue())["tables"] == len(before)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_to_overwrite_the_live_database(tmp_path):
    dump = tmp_path / "x.dump"
    dump.write_bytes(b"not a dump")
    live = settings.DATABASES["default"]["NAME"]
    with pytest.raises(CommandError, match="refusing"):
        call_command("restore_db", str(dump), database_url=_target_url(live))
