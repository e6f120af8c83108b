"""The webhook inbox: verify, store raw, then process under a row lock, exactly once.

Every delivery is stored before anything else happens (unique on provider + event id, so
a redelivery finds the first row). Processing locks the inbox row, skips it if it was
already processed, and dispatches through one {event_type: handler} dict per provider.
Handlers translate the provider's event into a ProviderState and call the one fulfil
function (services.payment_apply_state), which locks the payment; emails and the booking
transition happen on commit. Duplicate, out-of-order and concurrent deliveries therefore
all end in one effect.
"""

import hmac
import json
import logging
import time
import traceback
import uuid

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.alerts import raise_alert
from payments.gateways import Outcome, ProviderError, ProviderState
from payments.gateways import mpesa as mpesa_gateway
from payments.gateways import paypal as paypal_gateway
from payments.gateways import stripe as stripe_gateway
from payments.models import Payment, PaymentProvider, Refund, WebhookEvent, WebhookStatus
from payments.money import to_minor
from payments.selectors import parse_uuid, stripe_payment_for_charge, stripe_payment_for_session
from payments.services import payment_apply_state, refund_mark_outcome

logger = logging.getLogger(__name__)

MAX_BODY_STORED = 256 * 1024
# A refused delivery is anyone's: keep enough to investigate, not the whole post.
MAX_INVALID_BODY_STORED = 2048
MAX_INVALID_HEADER_STORED = 300
STORED_HEADERS = (
    "content-type",
    "user-agent",
    "stripe-signature",
    "paypal-auth-algo",
    "paypal-cert-url",
    "paypal-transmission-id",
    "paypal-transmission-sig",
    "paypal-transmission-time",
    "x-forwarded-for",
    "x-request-id",
)


class InvalidWebhook(Exception):
    """The delivery could not be authenticated or read."""


class RetryLater(Exception):
    """The event is valid but cannot be applied yet; the provider should redeliver."""


def headers_of(request) -> dict:
    return {k.lower(): v for k, v in request.headers.items() if k.lower() in STORED_HEADERS}


# --- verification: -> (event_id, event_type, payload) ------------------------------------


# Clock skew allowed for a Stripe signature timestamp ahead of ours; a timestamp further
# in the future is a replayable token minted by someone with the secret, not a delivery.
STRIPE_FUTURE_SKEW_SECONDS = 300


def _stripe_signed_at(header: str) -> int:
    for part in header.split(","):
        key, _, value = part.partition("=")
        if key.strip() == "t" and value.strip().isascii() and value.strip().isdigit():
            return int(value)
    return 0


def _stripe_event_fields(body: bytes):
    """id, type and data.object of a signed body, or InvalidWebhook: the signature
    vouches for the sender, not for the shape."""
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise InvalidWebhook(f"signed but malformed: not JSON ({exc})") from exc
    if not isinstance(payload, dict):
        raise InvalidWebhook("signed but malformed: the event is not a JSON object")
    event_id, event_type = payload.get("id"), payload.get("type")
    data = payload.get("data")
    if not isinstance(event_id, str) or not event_id or len(event_id) > 255:
        raise InvalidWebhook("signed but malformed: the event has no usable id")
    if not isinstance(event_type, str) or not event_type or len(event_type) > 100:
        raise InvalidWebhook("signed but malformed: the event has no usable type")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        raise InvalidWebhook("signed but malformed: the event has no data.object")
    return event_id, event_type, payload


def verify_stripe(headers: dict, body: bytes):
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise InvalidWebhook("STRIPE_WEBHOOK_SECRET is not configured")
    header = headers.get("stripe-signature", "")
    try:
        stripe.WebhookSignature.verify_header(
            body.decode("utf-8"),
            header,
            secret,
            tolerance=settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        )
    except UnicodeDecodeError as exc:
        raise InvalidWebhook(f"unreadable payload: {exc}") from exc
    except stripe.SignatureVerificationError as exc:
        raise InvalidWebhook(f"bad signature: {exc}") from exc
    if _stripe_signed_at(header) > time.time() + STRIPE_FUTURE_SKEW_SECONDS:
        raise InvalidWebhook("bad signature: the timestamp is in the future")
    return _stripe_event_fields(body)


MPESA_STK = "stk_callback"
MPESA_REFUND = "refund_result"
MPESA_REFUND_TIMEOUT = "refund_timeout"


def _mpesa_event_id(payload: dict, kind: str) -> str:
    if kind == MPESA_STK:
        return str(payload["Body"]["stkCallback"]["CheckoutRequestID"])
    # A refund's result and its queue timeout are two events about one ConversationID.
    return f"{kind}:{mpesa_gateway.result_conversation_id(payload)}"


def verify_mpesa(headers: dict, body: bytes, *, secret: str, source_ip: str | None, kind: str):
    expected = settings.MPESA_CALLBACK_SECRET
    if not expected or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise InvalidWebhook("wrong callback secret")
    if settings.MPESA_ALLOWED_IPS and source_ip not in settings.MPESA_ALLOWED_IPS:
        raise InvalidWebhook(f"callback from unexpected address {source_ip}")
    try:
        payload = json.loads(body)
        event_id = _mpesa_event_id(payload, kind)
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidWebhook(f"not an M-Pesa {kind.replace('_', ' ')}: {exc}") from exc
    return event_id, kind, payload


def verify_paypal(headers: dict, body: bytes):
    try:
        raw = body.decode("utf-8")
        payload = json.loads(raw)
        event_id, event_type = payload["id"], payload["event_type"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidWebhook(f"unreadable payload: {exc}") from exc
    try:
        verified = paypal_gateway.verify_webhook(headers, raw)
    except ProviderError as exc:
        raise RetryLater(f"PayPal verification unavailable: {exc.message}") from exc
    if not verified:
        raise InvalidWebhook("PayPal did not verify the signature")
    return event_id, event_type, payload


# --- the inbox -----------------------------------------------------------------------------


def _summary_headers(headers: dict) -> dict:
    return {key: str(value)[:MAX_INVALID_HEADER_STORED] for key, value in headers.items()}


def webhook_record_invalid(*, provider, headers, body: bytes, source_ip, error) -> WebhookEvent:
    """A bounded summary of a refused delivery, for staff; only the newest
    WEBHOOK_INVALID_KEEP are kept, so forged posts cannot fill the database."""
    event = WebhookEvent.objects.create(
        provider=provider,
        event_id=f"invalid-{uuid.uuid4()}",
        status=WebhookStatus.INVALID,
        headers=_summary_headers(headers),
        body=body[:MAX_INVALID_BODY_STORED].decode("utf-8", "replace"),
        source_ip=source_ip or None,
        error=str(error)[:2000],
    )
    invalid = WebhookEvent.objects.filter(status=WebhookStatus.INVALID)
    oldest_kept = invalid.order_by("-pk").values_list("pk", flat=True)[
        settings.WEBHOOK_INVALID_KEEP - 1 : settings.WEBHOOK_INVALID_KEEP
    ]
    if oldest_kept:
        invalid.filter(pk__lt=oldest_kept[0]).delete()
    return event


def webhook_receive(*, provider, event_id, event_type, headers, body: bytes, source_ip):
    """Store the delivery (or count a redelivery of a stored one). Its own transaction."""
    defaults = {
        "event_type": event_type,
        "headers": headers,
        "body": body[:MAX_BODY_STORED].decode("utf-8", "replace"),
        "source_ip": source_ip,
    }
    try:
        with transaction.atomic():
            event, created = WebhookEvent.objects.get_or_create(
                provider=provider, event_id=event_id, defaults=defaults
            )
    except IntegrityError:  # a concurrent delivery of the same event stored it first
        event, created = WebhookEvent.objects.get(provider=provider, event_id=event_id), False
    if not created:
        WebhookEvent.objects.filter(pk=event.pk).update(deliveries=F("deliveries") + 1)
    return event


def webhook_process(*, event_pk) -> WebhookEvent:
    """Process a stored event once. Safe to call for every delivery and for replays."""
    with transaction.atomic():
        event = WebhookEvent.objects.select_for_update().get(pk=event_pk)
        if event.status in (WebhookStatus.PROCESSED, WebhookStatus.IGNORED, WebhookStatus.INVALID):
            return event
        event.attempts += 1
        handler = HANDLERS.get(event.provider, {}).get(event.event_type)
        if handler is None:
            event.status = WebhookStatus.IGNORED
            event.processed_at = timezone.now()
            event.save(update_fields=["status", "processed_at", "attempts"])
            return event
        try:
            with transaction.atomic():  # a savepoint: a failing handler leaves no trace
                payment = handler(json.loads(event.body))
        except RetryLater as exc:  # valid, but not applicable yet: stays open for a retry
            event.status = WebhookStatus.FAILED
            event.error = f"retry later: {exc}"
            event.save(update_fields=["status", "error", "attempts"])
            return event
        except Exception as exc:  # recorded in the inbox, alerted, redelivered or replayed
            logger.exception("webhook %s %s failed", event.provider, event.event_id)
            event.status = WebhookStatus.FAILED
            event.error = "".join(traceback.format_exception(exc))[-4000:]
            event.save(update_fields=["status", "error", "attempts"])
            raise_alert(
                f"payments.webhook_failed.{event.provider}",
                f"A {event.provider} webhook ({event.event_type}) could not be processed: {exc}",
                {"event_id": event.event_id, "webhook_event_pk": event.pk},
            )
            return event
        event.status = WebhookStatus.PROCESSED if payment else WebhookStatus.IGNORED
        event.payment = payment
        event.error = ""
        event.processed_at = timezone.now()
        event.save(update_fields=["status", "payment", "error", "processed_at", "attempts"])
    return event


def webhook_replay(*, event_pk, actor=None) -> WebhookEvent:
    """Staff replay of a failed event (admin action)."""
    with transaction.atomic():
        event = WebhookEvent.objects.select_for_update().get(pk=event_pk)
        if event.status == WebhookStatus.FAILED:
            event.status = WebhookStatus.RECEIVED
            event.save(update_fields=["status"])
    return webhook_process(event_pk=event_pk)


# --- handlers: payload -> Payment (or None when the event is not ours) --------------------


def _payment(**filters) -> Payment | None:
    return Payment.objects.filter(**filters).first()


def stripe_session_event(payload: dict) -> Payment | None:
    session = payload["data"]["object"]
    payment = stripe_payment_for_session(session)
    if payment is None:
        return None
    state = stripe_gateway.state_from_session(session)
    if payload["type"] == "checkout.session.async_payment_failed":
        state = ProviderState(
            outcome=Outcome.FAILED,
            failure_code="async_payment_failed",
            message="The bank did not confirm the payment.",
            provider_payment_id=state.provider_payment_id,
        )
    return payment_apply_state(payment_id=payment.pk, state=state, source="stripe_webhook")


def stripe_charge_refunded(payload: dict) -> Payment | None:
    charge = payload["data"]["object"]
    payment = stripe_payment_for_charge(charge)
    intent = stripe_gateway.object_id(charge.get("payment_intent"))
    if payment is None and intent:  # not stored yet: the intent's metadata names it
        found = parse_uuid(stripe_gateway.payment_id_for_intent(intent))
        payment = _payment(pk=found, provider=PaymentProvider.STRIPE) if found else None
    if payment is None:
        return None
    # A paid, refunded charge also proves the payment itself, so a refund that arrives
    # before checkout.session.completed settles both, in that order.
    state = stripe_gateway.state_from_charge(charge)
    return payment_apply_state(payment_id=payment.pk, state=state, source="stripe_webhook")


def stripe_refund_updated(payload: dict) -> Payment | None:
    """A refund's own lifecycle: Stripe reports refunds that fail after being accepted
    (e.g. a closed card) with refund.updated / charge.refund.updated."""
    refund_obj = payload["data"]["object"]
    status = refund_obj.get("status")
    refund = (
        Refund.objects.select_related("payment")
        .filter(provider_refund_id=refund_obj.get("id") or "-")
        .first()
    )
    if refund is None:
        return None
    return refund_mark_outcome(
        refund_pk=refund.pk,
        succeeded=status == "succeeded",
        failed=status in ("failed", "canceled"),
        reason=refund_obj.get("failure_reason") or status or "",
    )


def mpesa_stk_callback(payload: dict) -> Payment | None:
    callback = payload["Body"]["stkCallback"]
    payment = _payment(
        provider=PaymentProvider.MPESA, provider_reference=str(callback["CheckoutRequestID"])
    )
    if payment is None:
        return None
    result_code = callback.get("ResultCode")
    state = mpesa_gateway.state_from_result(
        result_code, callback.get("ResultDesc", ""), mpesa_gateway.callback_metadata(callback)
    )
    if state.outcome == Outcome.PAID:
        # Callbacks are unsigned: only the STK Query API's answer makes this a success.
        confirmed = mpesa_gateway.fetch_state(payment)
        if confirmed.outcome == Outcome.PENDING:
            raise RetryLater("STK Query does not confirm the payment yet")
        if confirmed.outcome != Outcome.PAID:
            state = confirmed
    return payment_apply_state(payment_id=payment.pk, state=state, source="mpesa_callback")


def _mpesa_refund(payload: dict) -> Refund | None:
    conversation_id = mpesa_gateway.result_conversation_id(payload)
    return Refund.objects.filter(
        payment__provider=PaymentProvider.MPESA, provider_refund_id=conversation_id
    ).first()


def mpesa_refund_result(payload: dict) -> Payment | None:
    refund = _mpesa_refund(payload)
    if refund is None:
        return None
    outcome = mpesa_gateway.refund_outcome(payload)
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


def mpesa_refund_timeout(payload: dict) -> Payment | None:
    refund = _mpesa_refund(payload)
    if refund is None:
        return None
    return refund_mark_outcome(
        refund_pk=refund.pk,
        succeeded=False,
        failed=True,
        reason="M-Pesa timed out before processing the refund; check the M-Pesa portal "
        "before trying again",
    )


def _paypal_payment(resource: dict, *, order_id: str | None = None) -> Payment | None:
    payment_id = parse_uuid(resource.get("custom_id") or resource.get("invoice_id"))
    if payment_id:
        found = _payment(pk=payment_id, provider=PaymentProvider.PAYPAL)
        if found:
            return found
    if order_id:
        return _payment(provider=PaymentProvider.PAYPAL, provider_reference=order_id)
    return None


def paypal_order_approved(payload: dict) -> Payment | None:
    order = payload["resource"]
    payment = _payment(provider=PaymentProvider.PAYPAL, provider_reference=order.get("id") or "-")
    if payment is None:
        return None
    state = paypal_gateway.capture(payment)
    return payment_apply_state(payment_id=payment.pk, state=state, source="paypal_webhook")


def paypal_capture_event(payload: dict) -> Payment | None:
    capture = payload["resource"]
    order_id = ((capture.get("supplementary_data") or {}).get("related_ids") or {}).get("order_id")
    payment = _paypal_payment(capture, order_id=order_id)
    if payment is None:
        return None
    state = paypal_gateway.state_from_capture(capture)
    return payment_apply_state(payment_id=payment.pk, state=state, source="paypal_webhook")


def paypal_capture_refunded(payload: dict) -> Payment | None:
    refund = payload["resource"]
    capture_id = next(
        (
            link["href"].rstrip("/").rsplit("/", 1)[-1]
            for link in refund.get("links", [])
            if link.get("rel") == "up"
        ),
        "",
    )
    payment = _paypal_payment(refund)
    if payment is None and capture_id:
        payment = _payment(provider=PaymentProvider.PAYPAL, provider_payment_id=capture_id)
    if payment is None:
        return None
    # The refund event carries this refund; the capture's total comes from the API.
    state = paypal_gateway.fetch_state(payment)
    amount = refund.get("amount") or {}
    refunds = ()
    if amount.get("value"):
        minor = to_minor(amount["value"], amount["currency_code"])
        refunds = ((refund["id"], minor, refund.get("status") == "COMPLETED"),)
    state = ProviderState(
        outcome=state.outcome,
        amount_minor=state.amount_minor,
        currency=state.currency,
        provider_payment_id=state.provider_payment_id,
        receipt=state.receipt,
        amount_refunded_minor=state.amount_refunded_minor,
        refunds=refunds,
    )
    return payment_apply_state(payment_id=payment.pk, state=state, source="paypal_webhook")


HANDLERS = {
    PaymentProvider.STRIPE: {
        "checkout.session.completed": stripe_session_event,
        "checkout.session.async_payment_succeeded": stripe_session_event,
        "checkout.session.async_payment_failed": stripe_session_event,
        "checkout.session.expired": stripe_session_event,
        "charge.refunded": stripe_charge_refunded,
        "charge.refund.updated": stripe_refund_updated,
        "refund.updated": stripe_refund_updated,
        "refund.failed": stripe_refund_updated,
    },
    PaymentProvider.MPESA: {
        MPESA_STK: mpesa_stk_callback,
        MPESA_REFUND: mpesa_refund_result,
        MPESA_REFUND_TIMEOUT: mpesa_refund_timeout,
    },
    PaymentProvider.PAYPAL: {
        "CHECKOUT.ORDER.APPROVED": paypal_order_approved,
        "PAYMENT.CAPTURE.COMPLETED": paypal_capture_event,
        "PAYMENT.CAPTURE.DENIED": paypal_capture_event,
        "PAYMENT.CAPTURE.REFUNDED": paypal_capture_refunded,
    },
}
