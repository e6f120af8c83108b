"""The one fulfil function: webhook handlers, the client's status check, the M-Pesa query
task and reconciliation all hand `payment_apply_state` what the provider said, and it moves
the payment under a row lock, exactly once, with side effects (receipt, booking transition,
emails) on commit. Refund outcomes land here too.
"""

from django.db import transaction
from django.utils import timezone

from bookings.models import Booking
from bookings.services.transitions import booking_record_deposit_paid
from core.alerts import raise_alert
from payments import hooks
from payments.gateways.base import Outcome, ProviderState
from payments.models import (
    PAID_STATUSES,
    TRANSITIONS,
    Payment,
    PaymentStatus,
    Refund,
    RefundStatus,
)

UNPAID_OUTCOMES = {
    Outcome.FAILED: PaymentStatus.FAILED,
    Outcome.CANCELLED: PaymentStatus.CANCELLED,
    Outcome.EXPIRED: PaymentStatus.EXPIRED,
}


def _move(payment: Payment, to_status: str) -> bool:
    if to_status == payment.status or to_status not in TRANSITIONS[payment.status]:
        return False
    payment.status = to_status
    return True


def _succeed(payment: Payment, state: ProviderState, source: str) -> None:
    if payment.is_paid:
        if state.receipt and not payment.provider_receipt:
            payment.provider_receipt = state.receipt
            payment.save(update_fields=["provider_receipt", "updated_at"])
        return
    currency_ok = not state.currency or state.currency.upper() == payment.currency
    amount_ok = state.amount_minor is None or state.amount_minor == payment.amount_minor
    if not (currency_ok and amount_ok):
        payment.received_amount_minor = state.amount_minor
        payment.failure_code = "amount_mismatch"
        payment.failure_message = (
            "The amount the provider reported does not match the amount due; "
            "our team will contact you."
        )
        _move(payment, PaymentStatus.FAILED)
        payment.metadata = {
            **payment.metadata,
            "reported_amount_minor": state.amount_minor,
            "reported_currency": state.currency,
        }
        payment.save()
        raise_alert(
            "payments.amount_mismatch",
            f"{payment.provider} reported {state.amount_minor} {state.currency} for payment "
            f"{payment.pk}, expected {payment.amount_minor} {payment.currency}",
            {"payment_id": str(payment.pk), "source": source},
        )
        return
    if not _move(payment, PaymentStatus.SUCCEEDED):
        return
    payment.succeeded_at = state.paid_at or timezone.now()
    payment.received_amount_minor = state.amount_minor or payment.amount_minor
    payment.provider_payment_id = state.provider_payment_id or payment.provider_payment_id
    payment.provider_receipt = state.receipt or payment.provider_receipt
    payment.failure_code = ""
    payment.failure_message = ""
    payment.metadata = {**payment.metadata, "confirmed_by": source}
    payment.save()

    description = f"{payment.get_provider_display()} payment of {payment.amount_display}"
    if payment.provider_receipt:
        description += f" (receipt {payment.provider_receipt})"
    booking = booking_record_deposit_paid(
        booking_id=payment.booking_id, paid_at=payment.succeeded_at, payment_description=description
    )
    hooks.receipt_issue(payment)  # its email is the client's receipt
    others = (
        Payment.objects.filter(booking_id=payment.booking_id, status__in=PAID_STATUSES)
        .exclude(pk=payment.pk)
        .count()
    )
    if others:
        raise_alert(
            f"payments.double_payment.{payment.booking_id}",
            f"Booking {booking.public_reference} has been paid {others + 1} times; refund one.",
            {"booking_id": str(payment.booking_id), "payment_id": str(payment.pk)},
        )
    # The client's one receipt email goes out with the receipt PDF once it is rendered
    # (invoicing.delivery), not from here.


def _close_unpaid(payment: Payment, state: ProviderState) -> None:
    if payment.status != PaymentStatus.PENDING:
        return
    _move(payment, UNPAID_OUTCOMES[state.outcome])
    payment.failure_code = state.failure_code or state.outcome
    payment.failure_message = state.message[:500]
    payment.save()
    if payment.status == PaymentStatus.FAILED:
        raise_alert(
            f"payments.payment_failed.{payment.provider}",
            f"A {payment.provider} payment failed: {state.message or state.failure_code}",
            {"payment_id": str(payment.pk), "code": state.failure_code},
        )


def _confirm_refund(refund: Refund, payment: Payment) -> None:
    """-> SUCCEEDED once (the caller holds the payment's lock); the client is told. A refund
    marked failed (e.g. after a queue timeout) still turns succeeded when the provider
    later says the money went back: the provider is the authority."""
    if refund.status == RefundStatus.SUCCEEDED:
        return
    refund.status = RefundStatus.SUCCEEDED
    refund.confirmed_at = timezone.now()
    refund.save(update_fields=["status", "confirmed_at"])
    # The client's one refund email goes out with the credit note PDF once it is rendered
    # (invoicing.delivery), not from here.
    hooks.credit_note_issue(refund, payment)


def _fail_refund(refund: Refund, reason: str) -> None:
    if refund.status != RefundStatus.PENDING:
        return
    refund.status = RefundStatus.FAILED
    refund.confirmed_at = timezone.now()
    refund.save(update_fields=["status", "confirmed_at"])
    raise_alert(
        "payments.refund_failed",
        f"Refund {refund.provider_refund_id} of payment {refund.payment_id} "
        f"failed at the provider: {reason}",
        {"refund_id": refund.provider_refund_id, "payment_id": str(refund.payment_id)},
    )


def _record_refunds(payment: Payment, state: ProviderState) -> None:
    if not payment.is_paid:
        return
    for refund in payment.refunds.filter(provider_refund_id__in=state.failed_refunds):
        _fail_refund(refund, "reported failed by the provider")
    for refund_id, amount, succeeded in state.refunds:
        refund, _ = Refund.objects.get_or_create(
            provider_refund_id=refund_id,
            defaults={
                "payment": payment,
                "amount_minor": amount,
                "currency": payment.currency,
                "reason": "Made at the provider",
            },
        )
        if succeeded:
            _confirm_refund(refund, payment)
    total = state.amount_refunded_minor
    if total is None:
        # No running total from the provider: the refunds it has confirmed are the total.
        total = sum(
            payment.refunds.filter(status=RefundStatus.SUCCEEDED).values_list(
                "amount_minor", flat=True
            )
        )
    if not state.refunds and total:
        # No refund list in the event: confirm our pending refunds the total covers.
        covered = sum(r.amount_minor for r in payment.refunds.filter(status=RefundStatus.SUCCEEDED))
        for refund in payment.refunds.filter(status=RefundStatus.PENDING).order_by("created_at"):
            if covered + refund.amount_minor > total:
                break
            covered += refund.amount_minor
            _confirm_refund(refund, payment)
    total = min(total, payment.amount_minor)
    if total <= payment.amount_refunded_minor:
        return
    payment.amount_refunded_minor = total
    full = total >= payment.amount_minor
    _move(payment, PaymentStatus.REFUNDED if full else PaymentStatus.PARTIALLY_REFUNDED)
    payment.save()


def payment_apply_state(*, payment_id, state: ProviderState, source: str) -> Payment:
    """Apply what the provider says, idempotently, under the payment's row lock.

    Locks are taken in the same order as payment_create (booking, then payment), so a
    webhook and a concurrent create for the same booking cannot deadlock."""
    booking_id = Payment.objects.values_list("booking_id", flat=True).get(pk=payment_id)
    with transaction.atomic():
        Booking.objects.select_for_update().only("pk").get(pk=booking_id)
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if state.outcome == Outcome.PAID:
            _succeed(payment, state, source)
        elif state.outcome in UNPAID_OUTCOMES:
            _close_unpaid(payment, state)
        elif state.provider_payment_id and not payment.provider_payment_id:
            payment.provider_payment_id = state.provider_payment_id
            payment.save(update_fields=["provider_payment_id", "updated_at"])
        if state.amount_refunded_minor or state.refunds or state.failed_refunds:
            _record_refunds(payment, state)
    return payment


def refund_mark_outcome(*, refund_pk, succeeded: bool, failed: bool, reason: str = ""):
    """A refund confirmed or failed at the provider. The payment's refunded total moves
    only with the provider's running total (charge.refunded), never from here."""
    payment_id = Refund.objects.values_list("payment_id", flat=True).get(pk=refund_pk)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)  # as _record_refunds
        refund = Refund.objects.select_for_update().get(pk=refund_pk)
        if succeeded:
            _confirm_refund(refund, payment)
        elif failed:
            _fail_refund(refund, reason)
    return payment
