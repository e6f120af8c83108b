"""import_legacy against a real legacy PostgreSQL database built from the fixture DDL."""

import hashlib
from datetime import UTC, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from bookings.models import Booking, BookingFile, BookingStatus, Client, ProjectType
from legacy.models import LegacyRecord
from payments.models import Payment, PaymentStatus
from tests.bookings.factories import pdf_bytes
from tests.legacy.builder import SQL_NULL

pytestmark = pytest.mark.django_db


def run(legacy, *args) -> str:
    out = StringIO()
    call_command(
        "import_legacy",
        "--database-url",
        legacy.url,
        "--files-root",
        str(legacy.files_root),
        *args,
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()


def mapped(table, legacy_id, model):
    record = LegacyRecord.objects.get(source_table=table, legacy_id=legacy_id)
    return model.objects.get(pk=record.object_id)


@pytest.fixture
def world(legacy):
    """A small but awkward legacy site: duplicate-case emails, a walk-in, null details,
    files linked both ways, lower-case currencies, a payment without its booking."""
    w = {}
    w["alice"] = legacy.client(name="Alice Wanjiru", email="alice@example.test")
    w["alice_upper"] = legacy.client(
        name="ALICE W", email="Alice@Example.test", createdAt=datetime(2026, 5, 1)
    )
    w["walkin"] = legacy.client(name="Walk-in Bob", email="", phone="+254711000222")
    w["b1"] = legacy.booking(w["alice"], 7, status="DEPOSIT_PAID", details={"pages": 5})
    w["b2"] = legacy.booking(
        w["alice_upper"], 42, status="COMPLETED", details=None, projectType="DATA_ANALYSIS"
    )
    w["b3"] = legacy.booking(w["walkin"], 3, details=SQL_NULL, priceEstimate=None)
    w["pdf"] = pdf_bytes(3000)
    w["f1"] = legacy.file(content=w["pdf"], bookingId=w["b1"], ownerType="general")
    w["f2"] = legacy.file(content=b"plain notes\n", name="notes.txt", ownerId=w["b2"])
    w["f_other"] = legacy.file(content=b"cv", name="cv.txt", ownerType="employee")
    w["p1"] = legacy.payment(bookingId=w["b1"], amount=1500.0, currency="kes")
    w["p2"] = legacy.payment(
        bookingId=w["b2"], amount=20.5, currency="usd", provider="STRIPE",
        providerId="pi_legacy_1", status="REFUNDED",
    )  # fmt: skip
    w["p3"] = legacy.payment(bookingId=w["b2"], amount=99.0, status="FAILED")
    w["p_orphan"] = legacy.payment(
        clientId=w["walkin"], amount=300.0, metadata={"bookingId": "gone-1"}
    )
    return w


def test_imports_every_row_file_and_amount(legacy, world):
    out = run(legacy)

    # Clients: the two case variants are one client; the walk-in gets the placeholder.
    assert Client.objects.count() == 2
    alice = mapped("Client", world["alice"], Client)
    assert mapped("Client", world["alice_upper"], Client) == alice
    assert (alice.email, alice.name) == ("alice@example.test", "Alice Wanjiru")
    walkin = mapped("Client", world["walkin"], Client)
    assert walkin.email == f"walk-in-{world['walkin']}@walk-in.invalid"
    assert walkin.phone == "+254711000222"
    assert "merged into" in out and "has no email" in out

    # Bookings keep their references, status, amounts and dates.
    b1 = mapped("Booking", world["b1"], Booking)
    assert (b1.public_reference, b1.status, b1.client) == (
        "ANG-2026-00007",
        BookingStatus.DEPOSIT_PAID,
        alice,
    )
    assert b1.details == {"pages": 5} and b1.quoted_amount == Decimal("45000.50")
    assert b1.currency == "KES" and b1.created_at == datetime(2026, 4, 2, 10, tzinfo=UTC)
    b2 = mapped("Booking", world["b2"], Booking)
    assert b2.public_reference == "ANG-2026-00042" and b2.client == alice
    assert b2.project_type == ProjectType.OTHER
    assert b2.details == {"legacy_project_type": "DATA_ANALYSIS"}  # JSON null
    b3 = mapped("Booking", world["b3"], Booking)
    assert b3.details == {} and b3.quoted_amount is None  # SQL NULL
    assert "absent columns in Booking: currency, source" in out

    # Files: copied into private storage with their checksums, linked either way.
    f1 = mapped("File", world["f1"], BookingFile)
    f2 = mapped("File", world["f2"], BookingFile)
    assert (f1.booking, f2.booking) == (b1, b2)
    for file, content in ((f1, world["pdf"]), (f2, b"plain notes\n")):
        assert file.sha256 == hashlib.sha256(content).hexdigest()
        with storages["private"].open(file.storage_key, "rb") as stored:
            assert stored.read() == content
    assert (f1.kind, f1.content_type) == ("pdf", "application/pdf")
    assert f"skipped File {world['f_other']}: not a booking file" in out

    # Payments: provider ids, amounts in minor units, upper-cased currencies.
    p1 = mapped("Payment", world["p1"], Payment)
    assert (p1.booking, p1.provider, p1.amount_minor, p1.currency, p1.status) == (
        b1,
        "mpesa",
        150000,
        "KES",
        PaymentStatus.SUCCEEDED,
    )
    p2 = mapped("Payment", world["p2"], Payment)
    assert (p2.provider_reference, p2.amount_minor, p2.currency) == ("pi_legacy_1", 2050, "USD")
    assert p2.status == PaymentStatus.REFUNDED and p2.amount_refunded_minor == 2050
    assert mapped("Payment", world["p3"], Payment).status == PaymentStatus.FAILED
    orphan = mapped("Payment", world["p_orphan"], Payment)
    assert orphan.booking.client == walkin and orphan.booking.status == BookingStatus.COMPLETED
    assert orphan.metadata["legacy_payment_id"] == world["p_orphan"]
    assert orphan.metadata["bookingId"] == "gone-1"
    assert Payment.objects.count() == 4

    # Money check: both sides, per currency.
    assert "KES: legacy 1800.00 / imported 1800.00  ok" in out
    assert "USD: legacy 20.50 / imported 20.50  ok" in out


def test_reference_counter_continues_and_old_tokens_get_the_newer_link_answer(legacy, world):
    run(legacy)
    api = APIClient()
    old_token = legacy.execute(
        'SELECT "trackingToken" FROM "Booking" WHERE id = %s', (world["b1"],)
    ).fetchone()[0]
    tracked = api.get("/api/bookings/reference/ANG-2026-00007", {"token": old_token})
    # The frontend's 2xx {ok:false} answer, with the "newer link was emailed" wording.
    assert tracked.json()["ok"] is False and tracked.json()["code"] == "link_superseded"
    assert "newer link" in tracked.json()["error"]

    created = api.post(
        "/api/bookings",
        {"name": "New", "email": "new@example.test", "title": "CV", "description": "Polish",
         "projectType": "RESUME"},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    year = datetime.now().year
    booking = Booking.objects.get(pk=created.json()["bookingId"])
    # The placeholder booking for the orphan payment took 2026-00043.
    expected = "ANG-2026-00044" if year == 2026 else f"ANG-{year}-00001"
    assert booking.public_reference == expected


def test_second_run_updates_and_never_duplicates(legacy, world):
    run(legacy)
    counts = (Client.objects.count(), Booking.objects.count(), Payment.objects.count())
    files = BookingFile.objects.count()
    legacy.execute('UPDATE "Client" SET name = %s WHERE id = %s', ("Alice K", world["alice"]))
    legacy.execute('UPDATE "Payment" SET status = %s WHERE id = %s', ("SUCCEEDED", world["p3"]))

    out = run(legacy)

    assert (Client.objects.count(), Booking.objects.count(), Payment.objects.count()) == counts
    assert BookingFile.objects.count() == files
    assert mapped("Client", world["alice"], Client).name == "Alice K"
    assert mapped("Payment", world["p3"], Payment).status == PaymentStatus.SUCCEEDED
    assert mapped("Booking", world["b1"], Booking).public_reference == "ANG-2026-00007"
    assert "KES: legacy 1899.00 / imported 1899.00  ok" in out
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].isupper()}
    assert lines["Payment"] == ["4", "4", "0", "1", "3", "0"]
    assert lines["Booking"] == ["3", "3", "0", "0", "3", "0"]


def test_bad_rows_are_reported_the_rest_imported_and_a_rerun_resumes(legacy, world):
    bad = legacy.client(name="Broken", email="not an email")
    bad_booking = legacy.booking(bad, 50)
    missing = legacy.file(content=pdf_bytes(), bookingId=world["b3"])
    moved = legacy.execute('SELECT url FROM "File" WHERE id = %s', (missing,)).fetchone()[0]
    (legacy.files_root / moved).rename(legacy.files_root / "parked.pdf")

    out = run(legacy)

    assert f"skipped Client {bad}: invalid email 'not an email'" in out
    assert f"skipped Booking {bad_booking}: its client {bad} was not imported" in out
    assert f"skipped File {missing}: file '{moved}' not found" in out
    assert Booking.objects.count() == 4  # three legacy bookings + the orphan holder

    legacy.execute('UPDATE "Client" SET email = %s WHERE id = %s', ("fixed@example.test", bad))
    (legacy.files_root / "parked.pdf").rename(legacy.files_root / moved)
    out = run(legacy)

    assert mapped("Booking", bad_booking, Booking).client.email == "fixed@example.test"
    assert mapped("File", missing, BookingFile).booking == mapped("Booking", world["b3"], Booking)
    assert "skipped Client" not in out and "skipped Booking" not in out
    assert Booking.objects.count() == 5 and Client.objects.count() == 3


def test_file_with_a_wrong_checksum_is_refused(legacy, world):
    tampered = legacy.file(content=pdf_bytes(), bookingId=world["b1"])
    legacy.execute("""UPDATE "File" SET metadata = '{"sha256": "00"}' WHERE id = %s""", (tampered,))
    out = run(legacy)
    assert f"skipped File {tampered}: checksum on disk differs" in out
    assert not LegacyRecord.objects.filter(legacy_id=tampered).exists()


def test_dry_run_changes_nothing(legacy, world):
    out = run(legacy, "--dry-run")
    assert "DRY RUN" in out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].isupper()}
    assert rows["Booking"] == ["3", "3", "3", "0", "0", "0"]  # what would be created
    assert rows["Payment"] == ["4", "4", "4", "0", "0", "0"]
    assert not Client.objects.exists() and not Booking.objects.exists()
    assert not Payment.objects.exists() and not LegacyRecord.objects.exists()
    assert not storages["private"].exists("bookings")


def test_unmapped_paid_payment_fails_the_money_check(legacy, world):
    other = legacy.payment(bookingId=world["b1"], provider="OTHER", amount=10.0)
    with pytest.raises(CommandError, match="Paid amounts differ"):
        run(legacy)
    record = LegacyRecord.objects.filter(legacy_id=other)
    assert not record.exists() and Payment.objects.count() == 4


def test_absent_tables_are_reported_and_only_limits_tables(legacy, world):
    legacy.execute('DROP TABLE "File"')
    out = run(legacy, "--only", "Client,Booking")
    assert Booking.objects.count() == 3 and not Payment.objects.exists()
    assert "Payment" not in out.split("Paid amounts")[0]
    out = run(legacy)
    assert "absent table (not in the legacy database): File" in out
    legacy.execute('CREATE TABLE "Newsletter" ("id" TEXT PRIMARY KEY, "subject" TEXT)')
    assert "does not import: Newsletter" in run(legacy)
    with pytest.raises(CommandError, match="Unknown table"):
        run(legacy, "--only", "Nope")
