"""PayPal Orders v2: the gateway interface services use through `gateway_for("paypal")`.

client.py is the REST client, webhooks.py verifies and handles events, reconciliation.py
reads orders back.
"""

from payments.gateways.paypal.client import (
    create_checkout,
    fetch_state,
    is_configured,
    refund,
    supports,
)

# An open order older than this is read back before it is handed out again.
STALE_AFTER_SECONDS = 3 * 3600


def charge_minor(due_minor: int, currency: str) -> int:
    return due_minor


def attempt_phone(booking, phone: str | None) -> str:
    """PayPal needs no phone."""
    return ""


def stale_after_seconds() -> int | None:
    return STALE_AFTER_SECONDS


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
