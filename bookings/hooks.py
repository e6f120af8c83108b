"""What bookings asks of the apps built on it.

payments, invoicing and portal depend on bookings, so bookings never imports them: each
registers its functions here in its AppConfig.ready(), and bookings calls them."""

from __future__ import annotations

from collections.abc import Callable

HOOK_NAMES = frozenset(
    {"settled_payments", "pay_url", "invoice_issue", "client_documents", "client_project_open"}
)
_hooks: dict[str, Callable] = {}


def register(**functions: Callable) -> None:
    if unknown := set(functions) - HOOK_NAMES:
        raise ValueError(f"bookings.hooks has no hook named {', '.join(sorted(unknown))}")
    _hooks.update(functions)


def _hook(name: str) -> Callable:
    try:
        return _hooks[name]
    except KeyError:
        raise RuntimeError(f"No installed app registered bookings.hooks {name}") from None


def settled_payments(booking_id: int) -> list[dict]:
    """The booking's received payments for the tracking page: [{id, amount, currency,
    provider, label}], newest first (payments)."""
    return _hook("settled_payments")(booking_id)


def pay_url(booking, token: str) -> str:
    """The deposit payment page, for an email to the client (payments)."""
    return _hook("pay_url")(booking, token)


def invoice_issue(booking) -> None:
    """Issue the invoice for the accepted quotation, in the caller's transaction
    (invoicing)."""
    _hook("invoice_issue")(booking=booking)


def client_documents(booking_id: int) -> list[dict]:
    """The booking's issued tax documents for the client: [{id, type, title, number,
    issuedAt, amount, currency, filename, url}] with short-lived signed URLs (invoicing)."""
    return _hook("client_documents")(booking_id)


def client_project_open(booking_id: int) -> None:
    """Queue opening the client's portal tracker for a paid booking (portal)."""
    _hook("client_project_open")(booking_id)
