"""The provider facade and registry: services, the webhook inbox and reconciliation call
these and nothing provider-specific.

Each provider is one package (Saleor's shape), payments/gateways/<provider>/:
  __init__.py        the gateway interface: is_configured, supports, create_checkout,
                     fetch_state, refund, charge_minor, attempt_phone, stale_after_seconds
  client.py          the provider's API client
  webhooks.py        verify(...) -> (event_id, event_type, payload) and HANDLERS
  reconciliation.py  checks(run, since) -> the reconciliation steps for this provider
A provider change touches its own folder only.
"""

from importlib import import_module

from payments.exceptions import ProviderError

PROVIDERS = ("stripe", "mpesa", "paypal")  # display order


def _provider_module(provider: str, part: str = ""):
    name = str(provider)  # a PaymentProvider member's str() is its value
    if name not in PROVIDERS:
        raise ProviderError(f"Unknown payment provider {name!r}.", code="unknown")
    return import_module(f"payments.gateways.{name}" + (f".{part}" if part else ""))


def gateway_for(provider: str):
    return _provider_module(provider)


def webhooks_for(provider: str):
    """The provider's webhook module: verify(...) and HANDLERS {event_type: handler}."""
    return _provider_module(provider, "webhooks")


def preload() -> None:
    """Import every provider's gateway and webhook modules now: the web server calls this
    at start-up (config/wsgi.py) so that no delivery waits on an import."""
    for name in PROVIDERS:
        webhooks_for(name)


def reconciliation_for(provider: str):
    return _provider_module(provider, "reconciliation")


def providers_for(currency: str) -> list[str]:
    """The providers that are configured here and take `currency`, in display order."""
    return [
        name
        for name in PROVIDERS
        if gateway_for(name).is_configured() and gateway_for(name).supports(currency)
    ]
