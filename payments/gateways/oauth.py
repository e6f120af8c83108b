"""OAuth2 client-credentials tokens (Daraja and PayPal), cached until shortly before they
expire so every API call does not cost a token request. Provider-neutral: no gateway
package imports another."""

from collections.abc import Callable

import requests
from django.conf import settings
from django.core.cache import cache

from payments.exceptions import ProviderError


def cached_access_token(
    *,
    provider: str,
    cache_key: str,
    ensure_configured: Callable[[], None],
    method: str,
    url: str,
    auth: tuple[str, str],
    **request_kwargs,
) -> str:
    token = cache.get(cache_key)
    if token:
        return token
    ensure_configured()
    try:
        response = requests.request(
            method, url, auth=auth, timeout=settings.PAYMENTS_HTTP_TIMEOUT, **request_kwargs
        )
    except requests.RequestException as exc:
        raise ProviderError(f"{provider} could not be reached. Please try again.") from exc
    if response.status_code != 200:
        raise ProviderError(
            f"{provider} is not available right now. Please try again shortly.",
            status=response.status_code,
        )
    body = response.json()
    token = body["access_token"]
    lifetime = int(body.get("expires_in") or 3599)
    cache.set(cache_key, token, timeout=max(lifetime - 60, 30))
    return token
