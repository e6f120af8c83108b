"""Legacy `Payment` rows -> payments.Payment, provider ids kept for refunds and
reconciliation. Amounts were floats in major units; ours are integer minor units."""

import re
from decimal import Decimal

from bookings.models import Booking, BookingStatus, Client
from core.money import exponent
from legacy.runner import SkipRow, TableImporter, aware
from payments.models import PAID_STATUSES, Payment, PaymentStatus
from payments.money import to_minor

PROVIDERS = {"STRIPE": "stripe", "PAYPAL": "paypal", "MPESA": "mpesa"}
STATUSES = {
    "PENDING": PaymentStatus.PENDING,
    "SUCCEEDED": PaymentStatus.SUCCEEDED,
    "FAILED": PaymentStatus.FAILED,
    "REFUNDED": PaymentStatus.REFUNDED,
}
LEGACY_PAID = {"SUCCEEDED", "REFUNDED"}
HOLDER_TABLE = "Payment:no-booking"


def legacy_major(amount, currency: str) -> Decimal:
    return Decimal(str(amount)).quantize(Decimal(1).scaleb(-exponent(currency)))


def normalise_currency(value) -> str:
    currency = (value or "KES").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise SkipRow(f"invalid currency {value!r}")
    return currency


class PaymentImporter(TableImporter):
    table = "Payment"
    columns = [
        "id", "bookingId", "clientId", "amount", "currency", "provider", "providerId",
        "status", "metadata", "createdAt",
    ]  # fmt: skip
    model = Payment

    def _holder(self, row) -> Booking:
        """Our payments need a booking; one that outlived its booking is kept on a
        per-client placeholder booking, with the old ids in its metadata."""
        client = self.ctx.target("Client", row["clientId"], Client)
        if client is None:
            raise SkipRow(
                f"no booking ({row['bookingId'] or 'none'}) and no imported client "
                f"({row['clientId'] or 'none'})"
            )
        holder = self.ctx.target(HOLDER_TABLE, row["clientId"], Booking)
        if holder is None:
            from bookings.references import allocate_reference
            from bookings.tokens import new_tracking_token

            holder = Booking.objects.create(
                public_reference=allocate_reference(aware(row["createdAt"]).year),
                status=BookingStatus.COMPLETED,
                client=client,
                title="Payments carried over from the old site",
                description="Holds legacy payments whose booking no longer exists.",
                project_type="OTHER",
                details={"legacy_placeholder": True},
                tracking_token_hash=new_tracking_token()[1],
            )
            self.ctx.remember(HOLDER_TABLE, row["clientId"], holder, "")
        self.ctx.report.note(
            f"Payment {row['id']}: booking {row['bookingId'] or 'none'} missing; "
            f"kept on {holder.public_reference}"
        )
        return holder

    def apply(self, row, existing):
        provider = PROVIDERS.get(row["provider"])
        if provider is None:
            raise SkipRow(f"provider {row['provider']!r} has no counterpart here")
        status = STATUSES.get(row["status"])
        if status is None:
            raise SkipRow(f"unknown status {row['status']!r}")
        currency = normalise_currency(row["currency"])
        if row["amount"] is None or row["amount"] <= 0:
            raise SkipRow(f"amount {row['amount']!r} is not positive")
        amount_minor = to_minor(legacy_major(row["amount"], currency), currency)
        booking = self.ctx.target("Booking", row["bookingId"], Booking) or self._holder(row)
        metadata = row["metadata"] if isinstance(row["metadata"], dict) else {}
        payment = existing or Payment(idempotency_key=f"legacy:{row['id']}")
        payment.booking = booking
        payment.provider = provider
        payment.status = status
        payment.amount_minor = amount_minor
        payment.currency = currency
        payment.amount_refunded_minor = amount_minor if status == PaymentStatus.REFUNDED else 0
        payment.provider_reference = row["providerId"] or ""
        payment.metadata = {
            **metadata,
            "legacy_payment_id": str(row["id"]),
            "legacy_booking_id": row["bookingId"],
        }
        if status in PAID_STATUSES:
            payment.received_amount_minor = amount_minor
            payment.succeeded_at = aware(row["createdAt"])
        payment.save()
        if row["createdAt"]:
            Payment.objects.filter(pk=payment.pk).update(created_at=aware(row["createdAt"]))
        return payment


def paid_sums(ctx) -> None:
    """Both sides of the money check: the legacy table and our rows it became."""
    from legacy.models import LegacyRecord

    legacy: dict[str, Decimal] = {}
    if ctx.source.has_table("Payment"):
        for row in ctx.source.rows("Payment", ["id", "amount", "currency", "status"]):
            if row["status"] in LEGACY_PAID and row["amount"] is not None:
                currency = (row["currency"] or "KES").strip().upper()
                legacy[currency] = legacy.get(currency, Decimal(0)) + legacy_major(
                    row["amount"], currency
                )
    ids = LegacyRecord.objects.filter(source_table="Payment").values_list("object_id", flat=True)
    imported: dict[str, Decimal] = {}
    for payment in Payment.objects.filter(pk__in=list(ids), status__in=PAID_STATUSES):
        imported[payment.currency] = imported.get(payment.currency, Decimal(0)) + Decimal(
            payment.amount
        )
    ctx.report.paid_legacy, ctx.report.paid_imported = legacy, imported
