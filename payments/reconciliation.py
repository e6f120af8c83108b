"""Reconciliation: compare the providers' records with ours, repair missed successes
exactly once (through the same fulfil function as the webhooks), list mismatches.

Stripe is read from its side (recent Checkout Sessions), so a session paid without our
webhook is found even if our row had already been closed; M-Pesa and PayPal are read per
open attempt (STK Query, order read)."""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from config.alerts import raise_alert
from payments.gateways import Outcome, ProviderError, ProviderState, gateway_for
from payments.gateways import stripe as stripe_gateway
from payments.models import (
    Payment,
    PaymentProvider,
    PaymentStatus,
    ReconciliationRun,
)
from payments.money import display
from payments.services import payment_apply_state

logger = logging.getLogger(__name__)


def _uuid(value) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except (TypeError, ValueError):
        return None


def _describe(payment: Payment) -> dict:
    return {
        "payment_id": str(payment.pk),
        "provider": payment.provider,
        "reference": payment.provider_reference,
        "booking_id": str(payment.booking_id),
        "amount": display(payment.amount_minor, payment.currency),
    }


class _Run:
    def __init__(self):
        self.checked = 0
        self.repaired: list[dict] = []
        self.mismatches: list[dict] = []
        self.errors: list[dict] = []

    def compare(self, payment: Payment, state: ProviderState) -> None:
        self.checked += 1
        if state.outcome == Outcome.PAID and not payment.is_paid:
            amount_ok = state.amount_minor in (None, payment.amount_minor)
            currency_ok = not state.currency or state.currency.upper() == payment.currency
            if not (amount_ok and currency_ok):
                self.mismatches.append(
                    {
                        **_describe(payment),
                        "kind": "amount_mismatch",
                        "ours": payment.status,
                        "theirs": f"paid {state.amount_minor} {state.currency}",
                    }
                )
                if payment.failure_code == "amount_mismatch":
                    return  # already recorded and alerted
            before = payment.status
            after = payment_apply_state(payment_id=payment.pk, state=state, source="reconciliation")
            if after.is_paid:
                self.repaired.append({**_describe(after), "was": before, "now": after.status})
            return
        if payment.is_paid and state.outcome in (
            Outcome.FAILED,
            Outcome.EXPIRED,
            Outcome.CANCELLED,
        ):
            self.mismatches.append(
                {
                    **_describe(payment),
                    "kind": "paid_here_not_there",
                    "ours": payment.status,
                    "theirs": state.outcome,
                }
            )
            return
        if payment.status == PaymentStatus.PENDING and state.outcome != Outcome.PENDING:
            payment_apply_state(payment_id=payment.pk, state=state, source="reconciliation")


def _stripe(run: _Run, since) -> None:
    seen: set[str] = set()
    for session in stripe_gateway.recent_sessions(since):
        payment_id = _uuid(
            (session.get("metadata") or {}).get("payment_id") or session.get("client_reference_id")
        )
        payment = (
            Payment.objects.filter(provider=PaymentProvider.STRIPE, pk=payment_id).first()
            if payment_id
            else None
        ) or Payment.objects.filter(
            provider=PaymentProvider.STRIPE, provider_reference=session["id"]
        ).first()
        state = stripe_gateway.state_from_session(session)
        if payment is None:
            # Sessions without our metadata belong to other uses of the Stripe account.
            ours = "booking_id" in (session.get("metadata") or {})
            if ours and state.outcome == Outcome.PAID:
                run.mismatches.append(
                    {
                        "kind": "unknown_at_our_side",
                        "provider": "stripe",
                        "reference": session["id"],
                        "theirs": f"paid {session.get('amount_total')} {session.get('currency')}",
                    }
                )
            continue
        seen.add(str(payment.pk))
        run.compare(payment, state)
    missing = Payment.objects.filter(
        provider=PaymentProvider.STRIPE,
        created_at__gte=since,
        status__in=[PaymentStatus.SUCCEEDED],
    ).exclude(pk__in=seen)
    for payment in missing:
        run.mismatches.append(
            {**_describe(payment), "kind": "missing_at_provider", "ours": payment.status}
        )


def _per_attempt(run: _Run, provider: str, since) -> None:
    open_attempts = Payment.objects.filter(
        provider=provider, status=PaymentStatus.PENDING, created_at__gte=since
    ).exclude(provider_reference="")
    for payment in open_attempts:
        try:
            state = gateway_for(provider).fetch_state(payment)
        except ProviderError as exc:
            run.errors.append({**_describe(payment), "error": exc.message})
            continue
        run.compare(payment, state)


def reconcile_payments(*, days: int | None = None) -> ReconciliationRun:
    since = timezone.now() - timedelta(days=days or settings.PAYMENTS_RECONCILE_DAYS)
    run = _Run()
    record = ReconciliationRun.objects.create()
    checks = []
    if settings.STRIPE_SECRET_KEY:
        checks.append(("stripe", lambda: _stripe(run, since)))
    if settings.MPESA_CONSUMER_KEY:
        checks.append(("mpesa", lambda: _per_attempt(run, PaymentProvider.MPESA, since)))
    if settings.PAYPAL_CLIENT_ID:
        checks.append(("paypal", lambda: _per_attempt(run, PaymentProvider.PAYPAL, since)))
    for provider, check in checks:
        try:
            check()
        except ProviderError as exc:
            logger.warning("reconciliation could not read %s: %s", provider, exc.message)
            run.errors.append({"provider": provider, "error": exc.message})
    record.checked = run.checked
    record.repaired = run.repaired
    record.mismatches = run.mismatches
    record.errors = run.errors
    record.finished_at = timezone.now()
    record.save()
    if run.mismatches or run.repaired:
        raise_alert(
            "payments.reconciliation_mismatch",
            f"Reconciliation found {len(run.mismatches)} mismatches and repaired "
            f"{len(run.repaired)} missed payments.",
            {"run_id": record.pk, "mismatches": len(run.mismatches), "repaired": len(run.repaired)},
        )
    return record
