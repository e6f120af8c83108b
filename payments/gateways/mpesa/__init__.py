"""M-Pesa Daraja: the gateway interface services use through `gateway_for("mpesa")`.

client.py does STK push and query, refunds.py reversals and B2C, webhooks.py the
callbacks, reconciliation.py the pending-query task and unconfirmed refunds.
"""

from django.conf import settings
from django.core.exceptions import ValidationError

from payments.exceptions import PaymentConflict
from payments.gateways.mpesa.client import (
    create_checkout,
    fetch_state,
    is_configured,
    normalise_phone,
    supports,
)
from payments.gateways.mpesa.refunds import refund
from payments.money import ceil_to_whole_units


def charge_minor(due_minor: int, currency: str) -> int:
    return ceil_to_whole_units(due_minor, currency)  # M-Pesa takes whole shillings


def attempt_phone(booking, phone: str | None) -> str:
    """The phone the STK push goes to (the client's own unless another is given)."""
    if booking.currency.upper() != "KES":
        raise PaymentConflict("M-Pesa can only pay deposits in KES.")
    try:
        return normalise_phone(phone or booking.client.phone)
    except ValueError as exc:
        raise ValidationError({"phone": [str(exc)]}) from exc


def stale_after_seconds() -> int | None:
    return settings.MPESA_QUERY_AFTER_SECONDS


__all__ = [
    "attempt_phone",
    "charge_minor",
    "create_checkout",
    "fetch_state",
    "is_configured",
    "refund",
    "stale_after_seconds",
    "supports",
]
