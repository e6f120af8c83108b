"""M-Pesa refunds: the Reversal API for a whole payment, B2C for a part (paid back to the
client's phone). Daraja only accepts the request; the result arrives later at a secret URL
like the STK callback's."""

import base64
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding
from django.conf import settings

from payments.exceptions import ProviderError
from payments.gateways.base import RefundResult
from payments.gateways.mpesa.client import (
    callback_url,
    ensure_configured,
    post_accepted,
    whole_shillings,
)
from payments.money import display, to_minor


@dataclass(frozen=True)
class RefundOutcome:
    """What Daraja posts to the refund result URL, reduced to what we act on."""

    conversation_id: str
    succeeded: bool
    message: str
    amount_minor: int | None = None
    transaction_id: str = ""


def _refunds_configured():
    ensure_configured()
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
    body = post_accepted("/mpesa/reversal/v1/request", payload, "M-Pesa refused the reversal")
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
    body = post_accepted("/mpesa/b2c/v3/paymentrequest", payload, "M-Pesa refused the refund")
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
