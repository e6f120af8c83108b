"""The provider time budget must fit well inside the web worker's timeout: otherwise a
hung provider makes gunicorn kill the worker and the client sees its HTML 500, not our 502."""

from django.conf import settings
from django.core.checks import Error, register

# A payment start may refresh a stale attempt first and then create one: two provider
# operations, each one token request plus one API request (M-Pesa, PayPal) or one Stripe
# request with its network retries.
OPERATIONS_PER_REQUEST = 2
STRIPE_MAX_BACKOFF_SECONDS = 2.0  # stripe-python sleeps 0.5 s, 1 s, ... between retries


def provider_request_budget_seconds() -> float:
    timeout = float(settings.PAYMENTS_HTTP_TIMEOUT)
    retries = int(settings.STRIPE_MAX_NETWORK_RETRIES)
    stripe_operation = (retries + 1) * timeout + retries * STRIPE_MAX_BACKOFF_SECONDS
    oauth_operation = 2 * timeout
    return OPERATIONS_PER_REQUEST * max(stripe_operation, oauth_operation)


@register()
def provider_budget(app_configs, **kwargs):
    budget = provider_request_budget_seconds()
    limit = settings.WORKER_TIMEOUT_SECONDS / 2
    if budget <= limit:
        return []
    return [
        Error(
            f"A payment request can wait {budget:.0f} s on providers, more than half the "
            f"worker timeout ({settings.WORKER_TIMEOUT_SECONDS} s).",
            hint="Lower PAYMENTS_HTTP_TIMEOUT or STRIPE_MAX_NETWORK_RETRIES, or raise "
            "GUNICORN_TIMEOUT.",
            id="payments.E001",
        )
    ]
