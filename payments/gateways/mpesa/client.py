"""M-Pesa Daraja (Lipa na M-Pesa Online / STK push) with `requests`; refunds in refunds.py.

OAuth token cached until shortly before it expires; STK push password is
base64(shortcode + passkey + timestamp) with the timestamp in Nairobi time; amounts are
whole shillings; callbacks are unsigned, so a success is only trusted once the STK Query
API confirms it. Refunds use the Reversal API for a whole payment and the B2C API for a
part (paid to the client's phone); both post their result later to a secret URL like the
STK callback's.
"""

import base64
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import requests
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from payments.exceptions import ProviderError
from payments.gateways.base import (
    CheckoutResult,
    Outcome,
    ProviderState,
)
from payments.gateways.oauth import cached_access_token
from payments.money import exponent, to_minor

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


def ensure_configured():
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
        ensure_configured=ensure_configured,
        method="GET",
        url=_url("/oauth/v1/generate"),
        auth=(settings.MPESA_CONSUMER_KEY, settings.MPESA_CONSUMER_SECRET),
        params={"grant_type": "client_credentials"},
    )


def _post(path: str, payload: dict) -> requests.Response:
    ensure_configured()
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


def post_accepted(path: str, payload: dict, refused: str) -> dict:
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
    ensure_configured()  # before the payload, whose callback URL needs the secret
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
    body = post_accepted(
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
