"""Writes to payments that start from us: starting an attempt, asking the provider about
one, asking for a refund. What the provider says is applied by `payments.fulfil`;
anything provider-specific is behind `gateway_for(provider)`.
"""

import logging
import uuid
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import audit
from bookings.addresses import tracking_url
from bookings.models import Booking, BookingStatus
from core.alerts import raise_alert
from core.exceptions import BadGateway
from payments.exceptions import AmountMismatch, MoneyError, PaymentConflict, ProviderError
from payments.fulfil import payment_apply_state
from payments.gateways import gateway_for
from payments.models import (
    PAID_STATUSES,
    Payment,
    PaymentProvider,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from payments.money import display, format_major, to_minor

logger = logging.getLogger(__name__)

AUDIT_REFUND = "angisoft.payment.refund"
# Payment ids and idempotency keys are derived from (booking, provider, attempt number):
# a create that is retried after a timeout or crash asks the provider with the same key
# and gets the same session back instead of a second one.
ATTEMPT_NAMESPACE = uuid.UUID("6f1f6a0e-3d4b-4c1e-9a51-7d1a3c2b9e10")
REFRESH_THROTTLE_SECONDS = 5


# --- creating an attempt -------------------------------------------------------------


def amount_due_minor(booking: Booking) -> int:
    if booking.deposit_amount is None or booking.deposit_amount <= 0:
        raise PaymentConflict("This booking has no deposit to pay yet.")
    try:
        return to_minor(booking.deposit_amount, booking.currency)
    except MoneyError as exc:
        raise PaymentConflict(str(exc)) from exc


def charge_minor(provider: str, due_minor: int, currency: str) -> int:
    return gateway_for(provider).charge_minor(due_minor, currency)


def _is_stale(payment: Payment) -> bool:
    """An open attempt older than its provider's limit is asked about before it is handed
    out again."""
    now = timezone.now()
    if payment.expires_at and payment.expires_at <= now:
        return True
    limit = gateway_for(payment.provider).stale_after_seconds()
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
        gateway = gateway_for(provider)
        charge = gateway.charge_minor(due, booking.currency)
        normalised_phone = gateway.attempt_phone(booking, phone)

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
