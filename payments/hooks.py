"""What payments asks of the apps built on it.

invoicing depends on payments, so payments never imports it: invoicing registers its
functions here in its AppConfig.ready(), and payments calls them (as bookings.hooks)."""

from __future__ import annotations

from collections.abc import Callable

HOOK_NAMES = frozenset({"receipt_issue", "credit_note_issue"})
_hooks: dict[str, Callable] = {}


def register(**functions: Callable) -> None:
    if unknown := set(functions) - HOOK_NAMES:
        raise ValueError(f"payments.hooks has no hook named {', '.join(sorted(unknown))}")
    _hooks.update(functions)


def _hook(name: str) -> Callable:
    try:
        return _hooks[name]
    except KeyError:
        raise RuntimeError(f"No installed app registered payments.hooks {name}") from None


def receipt_issue(payment) -> None:
    """Issue the receipt for a succeeded payment, in the caller's transaction (invoicing)."""
    _hook("receipt_issue")(payment=payment)


def credit_note_issue(refund, payment) -> None:
    """Issue the credit note for a confirmed refund, in the caller's transaction
    (invoicing)."""
    _hook("credit_note_issue")(refund=refund, payment=payment)
