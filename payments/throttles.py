"""Per-IP rate limits for the payment routes (scopes in REST_FRAMEWORK settings)."""

from core.throttling import ScopedThrottle


class PaymentCreateThrottle(ScopedThrottle):
    scope = "payments"


class WebhookThrottle(ScopedThrottle):
    """Per source address (NUM_PROXIES decides which), before verification: providers
    stay far below the rate."""

    scope = "webhooks"
