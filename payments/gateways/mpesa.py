"""M-Pesa Daraja (Lipa na M-Pesa Online / STK push) with `requests`.

OAuth token cached until shortly before it expires; STK push password is
base64(shortcode + passkey + timestamp) with the timestamp in Nairobi time; amounts are
whole shillings; callbacks are unsigned, so a success is only trusted once the STK Query
API confirms it. Refunds use the Reversal API for a whole payment and the B2C API for a
part (paid to the client's phone); both post their result later to a secret URL like the
STK callback's.
"""

import base64
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import requests
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from payments.gateways.base import (
    CheckoutResult,
    Outcome,
    ProviderError,
    ProviderState,
    RefundResult,
)
from payments.gateways.oauth import cached_access_token
from payments.money import display, exponent, to_minor

NAIROBI = ZoneInfo("Africa/Nairobi")
TOKEN_CACHE_KEY = "payments:mpesa:token"  # noqa: S105 (a cache key)
ACCOUNT_REFERENCE_MAX = 12
TRANSACTION_DESC_MAX = 13

# Result codes from the STK callback and the STK Query API -> (outcome, client message).
RESULT_CODES: dict[int, tuple[str, str]] = {
    0: (Outcome.PAID, "Payment received. Thank you."),
    1: (
        Outcome.FAILED,
        "Your M-Pesa balance is not enough for this payment. Top up and try again.",
    ),
    17: (Outcome.FAILED, "M-Pesa declined the payment (limit reached). Please try again later."),
    26: (Outcome.FAILED, "M-Pesa is busy right now. Please try again in a few minutes."),
    1001: (
        Outcome.FAILED,
        "Another M-Pesa payment is in progress on this phone. Finish it, then try again.",
    ),
    1019: (Outcome.EXPIRED, "The M-Pesa request expired before it was completed. Try again."),
    1025: (Outcome.FAILED, "M-Pesa could not send the payment prompt. Please try again."),
    1032: (Outcome.CANCELLED, "You cancelled the M-Pesa payment on your phone."),
    1036: (Outcome.FAILED, "M-Pesa could not complete the payment. Please try again."),
    1037: (
        Outcome.EXPIRED,
        "Your phone could not be reached or the prompt timed out. Make sure the phone is on "
        "and unlocked, then try again.",
    ),
    2001: (Outcome.FAILED, "The M-Pesa PIN entered was wrong. Please try again."),
    9999: (Outcome.FAILED, "M-Pesa could not send the payment prompt. Please try again."),
}
# Daraja answers an STK Query for a request still waiting on the customer with this code.
STILL_PROCESSING_ERRORS = {"500.001.1001"}


def describe(result_code) -> tuple[str, str]:
    try:
        code = int(result_code)
    except (TypeError, ValueError):
        code = -1
    if code in RESULT_CODES:
        return RESULT_CODES[code]
    return (Outcome.FAILED, f"M-Pesa could not complete the payment (code {result_code}).")


def normalise_phone(raw: str) -> str:
    """07XX/01XX, +2547XX, 2547XX, 7XX, with spaces or dashes -> 2547XXXXXXXX / 2541XXXXXXXX."""
    digits = re.sub(r"[\s\-().]", "", raw or "")
    digits = digits.removeprefix("+")
    if re.fullmatch(r"0[17]\d{8}", digits):
        digits = "254" + digits[1:]
    elif re.fullmatch(r"[17]\d{8}", digits):
        digits = "254" + digits
    if not re.fullmatch(r"254[17]\d{8}", digits):
        raise ValueError("Enter a Kenyan mobile number such as 0712 345 678 or 254712345678.")
    return digits


def account_reference(reference: str) -> str:
    """Daraja shows at most 12 characters; keep letters and digits only."""
    return re.sub(r"[^A-Za-z0-9]", "", reference)[-ACCOUNT_REFERENCE_MAX:] or "Deposit"


def whole_shillings(amount_minor: int, currency: str) -> int:
    if currency.upper() != "KES":
        raise ProviderError("M-Pesa only takes payments in KES.", code="currency")
    step = 10 ** exponent(currency)
    if amount_minor % step:
        raise ProviderError("M-Pesa only takes whole shillings.", code="amount")
    return amount_minor // step


def timestamp(now: datetime | None = None) -> str:
    return (now or datetime.now(tz=NAIROBI)).astimezone(NAIROBI).strftime("%Y%m%d%H%M%S")


def password(ts: str) -> str:
    raw = f"{settings.MPESA_SHORTCODE}{settings.MPESA_PASSKEY}{ts}"
    return base64.b64encode(raw.encode()).decode()


def is_configured() -> bool:
    needed = (
        settings.MPESA_CONSUMER_KEY,
        settings.MPESA_CONSUMER_SECRET,
        settings.MPESA_SHORTCODE,
        settings.MPESA_PASSKEY,
        settings.MPESA_CALLBACK_SECRET,
    )
    return all(needed)


def supports(currency: str) -> bool:
    return currency.upper() == "KES"


def _configured():
    if not is_configured():
        raise ProviderError("M-Pesa payments are not configured.", code="not_configured")


def _url(path: str) -> str:
    return settings.MPESA_BASE_URL.rstrip("/") + path


def _error_message(response) -> str:
    try:
        body = response.json()
    except ValueError:
        body = {}
    return str(body.get("errorMessage") or body.get("ResponseDescription") or "")


def access_token() -> str:
    return cached_access_token(
        provider="M-Pesa",
        cache_key=TOKEN_CACHE_KEY,
        ensure_configured=_configured,
        method="GET",
        url=_url("/oauth/v1/generate"),
        auth=(settings.MPESA_CONSUMER_KEY, settings.MPESA_CONSUMER_SECRET),
        params={"grant_type": "client_credentials"},
    )


def _post(path: str, payload: dict) -> requests.Response:
    _configured()
    try:
        response = requests.post(
            _url(path),
            json=payload,
            headers={"Authorization": f"Bearer {access_token()}"},
            timeout=settings.PAYMENTS_HTTP_TIMEOUT,
        )
    except requests.RequestException as exc:
        raise ProviderError("M-Pesa could not be reached. Please try again.") from exc
    if response.status_code == 401:
        cache.delete(TOKEN_CACHE_KEY)  # revoked or expired early: the next call fetches anew
    return response


def _accepted(path: str, payload: dict, refused: str) -> dict:
    """POST a request Daraja processes asynchronously; its body once accepted
    (ResponseCode 0), else a ProviderError starting with `refused`."""
    response = _post(path, payload)
    if response.status_code >= 500:
        raise ProviderError(
            "M-Pesa is not available right now. Please try again shortly.",
            status=response.status_code,
        )
    body = response.json() if response.content else {}
    if response.status_code != 200 or str(body.get("ResponseCode")) != "0":
        detail = _error_message(response) or "the request was refused"
        raise ProviderError(
            f"{refused}: {detail}.", code="provider_rejected", status=response.status_code
        )
    return body


def callback_url(name: str = "payments:webhook-mpesa") -> str:
    if not settings.MPESA_CALLBACK_SECRET:  # the secret is a path segment: no URL without it
        raise ProviderError("M-Pesa payments are not configured.", code="not_configured")
    path = reverse(name, kwargs={"secret": settings.MPESA_CALLBACK_SECRET})
    return (settings.MPESA_CALLBACK_BASE_URL or settings.BACKEND_URL).rstrip("/") + path


def create_checkout(payment, booking, *, phone=None, return_url: str = "") -> CheckoutResult:
    # An STK push happens on the client's phone: there is no page to return to.
    _configured()  # before the payload, whose callback URL needs the secret
    ts = timestamp()
    payload = {
        "BusinessShortCode": settings.MPESA_SHORTCODE,
        "Password": password(ts),
        "Timestamp": ts,
        "TransactionType": settings.MPESA_TRANSACTION_TYPE,
        "Amount": whole_shillings(payment.amount_minor, payment.currency),
        "PartyA": payment.phone,
        "PartyB": settings.MPESA_SHORTCODE,
        "PhoneNumber": payment.phone,
        "CallBackURL": callback_url(),
        "AccountReference": account_reference(booking.public_reference),
        "TransactionDesc": "Deposit"[:TRANSACTION_DESC_MAX],
    }
    body = _accepted(
        "/mpesa/stkpush/v1/processrequest", payload, "M-Pesa could not send the payment prompt"
    )
    return CheckoutResult(
        reference=body["CheckoutRequestID"],
        secondary_reference=body.get("MerchantRequestID", ""),
        message=body.get("CustomerMessage", ""),
        raw=body,
    )


def state_from_result(result_code, result_desc: str = "", metadata: dict | None = None):
    outcome, message = describe(result_code)
    metadata = metadata or {}
    amount = metadata.get("Amount")
    return ProviderState(
        outcome=outcome,
        amount_minor=to_minor(str(amount), "KES") if amount is not None else None,
        currency="KES" if amount is not None else None,
        provider_payment_id=str(metadata.get("MpesaReceiptNumber") or ""),
        receipt=str(metadata.get("MpesaReceiptNumber") or ""),
        failure_code="" if outcome == Outcome.PAID else f"mpesa_{result_code}",
        message=message,
        raw={"ResultCode": result_code, "ResultDesc": result_desc},
    )


def callback_metadata(callback: dict) -> dict:
    items = (callback.get("CallbackMetadata") or {}).get("Item") or []
    return {item.get("Name"): item.get("Value") for item in items if "Name" in item}


def fetch_state(payment) -> ProviderState:
    """STK Query: the authoritative answer for an STK push."""
    ts = timestamp()
    payload = {
        "BusinessShortCode": settings.MPESA_SHORTCODE,
        "Password": password(ts),
        "Timestamp": ts,
        "CheckoutRequestID": payment.provider_reference,
    }
    response = _post("/mpesa/stkpushquery/v1/query", payload)
    body = response.json() if response.content else {}
    if str(body.get("errorCode")) in STILL_PROCESSING_ERRORS:
        return ProviderState(
            outcome=Outcome.PENDING, message="Waiting for you to confirm on your phone."
        )
    if response.status_code != 200 or "ResultCode" not in body:
        raise ProviderError(
            "M-Pesa could not confirm the payment right now.", status=response.status_code
        )
    return state_from_result(body["ResultCode"], body.get("ResultDesc", ""))


# --- refunds: the Reversal API (whole payments) and B2C (partial) -------------------------


@dataclass(frozen=True)
class RefundOutcome:
    """What Daraja posts to the refund result URL, reduced to what we act on."""

    conversation_id: str
    succeeded: bool
    message: str
    amount_minor: int | None = None
    transaction_id: str = ""


def _refunds_configured():
    _configured()
    needed = (
        settings.MPESA_INITIATOR_NAME,
        settings.MPESA_INITIATOR_PASSWORD,
        settings.MPESA_CERTIFICATE_PATH,
    )
    if not all(needed):
        raise ProviderError(
            "M-Pesa refunds are not configured (initiator and certificate).",
            code="not_configured",
        )


def security_credential() -> str:
    """The initiator password encrypted with Safaricom's public certificate (RSA, PKCS#1
    v1.5), base64-encoded: Daraja's SecurityCredential. Safaricom ships the certificate as
    PEM or DER."""
    try:
        data = Path(settings.MPESA_CERTIFICATE_PATH).read_bytes()
        if b"-----BEGIN" in data:
            certificate = x509.load_pem_x509_certificate(data)
        else:
            certificate = x509.load_der_x509_certificate(data)
    except (OSError, ValueError) as exc:
        raise ProviderError(
            "The M-Pesa certificate could not be read.", code="not_configured"
        ) from exc
    encrypted = certificate.public_key().encrypt(
        settings.MPESA_INITIATOR_PASSWORD.encode(), padding.PKCS1v15()
    )
    return base64.b64encode(encrypted).decode()


def refund(payment, amount_minor: int, idempotency_key: str) -> RefundResult:
    """Ask Daraja to give money back. The whole payment is reversed (Reversal API); a part
    is paid back to the client's phone from the B2C shortcode (B2C API), which must be set
    up for that. Daraja only accepts the request here; the outcome arrives later at the
    refund result URL (or the queue-timeout URL)."""
    _refunds_configured()
    if not payment.provider_receipt:
        raise ProviderError("This M-Pesa payment has no receipt number to refund.", code="state")
    if amount_minor == payment.amount_minor and not payment.amount_refunded_minor:
        return _reverse(payment, amount_minor, idempotency_key)
    if not settings.MPESA_B2C_SHORTCODE:
        raise ProviderError(
            "M-Pesa reverses whole payments only and partial refunds (B2C) are not set up: "
            f"refund the full {display(payment.amount_minor, payment.currency)}, or send a "
            "partial refund from the M-Pesa portal.",
            code="partial_unsupported",
        )
    return _pay_back(payment, amount_minor, idempotency_key)


def _reverse(payment, amount_minor: int, idempotency_key: str) -> RefundResult:
    payload = {
        "Initiator": settings.MPESA_INITIATOR_NAME,
        "SecurityCredential": security_credential(),
        "CommandID": "TransactionReversal",
        "TransactionID": payment.provider_receipt,
        "Amount": whole_shillings(amount_minor, payment.currency),
        "ReceiverParty": settings.MPESA_SHORTCODE,
        "RecieverIdentifierType": "11",  # sic: Daraja's own spelling of the field
        "ResultURL": callback_url("payments:webhook-mpesa-refund"),
        "QueueTimeOutURL": callback_url("payments:webhook-mpesa-refund-timeout"),
        "Remarks": "Deposit refund",
        "Occasion": idempotency_key[:100],
    }
    body = _accepted("/mpesa/reversal/v1/request", payload, "M-Pesa refused the reversal")
    return RefundResult(refund_id=str(body["ConversationID"]), succeeded=False)


def _pay_back(payment, amount_minor: int, idempotency_key: str) -> RefundResult:
    payload = {
        # B2C v3 rejects a second request with the same OriginatorConversationID, so a
        # retried refund cannot pay twice.
        "OriginatorConversationID": idempotency_key,
        "InitiatorName": settings.MPESA_INITIATOR_NAME,
        "SecurityCredential": security_credential(),
        "CommandID": "BusinessPayment",
        "Amount": whole_shillings(amount_minor, payment.currency),
        "PartyA": settings.MPESA_B2C_SHORTCODE,
        "PartyB": payment.phone,
        "Remarks": "Deposit refund",
        "QueueTimeOutURL": callback_url("payments:webhook-mpesa-refund-timeout"),
        "ResultURL": callback_url("payments:webhook-mpesa-refund"),
        "Occasion": payment.provider_receipt,
    }
    body = _accepted("/mpesa/b2c/v3/paymentrequest", payload, "M-Pesa refused the refund")
    return RefundResult(refund_id=str(body["ConversationID"]), succeeded=False)


def _result_parameters(result: dict) -> dict:
    items = (result.get("ResultParameters") or {}).get("ResultParameter") or []
    if isinstance(items, dict):  # Daraja sends a lone parameter as an object, not a list
        items = [items]
    return {item.get("Key"): item.get("Value") for item in items if isinstance(item, dict)}


def result_conversation_id(payload: dict) -> str:
    """The ConversationID a refund result or timeout is about (KeyError/TypeError if the
    payload is not one)."""
    conversation_id = str(payload["Result"]["ConversationID"] or "")
    if not conversation_id:
        raise KeyError("ConversationID")
    return conversation_id


def refund_outcome(payload: dict) -> RefundOutcome:
    result = payload["Result"]
    params = _result_parameters(result)
    amount = params.get("Amount", params.get("TransactionAmount"))  # reversal, B2C
    succeeded = str(result.get("ResultCode")) == "0"
    return RefundOutcome(
        conversation_id=result_conversation_id(payload),
        succeeded=succeeded,
        message=str(result.get("ResultDesc") or ""),
        amount_minor=to_minor(str(amount), "KES") if succeeded and amount is not None else None,
        transaction_id=str(result.get("TransactionID") or ""),
    )
