"""Per-IP (and per-address) rate limits for the public forms; scopes in REST_FRAMEWORK."""

from core.throttling import EmailThrottle, ScopedThrottle


class EnquiryThrottle(ScopedThrottle):
    """The contact page and the home form share one budget: a bot gains nothing by
    alternating between them."""

    scope = "enquiries"


class NewsletterSubscribeThrottle(ScopedThrottle):
    scope = "newsletter"


class NewsletterAddressThrottle(EmailThrottle):
    """Confirmation emails to one address, from anywhere: subscribe must not become a way
    to flood someone's inbox."""

    scope = "newsletter_address"


class NewsletterLinkThrottle(ScopedThrottle):
    """Confirm and unsubscribe links: generous, but token guessing is slowed down."""

    scope = "newsletter_links"


class ChatbotThrottle(ScopedThrottle):
    scope = "chatbot"
