"""Reconciliation: compare the providers' records with ours, repair missed successes and
refunds exactly once (through the same fulfil function as the webhooks), list mismatches.

Stripe is read from its side (recent Checkout Sessions and refunds), so a session paid or
refunded without our webhook is found even if our row had already been closed; M-Pesa and
PayPal are read per attempt (STK Query for open ones; PayPal orders of recent payments and
of payments with a refund still pending). Daraja has no API to read a reversal or B2C
payment back, so M-Pesa refunds left unconfirmed are listed for staff."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from core.alerts import raise_alert
from payments.gateways import Outcome, ProviderError, ProviderState, gateway_for
from payments.gateways import paypal as paypal_gateway
from payments.gateways import stripe as stripe_gateway
from payments.models import (
    PAID_STATUSES,
    Payment,
    PaymentProvider,
    PaymentStatus,
    ReconciliationRun,
    Refund,
    RefundStatus,
)
from payments.money import display
from payments.selectors import stripe_payment_for_charge, stripe_payment_for_session
from payments.services import payment_apply_state

logger = logging.getLogger(__name__)


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

    def compare_refunds(self, payment: Payment, state: ProviderState) -> None:
        """Refunds the provider finished (or failed) that we have not heard about."""
        self.checked += 1
        known = dict(payment.refunds.values_list("provider_refund_id", "status"))
        missed = [
            rid for rid, _, ok in state.refunds if ok and known.get(rid) != RefundStatus.SUCCEEDED
        ]
        failed = [rid for rid in state.failed_refunds if known.get(rid) == RefundStatus.PENDING]
        behind = (state.amount_refunded_minor or 0) > payment.amount_refunded_minor
        if not (missed or failed or behind):
            return
        before = payment.status
        after = payment_apply_state(payment_id=payment.pk, state=state, source="reconciliation")
        self.repaired.append(
            {
                **_describe(after),
                "kind": "refund",
                "refunds": missed + failed,
                "was": before,
                "now": after.status,
            }
        )


def _stripe(run: _Run, since) -> None:
    seen: set[str] = set()
    for session in stripe_gateway.recent_sessions(since):
        payment = stripe_payment_for_session(session)
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


# Stripe refund status -> ours; a refund already in that state needs no charge read.
STRIPE_REFUND_STATUS = {
    "succeeded": RefundStatus.SUCCEEDED,
    "failed": RefundStatus.FAILED,
    "canceled": RefundStatus.FAILED,
}


def _stripe_refunds(run: _Run, since) -> None:
    charges_read: set[str] = set()
    for refund_obj in stripe_gateway.recent_refunds(since):
        theirs = STRIPE_REFUND_STATUS.get(refund_obj.get("status"))
        charge_id = stripe_gateway.object_id(refund_obj.get("charge"))
        if theirs is None or not charge_id or charge_id in charges_read:
            continue  # still pending at Stripe, or this charge was already compared
        ours = Refund.objects.filter(provider_refund_id=refund_obj["id"]).first()
        if ours is not None and ours.status == theirs:
            continue
        payment = stripe_payment_for_charge(refund_obj)
        if payment is None:
            continue  # not one of ours
        charges_read.add(charge_id)
        run.compare_refunds(
            payment, stripe_gateway.state_from_charge(stripe_gateway.charge(charge_id))
        )


def _paypal_refunds(run: _Run, since) -> None:
    payments = (
        Payment.objects.filter(provider=PaymentProvider.PAYPAL, status__in=PAID_STATUSES)
        .filter(Q(created_at__gte=since) | Q(refunds__status=RefundStatus.PENDING))
        .exclude(provider_reference="")
        .distinct()
    )
    for payment in payments:
        try:
            state = paypal_gateway.fetch_state(payment)
        except ProviderError as exc:
            run.errors.append({**_describe(payment), "error": exc.message})
            continue
        run.compare_refunds(payment, state)


def _mpesa_refunds(run: _Run) -> None:
    cutoff = timezone.now() - timedelta(minutes=settings.MPESA_REFUND_CONFIRM_MINUTES)
    unconfirmed = Refund.objects.filter(
        payment__provider=PaymentProvider.MPESA,
        status=RefundStatus.PENDING,
        created_at__lte=cutoff,
    ).select_related("payment")
    for refund in unconfirmed:
        run.mismatches.append(
            {
                **_describe(refund.payment),
                "kind": "refund_unconfirmed",
                "ours": f"refund {refund.provider_refund_id} pending",
                "theirs": "no result from Daraja yet: check the M-Pesa portal",
            }
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
        checks.append(("stripe", lambda: _stripe_refunds(run, since)))
    if settings.MPESA_CONSUMER_KEY:
        checks.append(("mpesa", lambda: _per_attempt(run, PaymentProvider.MPESA, since)))
        checks.append(("mpesa", lambda: _mpesa_refunds(run)))
    if settings.PAYPAL_CLIENT_ID:
        checks.append(("paypal", lambda: _per_attempt(run, PaymentProvider.PAYPAL, since)))
        checks.append(("paypal", lambda: _paypal_refunds(run, since)))
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
            f"{len(run.repaired)} missed payments or refunds.",
            {"run_id": record.pk, "mismatches": len(run.mismatches), "repaired": len(run.repaired)},
        )
    return record
