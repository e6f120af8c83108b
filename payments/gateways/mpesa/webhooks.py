"""M-Pesa callbacks: the STK push result and a refund's result or queue timeout. Unsigned
by design: a secret path, an optional source address check, and every success confirmed
with the STK Query API. HANDLERS is what the inbox (payments.webhooks) dispatches through."""

import hmac
import json

from django.conf import settings

from core.alerts import raise_alert
from payments.exceptions import InvalidWebhook, RetryLater
from payments.fulfil import payment_apply_state, refund_mark_outcome
from payments.gateways.base import Outcome, ProviderState
from payments.gateways.mpesa import client, refunds
from payments.models import Payment, PaymentProvider, Refund

HEADERS = ()  # Daraja signs nothing
STK = "stk_callback"
REFUND = "refund_result"
REFUND_TIMEOUT = "refund_timeout"


def _event_id(payload: dict, kind: str) -> str:
    if kind == STK:
        return str(payload["Body"]["stkCallback"]["CheckoutRequestID"])
    # A refund's result and its queue timeout are two events about one ConversationID.
    return f"{kind}:{refunds.result_conversation_id(payload)}"


def verify(headers: dict, body: bytes, *, secret: str, source_ip: str | None, kind: str):
    """-> (event_id, kind, payload), or InvalidWebhook."""
    expected = settings.MPESA_CALLBACK_SECRET
    if not expected or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise InvalidWebhook("wrong callback secret")
    if settings.MPESA_ALLOWED_IPS and source_ip not in settings.MPESA_ALLOWED_IPS:
        raise InvalidWebhook(f"callback from unexpected address {source_ip}")
    try:
        payload = json.loads(body)
        event_id = _event_id(payload, kind)
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidWebhook(f"not an M-Pesa {kind.replace('_', ' ')}: {exc}") from exc
    return event_id, kind, payload


def stk_callback(payload: dict) -> Payment | None:
    callback = payload["Body"]["stkCallback"]
    payment = Payment.objects.filter(
        provider=PaymentProvider.MPESA, provider_reference=str(callback["CheckoutRequestID"])
    ).first()
    if payment is None:
        return None
    result_code = callback.get("ResultCode")
    state = client.state_from_result(
        result_code, callback.get("ResultDesc", ""), client.callback_metadata(callback)
    )
    if state.outcome == Outcome.PAID:
        # Callbacks are unsigned: only the STK Query API's answer makes this a success.
        confirmed = client.fetch_state(payment)
        if confirmed.outcome == Outcome.PENDING:
            raise RetryLater("STK Query does not confirm the payment yet")
        if confirmed.outcome != Outcome.PAID:
            state = confirmed
    return payment_apply_state(payment_id=payment.pk, state=state, source="mpesa_callback")


def _refund(payload: dict) -> Refund | None:
    conversation_id = refunds.result_conversation_id(payload)
    return Refund.objects.filter(
        payment__provider=PaymentProvider.MPESA, provider_refund_id=conversation_id
    ).first()


def refund_result(payload: dict) -> Payment | None:
    refund = _refund(payload)
    if refund is None:
        return None
    outcome = refunds.refund_outcome(payload)
    if not outcome.succeeded:
        return refund_mark_outcome(
            refund_pk=refund.pk, succeeded=False, failed=True, reason=outcome.message
        )
    if outcome.amount_minor is not None and outcome.amount_minor != refund.amount_minor:
        raise_alert(
            "payments.refund_amount_mismatch",
            f"M-Pesa reversed {outcome.amount_minor} for refund {refund.provider_refund_id}, "
            f"which asked for {refund.amount_minor} {refund.currency}",
            {"refund_id": refund.provider_refund_id, "payment_id": str(refund.payment_id)},
        )
    # A refund happens only to money that arrived: the payment stays paid, the refund is
    # confirmed and the refunded total becomes the sum of confirmed refunds.
    state = ProviderState(
        outcome=Outcome.PAID,
        refunds=((refund.provider_refund_id, refund.amount_minor, True),),
        raw={"refund_transaction": outcome.transaction_id},
    )
    return payment_apply_state(payment_id=refund.payment_id, state=state, source="mpesa_refund")


def refund_timeout(payload: dict) -> Payment | None:
    refund = _refund(payload)
    if refund is None:
        return None
    return refund_mark_outcome(
        refund_pk=refund.pk,
        succeeded=False,
        failed=True,
        reason="M-Pesa timed out before processing the refund; check the M-Pesa portal "
        "before trying again",
    )


HANDLERS = {
    STK: stk_callback,
    REFUND: refund_result,
    REFUND_TIMEOUT: refund_timeout,
}
