"""PayPal Orders v2 with `requests`: create (approve link), capture, read, refund, and the
verify-webhook-signature API. PayPal-Request-Id makes create, capture and refund
idempotent on PayPal's side."""

import json
from dataclasses import replace

import requests
from django.conf import settings
from django.core.cache import cache

from payments.exceptions import ProviderError
from payments.gateways.base import (
    CheckoutResult,
    Outcome,
    ProviderState,
    RefundResult,
    return_urls,
)
from payments.gateways.oauth import cached_access_token
from payments.money import format_major, to_minor

TOKEN_CACHE_KEY = "payments:paypal:token"  # noqa: S105 (a cache key)
# Currencies PayPal accepts (KES and UGX are not among them).
CURRENCIES = frozenset(
    {
        "AUD", "BRL", "CAD", "CNY", "CZK", "DKK", "EUR", "HKD", "HUF", "ILS", "JPY", "MYR",
        "MXN", "TWD", "NZD", "NOK", "PHP", "PLN", "GBP", "SGD", "SEK", "CHF", "THB", "USD",
    }
)  # fmt: skip


def _url(path: str) -> str:
    return settings.PAYPAL_BASE_URL.rstrip("/") + path


def ensure_configured():
    if not (settings.PAYPAL_CLIENT_ID and settings.PAYPAL_CLIENT_SECRET):
        raise ProviderError("PayPal payments are not configured.", code="not_configured")


def access_token() -> str:
    return cached_access_token(
        provider="PayPal",
        cache_key=TOKEN_CACHE_KEY,
        ensure_configured=ensure_configured,
        method="POST",
        url=_url("/v1/oauth2/token"),
        auth=(settings.PAYPAL_CLIENT_ID, settings.PAYPAL_CLIENT_SECRET),
        data={"grant_type": "client_credentials"},
    )


def _request(method: str, path: str, *, payload=None, data: str | None = None, request_id=None):
    ensure_configured()
    headers = {"Authorization": f"Bearer {access_token()}", "Content-Type": "application/json"}
    if request_id:
        headers["PayPal-Request-Id"] = request_id
    try:
        response = requests.request(
            method,
            _url(path),
            json=payload,
            data=data,
            headers=headers,
            timeout=settings.PAYMENTS_HTTP_TIMEOUT,
        )
    except requests.RequestException as exc:
        raise ProviderError("PayPal could not be reached. Please try again.") from exc
    if response.status_code == 401:
        cache.delete(TOKEN_CACHE_KEY)
    if response.status_code >= 500:
        raise ProviderError(
            "PayPal is not available right now. Please try again shortly.",
            status=response.status_code,
        )
    body = response.json() if response.content else {}
    if response.status_code >= 400:
        detail = body.get("message") or body.get("name") or "the request was refused"
        raise ProviderError(
            f"PayPal refused the request: {detail}.",
            code=str(body.get("name") or "provider_rejected"),
            status=response.status_code,
        )
    return body


def is_configured() -> bool:
    return bool(settings.PAYPAL_CLIENT_ID and settings.PAYPAL_CLIENT_SECRET)


def supports(currency: str) -> bool:
    return currency.upper() in CURRENCIES


def create_checkout(payment, booking, *, phone=None, return_url: str) -> CheckoutResult:
    if not supports(payment.currency):
        raise ProviderError(
            f"PayPal does not take payments in {payment.currency}.", code="currency"
        )
    success_url, cancel_url = return_urls(return_url, payment)
    payload = {
        "intent": "CAPTURE",
        "purchase_units": [
            {
                "reference_id": str(payment.id),
                "custom_id": str(payment.id),
                "invoice_id": str(payment.id),
                "description": f"Deposit for booking {booking.public_reference}"[:127],
                "amount": {
                    "currency_code": payment.currency,
                    "value": format_major(payment.amount_minor, payment.currency),
                },
            }
        ],
        "payment_source": {
            "paypal": {
                "experience_context": {
                    "user_action": "PAY_NOW",
                    "shipping_preference": "NO_SHIPPING",
                    "return_url": success_url,
                    "cancel_url": cancel_url,
                }
            }
        },
    }
    order = _request(
        "POST", "/v2/checkout/orders", payload=payload, request_id=payment.idempotency_key
    )
    approve = next(
        (
            link["href"]
            for link in order.get("links", [])
            if link.get("rel") in ("payer-action", "approve")
        ),
        "",
    )
    return CheckoutResult(
        reference=order["id"], checkout_url=approve, raw={"status": order.get("status")}
    )


def _capture_of(order: dict) -> dict:
    for unit in order.get("purchase_units") or []:
        captures = (unit.get("payments") or {}).get("captures") or []
        if captures:
            return captures[0]
    return {}


def state_from_capture(capture: dict) -> ProviderState:
    amount = capture.get("amount") or {}
    currency = amount.get("currency_code")
    status = capture.get("status")
    refunded = None
    breakdown = capture.get("seller_receivable_breakdown") or {}
    if status in ("REFUNDED", "PARTIALLY_REFUNDED"):
        total = (breakdown.get("total_refunded_amount") or {}).get("value")
        if total is not None and currency:
            refunded = to_minor(total, currency)
    if status in ("COMPLETED", "REFUNDED", "PARTIALLY_REFUNDED"):
        outcome = Outcome.PAID
    elif status in ("DECLINED", "FAILED"):
        outcome = Outcome.FAILED
    else:
        outcome = Outcome.PENDING
    return ProviderState(
        outcome=outcome,
        amount_minor=to_minor(amount["value"], currency) if amount.get("value") else None,
        currency=currency,
        provider_payment_id=capture.get("id", ""),
        receipt=capture.get("id", ""),
        failure_code="" if outcome != Outcome.FAILED else "paypal_declined",
        message="PayPal declined the payment." if outcome == Outcome.FAILED else "",
        amount_refunded_minor=refunded,
        raw={"capture_status": status},
    )


def _refunds_of(order: dict) -> tuple[tuple, tuple]:
    """(refunds, failed refund ids) listed on an order, as ProviderState wants them."""
    listed = [
        refund
        for unit in order.get("purchase_units") or []
        for refund in (unit.get("payments") or {}).get("refunds") or []
    ]
    refunds = tuple(
        (
            r["id"],
            to_minor(r["amount"]["value"], r["amount"]["currency_code"]),
            r.get("status") == "COMPLETED",
        )
        for r in listed
        if (r.get("amount") or {}).get("value")
    )
    failed = tuple(r["id"] for r in listed if r.get("status") in ("FAILED", "CANCELLED"))
    return refunds, failed


def state_from_order(order: dict) -> ProviderState:
    capture = _capture_of(order)
    if capture:
        refunds, failed = _refunds_of(order)
        return replace(state_from_capture(capture), refunds=refunds, failed_refunds=failed)
    if order.get("status") == "VOIDED":
        return ProviderState(outcome=Outcome.CANCELLED, message="The PayPal order was voided.")
    return ProviderState(outcome=Outcome.PENDING, raw={"order_status": order.get("status")})


def capture(payment) -> ProviderState:
    order = _request(
        "POST",
        f"/v2/checkout/orders/{payment.provider_reference}/capture",
        payload={},
        request_id=f"capture-{payment.idempotency_key}",
    )
    return state_from_order(order)


def fetch_state(payment) -> ProviderState:
    """Read the order; an approved but uncaptured order is captured now (idempotently)."""
    if not payment.provider_reference:
        return ProviderState(outcome=Outcome.PENDING)
    try:
        order = _request("GET", f"/v2/checkout/orders/{payment.provider_reference}")
    except ProviderError as exc:
        if exc.status == 404:  # PayPal forgets orders that were never approved
            return ProviderState(
                outcome=Outcome.EXPIRED,
                failure_code="paypal_order_expired",
                message="The PayPal order expired before it was approved. Please start again.",
            )
        raise
    if order.get("status") == "APPROVED" and not _capture_of(order):
        return capture(payment)
    return state_from_order(order)


def refund(payment, amount_minor: int, idempotency_key: str) -> RefundResult:
    if not payment.provider_payment_id:
        raise ProviderError("This PayPal payment has no capture to refund.", code="state")
    body = _request(
        "POST",
        f"/v2/payments/captures/{payment.provider_payment_id}/refund",
        payload={
            "amount": {
                "currency_code": payment.currency,
                "value": format_major(amount_minor, payment.currency),
            },
            "invoice_id": str(payment.id),
        },
        request_id=idempotency_key,
    )
    return RefundResult(refund_id=body["id"], succeeded=body.get("status") == "COMPLETED")


def verify_webhook(headers: dict, raw_body: str) -> bool:
    """PayPal's verify-webhook-signature API. The event goes in verbatim (not re-encoded),
    because PayPal checks a CRC of the exact bytes it sent."""
    if not settings.PAYPAL_WEBHOOK_ID:
        return False
    lower = {k.lower(): v for k, v in headers.items()}
    fields = {
        "auth_algo": lower.get("paypal-auth-algo", ""),
        "cert_url": lower.get("paypal-cert-url", ""),
        "transmission_id": lower.get("paypal-transmission-id", ""),
        "transmission_sig": lower.get("paypal-transmission-sig", ""),
        "transmission_time": lower.get("paypal-transmission-time", ""),
        "webhook_id": settings.PAYPAL_WEBHOOK_ID,
    }
    if not all(fields.values()):
        return False
    json.loads(raw_body)  # must be JSON before it is spliced in
    data = json.dumps(fields)[:-1] + ', "webhook_event": ' + raw_body + "}"
    body = _request("POST", "/v1/notifications/verify-webhook-signature", data=data)
    return body.get("verification_status") == "SUCCESS"
