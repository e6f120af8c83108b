"""What bookings shows of payments, supplied by the payments app.

payments depends on bookings, so bookings never imports payments' selectors or views:
payments registers these functions in its AppConfig.ready(), and bookings calls them."""

from __future__ import annotations

from collections.abc import Callable

_hooks: dict[str, Callable] = {}


def register(*, settled_payments: Callable[[int], list[dict]], pay_url: Callable) -> None:
    _hooks.update(settled_payments=settled_payments, pay_url=pay_url)


def _hook(name: str) -> Callable:
    try:
        return _hooks[name]
    except KeyError:
        raise RuntimeError(f"No payments app registered bookings.payment_hooks.{name}") from None


def settled_payments(booking_id: int) -> list[dict]:
    """The booking's received payments for the tracking page: [{id, amount, currency,
    provider, label}], newest first."""
    return _hook("settled_payments")(booking_id)


def pay_url(booking, token: str) -> str:
    """The deposit payment page for an email to the client."""
    return _hook("pay_url")(booking, token)
