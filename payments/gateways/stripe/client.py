"""Stripe Checkout through the official library. STRIPE_API_BASE points it elsewhere (the
tests' local fake server); nothing else here knows about tests."""

from datetime import UTC, datetime, timedelta

import stripe
from django.conf import settings
from django.utils import timezone

from payments.exceptions import ProviderError
from payments.gateways.base import (
    CheckoutResult,
    Outcome,
    ProviderState,
    RefundResult,
    return_urls,
)


def client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise ProviderError("Card payments are not configured.", code="not_configured")
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
        http_client=stripe.RequestsClient(timeout=settings.PAYMENTS_HTTP_TIMEOUT),
    )


def _error(exc: stripe.StripeError) -> ProviderError:
    if isinstance(exc, stripe.APIConnectionError):
        return ProviderError("The card payment service could not be reached. Please try again.")
    if isinstance(exc, stripe.CardError | stripe.InvalidRequestError):
        message = exc.user_message or "The card payment could not be started."
        return ProviderError(message, code="provider_rejected", status=exc.http_status)
    return ProviderError(
        "The card payment service is having problems. Please try again shortly.",
        status=exc.http_status,
    )


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def supports(currency: str) -> bool:
    return True  # Checkout takes every currency we price in


def create_checkout(payment, booking, *, phone=None, return_url: str) -> CheckoutResult:
    expires_at = timezone.now() + timedelta(minutes=settings.STRIPE_CHECKOUT_EXPIRY_MINUTES)
    metadata = {
        "payment_id": str(payment.id),
        "booking_id": str(booking.pk),
        "booking_reference": booking.public_reference,
    }
    success_url, cancel_url = return_urls(return_url, payment)
    # Stripe substitutes the literal {CHECKOUT_SESSION_ID}; it must stay unencoded.
    success_url += "&session_id={CHECKOUT_SESSION_ID}"
    description = f"Deposit for booking {booking.public_reference}"
    params = {
        "mode": "payment",
        "client_reference_id": str(payment.id),
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": payment.currency.lower(),
                    "unit_amount": payment.amount_minor,
                    "product_data": {"name": description},
                },
            }
        ],
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata, "description": description},
        "success_url": success_url,
        "cancel_url": cancel_url,
        "expires_at": int(expires_at.timestamp()),
    }
    email = getattr(getattr(booking, "client", None), "email", "")
    if email:
        params["customer_email"] = email
    try:
        session = client().v1.checkout.sessions.create(
            params=params, options={"idempotency_key": payment.idempotency_key}
        )
    except stripe.StripeError as exc:
        raise _error(exc) from exc
    data = session.to_dict()
    return CheckoutResult(
        reference=data["id"],
        checkout_url=data.get("url") or "",
        expires_at=datetime.fromtimestamp(data["expires_at"], tz=UTC)
        if data.get("expires_at")
        else expires_at,
        raw={"session_id": data["id"]},
    )


def object_id(value) -> str:
    """An expandable field: an id string or an expanded object."""
    if value is None:
        return ""
    return value if isinstance(value, str) else value.get("id", "")


def state_from_session(session: dict) -> ProviderState:
    status = session.get("status")
    payment_status = session.get("payment_status")
    common = {
        "amount_minor": session.get("amount_total"),
        "currency": (session.get("currency") or "").upper() or None,
        "provider_payment_id": object_id(session.get("payment_intent")),
        "raw": {
            "session_id": session.get("id"),
            "status": status,
            "payment_status": payment_status,
        },
    }
    if status == "complete" and payment_status in ("paid", "no_payment_required"):
        return ProviderState(
            outcome=Outcome.PAID, receipt=object_id(session.get("payment_intent")), **common
        )
    if status == "expired":
        return ProviderState(
            outcome=Outcome.EXPIRED,
            failure_code="expired",
            message="The checkout session expired before it was paid.",
            **common,
        )
    return ProviderState(outcome=Outcome.PENDING, **common)


def state_from_charge(charge: dict) -> ProviderState:
    """A charge that exists and was paid proves the money arrived, whatever order the
    events come in; amount_refunded is Stripe's running total."""
    listed = (charge.get("refunds") or {}).get("data") or []
    refunds = tuple((r["id"], int(r["amount"]), r.get("status") == "succeeded") for r in listed)
    failed = tuple(r["id"] for r in listed if r.get("status") in ("failed", "canceled"))
    paid = charge.get("paid") and charge.get("status") == "succeeded"
    return ProviderState(
        outcome=Outcome.PAID if paid else Outcome.PENDING,
        amount_minor=charge.get("amount_captured") or charge.get("amount"),
        currency=(charge.get("currency") or "").upper() or None,
        provider_payment_id=object_id(charge.get("payment_intent")),
        receipt=object_id(charge.get("payment_intent")),
        amount_refunded_minor=int(charge.get("amount_refunded") or 0),
        refunds=refunds,
        failed_refunds=failed,
        raw={"charge_id": charge.get("id")},
    )


def fetch_state(payment) -> ProviderState:
    if not payment.provider_reference:
        return ProviderState(outcome=Outcome.PENDING)
    try:
        session = client().v1.checkout.sessions.retrieve(payment.provider_reference)
    except stripe.StripeError as exc:
        raise _error(exc) from exc
    return state_from_session(session.to_dict())


def payment_id_for_intent(payment_intent_id: str) -> str:
    """Our payment id from a PaymentIntent's metadata (for events that only carry the
    intent, e.g. a refund that arrives before the checkout completion)."""
    try:
        intent = client().v1.payment_intents.retrieve(payment_intent_id)
    except stripe.StripeError as exc:
        raise _error(exc) from exc
    return (intent.to_dict().get("metadata") or {}).get("payment_id", "")


def recent_sessions(since: datetime):
    """Checkout sessions created since `since`, newest first (reconciliation)."""
    try:
        page = client().v1.checkout.sessions.list(
            params={"created": {"gte": int(since.timestamp())}, "limit": 100}
        )
        for session in page.auto_paging_iter():
            yield session.to_dict()
    except stripe.StripeError as exc:
        raise _error(exc) from exc


def recent_refunds(since: datetime):
    """Refunds created since `since`, whoever made them (reconciliation)."""
    try:
        page = client().v1.refunds.list(
            params={"created": {"gte": int(since.timestamp())}, "limit": 100}
        )
        for refund_obj in page.auto_paging_iter():
            yield refund_obj.to_dict()
    except stripe.StripeError as exc:
        raise _error(exc) from exc


def charge(charge_id: str) -> dict:
    """A charge with its refunds list (Stripe's running refunded total lives here)."""
    try:
        return client().v1.charges.retrieve(charge_id, params={"expand": ["refunds"]}).to_dict()
    except stripe.StripeError as exc:
        raise _error(exc) from exc


def refund(payment, amount_minor: int, idempotency_key: str) -> RefundResult:
    if not payment.provider_payment_id:
        raise ProviderError("This payment has no Stripe payment intent to refund.", code="state")
    try:
        result = client().v1.refunds.create(
            params={
                "payment_intent": payment.provider_payment_id,
                "amount": amount_minor,
                "metadata": {"payment_id": str(payment.id)},
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise _error(exc) from exc
    return RefundResult(refund_id=result.id, succeeded=result.status == "succeeded")
