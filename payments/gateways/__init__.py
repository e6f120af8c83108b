"""The provider facade: services call `gateway_for(provider)` and nothing provider-specific.

Each provider is one thin module (Saleor's shape): stripe.py wraps the official `stripe`
library, mpesa.py and paypal.py are small `requests` clients for Daraja and Orders v2.
"""

from payments.gateways.base import (
    CheckoutResult,
    Outcome,
    ProviderError,
    ProviderState,
    RefundResult,
)


def gateway_for(provider: str):
    from payments.gateways import mpesa, paypal, stripe

    modules = {"stripe": stripe, "mpesa": mpesa, "paypal": paypal}
    try:
        return modules[provider]
    except KeyError:
        raise ProviderError(f"Unknown payment provider {provider!r}.", code="unknown") from None


__all__ = [
    "CheckoutResult",
    "Outcome",
    "ProviderError",
    "ProviderState",
    "RefundResult",
    "gateway_for",
]
