"""What every provider module returns, so services never see a provider's own shapes."""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode


class Outcome:
    PAID = "paid"
    PENDING = "pending"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


@dataclass(frozen=True)
class CheckoutResult:
    """A started attempt: where the client goes next and the provider's reference."""

    reference: str
    checkout_url: str = ""
    secondary_reference: str = ""
    expires_at: datetime | None = None
    message: str = ""
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ProviderState:
    """What the provider says about one attempt (from a webhook or an API read)."""

    outcome: str
    amount_minor: int | None = None
    currency: str | None = None
    provider_payment_id: str = ""
    receipt: str = ""
    failure_code: str = ""
    message: str = ""
    paid_at: datetime | None = None
    amount_refunded_minor: int | None = None
    refunds: tuple = ()  # ((provider_refund_id, amount_minor, succeeded: bool), ...)
    failed_refunds: tuple = ()  # provider refund ids the provider reports failed/cancelled
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RefundResult:
    refund_id: str
    succeeded: bool


def return_urls(return_url: str, payment) -> tuple[str, str]:
    """Where a provider sends the client back after paying or cancelling: the booking's
    tracking page (`return_url`, built by the caller), tagged so a log or support request
    shows which attempt it was. The frontend ignores the extra query parameters."""
    separator = "&" if "?" in return_url else "?"
    tagged = f"{return_url}{separator}{urlencode({'payment': str(payment.id)})}"
    return f"{tagged}&status=success", f"{tagged}&status=cancelled"
