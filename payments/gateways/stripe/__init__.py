"""Stripe Checkout: the gateway interface services use through `gateway_for("stripe")`.

client.py wraps the official library, webhooks.py verifies and handles events,
lookups.py finds our payment from a Stripe object, reconciliation.py reads Stripe's side.
"""

from payments.gateways.stripe.client import (
    create_checkout,
    fetch_state,
    is_configured,
    refund,
    supports,
)


def charge_minor(due_minor: int, currency: str) -> int:
    return due_minor


def attempt_phone(booking, phone: str | None) -> str:
    """Card payments need no phone."""
    return ""


def stale_after_seconds() -> int | None:
    return None  # Checkout sessions carry their own expiry


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
