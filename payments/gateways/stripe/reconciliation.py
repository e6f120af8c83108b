"""Stripe's side of reconciliation: read recent Checkout Sessions and refunds from Stripe,
so a session paid or refunded without our webhook is found even if our row had already
been closed."""

from django.conf import settings

from payments.gateways.base import Outcome
from payments.gateways.stripe import client
from payments.gateways.stripe.lookups import stripe_payment_for_charge, stripe_payment_for_session
from payments.models import Payment, PaymentProvider, PaymentStatus, Refund, RefundStatus
from payments.reconciliation import describe

# Stripe refund status -> ours; a refund already in that state needs no charge read.
REFUND_STATUS = {
    "succeeded": RefundStatus.SUCCEEDED,
    "failed": RefundStatus.FAILED,
    "canceled": RefundStatus.FAILED,
}


def checks(run, since) -> list:
    if not settings.STRIPE_SECRET_KEY:
        return []
    return [lambda: sessions(run, since), lambda: refunds(run, since)]


def sessions(run, since) -> None:
    seen: set[str] = set()
    for session in client.recent_sessions(since):
        payment = stripe_payment_for_session(session)
        state = client.state_from_session(session)
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
            {**describe(payment), "kind": "missing_at_provider", "ours": payment.status}
        )


def refunds(run, since) -> None:
    charges_read: set[str] = set()
    for refund_obj in client.recent_refunds(since):
        theirs = REFUND_STATUS.get(refund_obj.get("status"))
        charge_id = client.object_id(refund_obj.get("charge"))
        if theirs is None or not charge_id or charge_id in charges_read:
            continue  # still pending at Stripe, or this charge was already compared
        ours = Refund.objects.filter(provider_refund_id=refund_obj["id"]).first()
        if ours is not None and ours.status == theirs:
            continue
        payment = stripe_payment_for_charge(refund_obj)
        if payment is None:
            continue  # not one of ours
        charges_read.add(charge_id)
        run.compare_refunds(payment, client.state_from_charge(client.charge(charge_id)))
