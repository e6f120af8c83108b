"""Per-IP (and per-address) rate limits for the public forms; scopes in REST_FRAMEWORK."""

import hashlib

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _Scoped(SimpleRateThrottle):
    def get_rate(self):
        # Read at request time so rates follow settings overrides (tests, env changes).
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class _PerIP(_Scoped):
    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class EnquiryThrottle(_PerIP):
    """The contact page and the home form share one budget: a bot gains nothing by
    alternating between them."""

    scope = "enquiries"


class NewsletterSubscribeThrottle(_PerIP):
    scope = "newsletter"


class NewsletterAddressThrottle(_Scoped):
    """Confirmation emails to one address, from anywhere: subscribe must not become a way
    to flood someone's inbox."""

    scope = "newsletter_address"

    def get_cache_key(self, request, view):
        email = request.data.get("email") if hasattr(request.data, "get") else None
        if not isinstance(email, str) or not email.strip():
            return None
        ident = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class NewsletterLinkThrottle(_PerIP):
    """Confirm and unsubscribe links: generous, but token guessing is slowed down."""

    scope = "newsletter_links"


class ChatbotThrottle(_PerIP):
    scope = "chatbot"
