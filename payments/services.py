"""Every write to payments.

`payment_apply_state` is the one fulfil function: webhook handlers, the client's status
check, the M-Pesa query task and reconciliation all hand it what the provider said, and it
moves the payment under a row lock, exactly once, with side effects on commit.
"""

import logging
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import audit
from bookings.models import Booking, BookingStatus
from bookings.services import booking_record_deposit_paid, tracking_url
from core.alerts import raise_alert
from core.exceptions import BadGateway, Conflict
from core.mail import send_email_on_commit
from invoicing.services import credit_note_issue_for_refund, receipt_issue_for_payment
from payments.gateways import Outcome, ProviderError, ProviderState, gateway_for
from payments.gateways import mpesa as mpesa_gateway
from payments.models import (
    PAID_STATUSES,
    TRANSITIONS,
    Payment,
    PaymentProvider,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from payments.money import MoneyError, ceil_to_whole_units, display, format_major, to_minor

logger = logging.getLogger(__name__)

AUDIT_REFUND = "angisoft.payment.refund"
# Payment ids and idempotency keys are derived from (booking, provider, attempt number):
# a create that is retried after a timeout or crash asks the provider with the same key
# and gets the same session back instead of a second one.
ATTEMPT_NAMESPACE = uuid.UUID("6f1f6a0e-3d4b-4c1e-9a51-7d1a3c2b9e10")
UNPAID_OUTCOMES = {
    Outcome.FAILED: PaymentStatus.FAILED,
    Outcome.CANCELLED: PaymentStatus.CANCELLED,
    Outcome.EXPIRED: PaymentStatus.EXPIRED,
}
# An open attempt older than this is asked about before it is handed out again.
STALE_AFTER = {
    PaymentProvider.STRIPE: None,  # Stripe sessions carry their own expiry
    PaymentProvider.MPESA: "MPESA_QUERY_AFTER_SECONDS",
    PaymentProvider.PAYPAL: 3 * 3600,
}
REFRESH_THROTTLE_SECONDS = 5


class PaymentConflict(Conflict):
    default_code = "payment_conflict"


class AmountMismatch(Conflict):
    default_code = "amount_mismatch"


# --- creating an attempt -------------------------------------------------------------


def amount_due_minor(booking: Booking) -> int:
    if booking.deposit_amount is None or booking.deposit_amount <= 0:
        raise PaymentConflict("This booking has no deposit to pay yet.")
    try:
        return to_minor(booking.deposit_amount, booking.currency)
    except MoneyError as exc:
        raise PaymentConflict(str(exc)) from exc


def charge_minor(provider: str, due_minor: int, currency: str) -> int:
    if provider == PaymentProvider.MPESA:
        return ceil_to_whole_units(due_minor, currency)  # M-Pesa takes whole shillings
    return due_minor


def _is_stale(payment: Payment) -> bool:
    now = timezone.now()
    if payment.expires_at and payment.expires_at <= now:
        return True
    limit = STALE_AFTER.get(payment.provider)
    if isinstance(limit, str):
        limit = getattr(settings, limit)
    return bool(limit) and (now - payment.created_at).total_seconds() > limit


def _check_payable(booking: Booking) -> None:
    paid = booking.payments.filter(status__in=PAID_STATUSES).exists()
    if booking.deposit_paid_at is not None or paid:
        raise PaymentConflict("The deposit for this booking has already been paid.")
    if booking.status != BookingStatus.TERMS_ACCEPTED:
        raise PaymentConflict(
            "This booking is not waiting for a deposit payment "
            f"(it is {BookingStatus(booking.status).label.lower()}).",
            extra={"status": booking.status},
        )


def payment_create(
    *,
    booking_id,
    provider: str,
    amount,
    phone: str | None = None,
    tracking_token: str | None = None,
):
    """Start (or return the open) attempt to pay a booking's deposit.

    `tracking_token` (already checked by the caller) goes into the provider's return and
    cancel URLs, so the client lands back on their tracking page, signed in.
    Returns (payment, created). 409 when the booking is not payable or `amount` is not
    the amount due; 502 when the provider fails, in which case nothing is kept."""
    if provider not in PaymentProvider.values:
        raise ValidationError({"provider": ["Choose stripe, mpesa or paypal."]})
    # An old open attempt is first brought up to date (its own transaction, committed).
    stale = (
        Payment.objects.filter(
            booking_id=booking_id, provider=provider, status=PaymentStatus.PENDING
        )
        .exclude(provider_reference="")
        .first()
    )
    if stale is not None and _is_stale(stale):
        try:
            payment_refresh(payment_id=stale.pk, source="create")
        except ProviderError:
            logger.warning("could not refresh stale payment %s", stale.pk, exc_info=True)

    try:
        return _create_locked(
            booking_id=booking_id,
            provider=provider,
            amount=amount,
            phone=phone,
            tracking_token=tracking_token,
        )
    except ProviderError as exc:
        # The transaction has rolled back: no payment row exists for this failure.
        raise_alert(
            f"payments.provider_error.{provider}",
            f"{provider} failed while starting a payment: {exc.message}",
            {"booking_id": str(booking_id), "provider": provider, "status": exc.status},
        )
        raise BadGateway(exc.message) from exc


def _create_locked(*, booking_id, provider, amount, phone, tracking_token):
    gateway = gateway_for(provider)
    payment, ready = _claim_attempt(
        booking_id=booking_id, provider=provider, amount=amount, phone=phone
    )
    if ready:
        return payment, False
    return _start_with_provider(gateway, payment_pk=payment.pk, tracking_token=tracking_token)


def _claim_attempt(*, booking_id, provider, amount, phone):
    """Under the booking lock, briefly: check the booking is payable and find or record
    the attempt to start. Returns (payment, ready): ready when it already has a provider
    reference. No network call happens here."""
    with transaction.atomic():
        try:
            booking = (
                Booking.objects.select_for_update().select_related("client").get(pk=booking_id)
            )
        except Booking.DoesNotExist:
            raise PaymentConflict("This booking does not exist.") from None
        _check_payable(booking)
        due = amount_due_minor(booking)
        try:
            asked = to_minor(Decimal(str(amount)), booking.currency)
        except (MoneyError, ArithmeticError):
            asked = None
        if asked != due:
            raise AmountMismatch(
                f"The deposit due is {display(due, booking.currency)}; "
                "refresh the page to see the current amount.",
                extra={"amountDue": format_major(due, booking.currency)},
            )
        charge = charge_minor(provider, due, booking.currency)

        normalised_phone = ""
        if provider == PaymentProvider.MPESA:
            if booking.currency.upper() != "KES":
                raise PaymentConflict("M-Pesa can only pay deposits in KES.")
            try:
                normalised_phone = mpesa_gateway.normalise_phone(phone or booking.client.phone)
            except ValueError as exc:
                raise ValidationError({"phone": [str(exc)]}) from exc

        attempts = Payment.objects.filter(booking=booking, provider=provider)
        open_attempt = attempts.filter(status=PaymentStatus.PENDING).first()
        if open_attempt is not None:
            if open_attempt.amount_minor == charge and open_attempt.provider_reference:
                return open_attempt, True
            if open_attempt.amount_minor == charge and open_attempt.phone == normalised_phone:
                # A start in flight (or interrupted): join it; its idempotency key makes
                # a second provider call return the same checkout.
                return open_attempt, False
            # The deposit changed: close it, start afresh.
            open_attempt.status = PaymentStatus.CANCELLED
            open_attempt.failure_code = "superseded"
            open_attempt.save(update_fields=["status", "failure_code", "updated_at"])

        number = attempts.count() + 1
        # The booking's creation time keeps keys unique even where ids repeat (a staging
        # database reset against the same provider account).
        born = int(booking.created_at.timestamp() * 1_000_000)
        key = f"booking-{booking.pk}-{born}-{provider}-{number}"
        payment = Payment.objects.create(
            id=uuid.uuid5(ATTEMPT_NAMESPACE, key),
            booking=booking,
            provider=provider,
            amount_minor=charge,
            currency=booking.currency.upper(),
            idempotency_key=key,
            phone=normalised_phone,
            metadata={"attempt": number},
        )
        return payment, False


def _start_with_provider(gateway, *, payment_pk, tracking_token):
    """Call the provider holding only the attempt's row lock (never the booking's): a
    concurrent start of the same attempt waits here and then returns it, while staff,
    webhooks and transitions on the booking go on. A failed start leaves no row.
    `tracking_token` only builds the return URL; it is never stored."""
    failure = None
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("booking__client")
            .filter(pk=payment_pk)
            .first()
        )
        if payment is None:  # a concurrent start of this attempt failed and removed it
            raise ProviderError("The payment could not be started. Please try again.")
        if payment.provider_reference or payment.status != PaymentStatus.PENDING:
            return payment, False
        try:
            result = gateway.create_checkout(
                payment,
                payment.booking,
                phone=payment.phone,
                return_url=tracking_url(payment.booking, tracking_token),
            )
        except ProviderError as exc:
            payment.delete()
            failure = exc
        else:
            payment.provider_reference = result.reference
            payment.checkout_url = result.checkout_url
            payment.expires_at = result.expires_at
            payment.metadata = {
                **payment.metadata,
                **(
                    {"merchant_request_id": result.secondary_reference}
                    if result.secondary_reference
                    else {}
                ),
                **({"customer_message": result.message} if result.message else {}),
            }
            payment.save()
    if failure is not None:
        raise failure
    return payment, True


# --- the one fulfil function -------------------------------------------------------------


def _move(payment: Payment, to_status: str) -> bool:
    if to_status == payment.status or to_status not in TRANSITIONS[payment.status]:
        return False
    payment.status = to_status
    return True


def _receipt_context(payment: Payment, booking: Booking) -> dict:
    return {
        "client_name": booking.client.name,
        "reference": booking.public_reference,
        "title": booking.title,
        "amount": payment.amount_display,
        "provider": payment.get_provider_display(),
        "receipt_number": payment.provider_receipt or str(payment.id),
        "paid_at": timezone.localtime(payment.succeeded_at).strftime("%d %b %Y, %H:%M"),
        "payment_id": str(payment.id),
    }


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
    receipt_issue_for_payment(payment=payment)
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
    send_email_on_commit(
        "payments_receipt", booking.client.email, _receipt_context(payment, booking)
    )


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
    credit_note_issue_for_refund(refund=refund, payment=payment)
    booking = payment.booking
    send_email_on_commit(
        "payments_refund",
        booking.client.email,
        {
            "client_name": booking.client.name,
            "reference": booking.public_reference,
            "amount": display(refund.amount_minor, refund.currency),
            "payment_amount": payment.amount_display,
            "provider": payment.get_provider_display(),
            "refund_id": refund.provider_refund_id,
        },
    )


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


def payment_refresh(*, payment_id, source: str = "status_check") -> Payment:
    """Ask the provider about an attempt and apply the answer (status check, query task,
    reconciliation). Raises ProviderError if the provider cannot answer."""
    payment = Payment.objects.get(pk=payment_id)
    if not payment.provider_reference:
        return payment
    state = gateway_for(payment.provider).fetch_state(payment)
    return payment_apply_state(payment_id=payment.pk, state=state, source=source)


def payment_refresh_for_client(*, payment: Payment) -> Payment:
    """The success redirect's status check: refresh a pending payment at most every few
    seconds; a provider outage leaves the stored status as the answer."""
    if payment.status != PaymentStatus.PENDING or not payment.provider_reference:
        return payment
    if not cache.add(f"payments:refresh:{payment.pk}", 1, timeout=REFRESH_THROTTLE_SECONDS):
        return payment
    try:
        return payment_refresh(payment_id=payment.pk, source="status_check")
    except ProviderError:
        logger.warning("status check could not reach %s", payment.provider, exc_info=True)
        return Payment.objects.get(pk=payment.pk)


# --- refunds --------------------------------------------------------------------------


def payment_refund(*, payment_id, amount_minor: int, reason: str, actor, request=None) -> Refund:
    """Ask the provider to refund (part of) a payment. The Refund row stays PENDING and the
    payment's status changes only when the provider's webhook confirms it."""
    if actor is None or not actor.has_perm("payments.refund_payment"):
        raise PermissionDenied("You do not have permission to refund payments.")
    try:
        with transaction.atomic():
            payment = Payment.objects.select_for_update().get(pk=payment_id)
            if not payment.is_paid:
                raise PaymentConflict("Only a received payment can be refunded.")
            pending = sum(
                r.amount_minor for r in payment.refunds.filter(status=RefundStatus.PENDING)
            )
            available = payment.refundable_minor - pending
            if amount_minor <= 0 or amount_minor > available:
                raise ValidationError(
                    {
                        "amount": [
                            f"Enter an amount between {display(1, payment.currency)} and "
                            f"{display(max(available, 0), payment.currency)}."
                        ]
                    }
                )
            key = f"refund-{payment.pk}-{payment.refunds.count() + 1}"
            result = gateway_for(payment.provider).refund(payment, amount_minor, key)
            refund, _ = Refund.objects.get_or_create(
                provider_refund_id=result.refund_id,
                defaults={
                    "payment": payment,
                    "amount_minor": amount_minor,
                    "currency": payment.currency,
                    "reason": reason[:255],
                    "requested_by": actor,
                },
            )
            audit.record(
                AUDIT_REFUND,
                instance=payment,
                actor=actor,
                request=request,
                data={
                    "amount": format_major(amount_minor, payment.currency),
                    "currency": payment.currency,
                    "refund_id": result.refund_id,
                    "reason": reason,
                },
            )
    except ProviderError as exc:
        raise BadGateway(exc.message) from exc
    return refund


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


def payment_query_pending_mpesa() -> dict:
    """Ask Daraja about STK pushes still pending after MPESA_QUERY_AFTER_SECONDS."""
    cutoff = timezone.now() - timedelta(seconds=settings.MPESA_QUERY_AFTER_SECONDS)
    pending = Payment.objects.filter(
        provider=PaymentProvider.MPESA, status=PaymentStatus.PENDING, created_at__lte=cutoff
    ).exclude(provider_reference="")
    counts = {"checked": 0, "settled": 0, "errors": 0}
    for payment_id in pending.values_list("pk", flat=True):
        counts["checked"] += 1
        try:
            payment = payment_refresh(payment_id=payment_id, source="mpesa_query")
        except ProviderError:
            logger.warning("STK query failed for payment %s", payment_id, exc_info=True)
            counts["errors"] += 1
            continue
        if payment.status != PaymentStatus.PENDING:
            counts["settled"] += 1
    return counts
