"""PayPal's side of reconciliation: open orders are read per attempt, and the orders of
recent payments and of payments with a refund still pending are read for refunds."""

from django.conf import settings
from django.db.models import Q

from payments.exceptions import ProviderError
from payments.gateways.paypal import client
from payments.models import PAID_STATUSES, Payment, PaymentProvider, RefundStatus
from payments.reconciliation import describe


def checks(run, since) -> list:
    if not settings.PAYPAL_CLIENT_ID:
        return []
    return [
        lambda: run.compare_open_attempts(PaymentProvider.PAYPAL, since),
        lambda: refunds(run, since),
    ]


def refunds(run, since) -> None:
    payments = (
        Payment.objects.filter(provider=PaymentProvider.PAYPAL, status__in=PAID_STATUSES)
        .filter(Q(created_at__gte=since) | Q(refunds__status=RefundStatus.PENDING))
        .exclude(provider_reference="")
        .distinct()
    )
    for payment in payments:
        try:
            state = client.fetch_state(payment)
        except ProviderError as exc:
            run.errors.append({**describe(payment), "error": exc.message})
            continue
        run.compare_refunds(payment, state)
