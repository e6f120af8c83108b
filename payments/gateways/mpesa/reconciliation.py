"""M-Pesa's side of reconciliation and the pending-query task: open STK pushes are asked
about with the STK Query API. Daraja has no API to read a reversal or B2C payment back,
so refunds left unconfirmed are listed for staff."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from payments.exceptions import ProviderError
from payments.models import Payment, PaymentProvider, PaymentStatus, Refund, RefundStatus
from payments.reconciliation import describe
from payments.services import payment_refresh

logger = logging.getLogger(__name__)


def checks(run, since) -> list:
    if not settings.MPESA_CONSUMER_KEY:
        return []
    return [
        lambda: run.compare_open_attempts(PaymentProvider.MPESA, since),
        lambda: unconfirmed_refunds(run),
    ]


def unconfirmed_refunds(run) -> None:
    cutoff = timezone.now() - timedelta(minutes=settings.MPESA_REFUND_CONFIRM_MINUTES)
    unconfirmed = Refund.objects.filter(
        payment__provider=PaymentProvider.MPESA,
        status=RefundStatus.PENDING,
        created_at__lte=cutoff,
    ).select_related("payment")
    for refund in unconfirmed:
        run.mismatches.append(
            {
                **describe(refund.payment),
                "kind": "refund_unconfirmed",
                "ours": f"refund {refund.provider_refund_id} pending",
                "theirs": "no result from Daraja yet: check the M-Pesa portal",
            }
        )


def query_pending() -> dict:
    """Ask Daraja about STK pushes still pending after MPESA_QUERY_AFTER_SECONDS (their
    callback never came, or could not be confirmed)."""
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
