"""Every error class the payments app raises, in one place."""

from rest_framework import status

from core.exceptions import ApiError, Conflict


class MoneyError(ValueError):
    """An amount that cannot be represented exactly in the currency's minor unit."""


class ProviderError(Exception):
    """The provider refused or could not be reached. `message` is safe to show a client."""

    def __init__(self, message: str, *, code: str = "provider_error", status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class PaymentConflict(Conflict):
    default_code = "payment_conflict"


class AmountMismatch(Conflict):
    default_code = "amount_mismatch"


class InvalidWebhook(Exception):
    """The delivery could not be authenticated or read."""


class RetryLater(Exception):
    """The event is valid but cannot be applied yet; the provider should redeliver."""


class WebhookRejected(ApiError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_webhook"
    default_detail = "The webhook could not be verified."


class WebhookNotProcessed(ApiError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "webhook_not_processed"
    default_detail = "The event was stored but could not be processed yet; please redeliver."
