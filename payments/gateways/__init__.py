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


def _modules() -> dict:
    from payments.gateways import mpesa, paypal, stripe

    return {"stripe": stripe, "mpesa": mpesa, "paypal": paypal}


def gateway_for(provider: str):
    try:
        return _modules()[provider]
    except KeyError:
        raise ProviderError(f"Unknown payment provider {provider!r}.", code="unknown") from None


def providers_for(currency: str) -> list[str]:
    """The providers that are configured here and take `currency`, in display order."""
    return [
        name
        for name, module in _modules().items()
        if module.is_configured() and module.supports(currency)
    ]


__all__ = [
    "CheckoutResult",
    "Outcome",
    "ProviderError",
    "ProviderState",
    "RefundResult",
    "gateway_for",
    "providers_for",
]
