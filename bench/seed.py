"""What several benches set up: their PostgreSQL database, and the rows the payment
benches need (bookings waiting for their deposit, each with an open Stripe attempt; call
make_payments after django.setup())."""

import secrets
from decimal import Decimal


def ensure_database(url: str):
    """Create the bench's PostgreSQL database if it is missing (an SQLite URL needs
    nothing)."""
    if not url.startswith("postgres"):
        return
    name = url.rsplit("/", 1)[1]
    base = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname=%s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


def make_payments(count: int, *, label: str) -> list:
    from bookings.models import Booking, BookingStatus, Client
    from payments.models import Payment

    run = secrets.token_hex(3).upper()
    payments = []
    for n in range(count):
        client = Client.objects.create(
            email=f"{label}-{run}-{n}@example.test", name=f"{label.title()} {n}"
        )
        booking = Booking.objects.create(
            public_reference=f"{label.upper()}-{run}-{n:04d}",
            status=BookingStatus.TERMS_ACCEPTED,
            client=client,
            title=f"{label.title()} booking",
            description="-",
            project_type="SOFTWARE",
            deposit_amount=Decimal("1500.00"),
            currency="KES",
            tracking_token_hash="0" * 64,
        )
        payments.append(
            Payment.objects.create(
                booking=booking,
                provider="stripe",
                amount_minor=150000,
                currency="KES",
                idempotency_key=f"{label}-{run}-{n}",
                provider_reference=f"cs_{label}_{run}_{n}",
            )
        )
    return payments
