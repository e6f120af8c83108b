"""Reconciliation: compare the providers' records with ours, repair missed successes and
refunds exactly once (through the same fulfil function as the webhooks), list mismatches.

What to read at each provider lives in payments/gateways/<provider>/reconciliation.py
(`checks(run, since)`); this module runs them and records the result. A provider that
cannot be read is listed as an error and the others still run."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from core.alerts import raise_alert
from payments.exceptions import ProviderError
from payments.fulfil import payment_apply_state
from payments.gateways import PROVIDERS, gateway_for, reconciliation_for
from payments.gateways.base import Outcome, ProviderState
from payments.models import Payment, PaymentStatus, ReconciliationRun, RefundStatus
from payments.money import display

logger = logging.getLogger(__name__)


def describe(payment: Payment) -> dict:
    return {
        "payment_id": str(payment.pk),
        "provider": payment.provider,
        "reference": payment.provider_reference,
        "booking_id": str(payment.booking_id),
        "amount": display(payment.amount_minor, payment.currency),
    }


class Run:
    """One reconciliation's findings; the providers' checks call its compare methods."""

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
                        **describe(payment),
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
                self.repaired.append({**describe(after), "was": before, "now": after.status})
            return
        if payment.is_paid and state.outcome in (
            Outcome.FAILED,
            Outcome.EXPIRED,
            Outcome.CANCELLED,
        ):
            self.mismatches.append(
                {
                    **describe(payment),
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
                **describe(after),
                "kind": "refund",
                "refunds": missed + failed,
                "was": before,
                "now": after.status,
            }
        )

    def compare_open_attempts(self, provider: str, since) -> None:
        """Ask the provider about each attempt still open (per-attempt providers)."""
        open_attempts = Payment.objects.filter(
            provider=provider, status=PaymentStatus.PENDING, created_at__gte=since
        ).exclude(provider_reference="")
        for payment in open_attempts:
            try:
                state = gateway_for(provider).fetch_state(payment)
            except ProviderError as exc:
                self.errors.append({**describe(payment), "error": exc.message})
                continue
            self.compare(payment, state)


def reconcile_payments(*, days: int | None = None) -> ReconciliationRun:
    since = timezone.now() - timedelta(days=days or settings.PAYMENTS_RECONCILE_DAYS)
    run = Run()
    record = ReconciliationRun.objects.create()
    checks = [
        (provider, check)
        for provider in PROVIDERS
        for check in reconciliation_for(provider).checks(run, since)
    ]
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
