"""Newsletter double opt-in. Subscribing answers the same whatever the address's state,
so the form cannot be used to learn who is subscribed. Confirm and unsubscribe are
idempotent (the links are GETs, and mail scanners open them too).

Tokens: the confirmation token is random and only its SHA-256 is stored. The
unsubscribe token is an HMAC (SECRET_KEY) of a per-subscriber nonce, so every newsletter
email can carry it, the database holds only its hash, and a leaked table yields none."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.mail import send_email_on_commit
from enquiries.exceptions import BadToken
from enquiries.models import NewsletterSubscriber, SubscriberStatus

CONFIRM_TOKEN_MAX_AGE = timedelta(days=7)
_UNSUBSCRIBE_SALT = "enquiries.newsletter.unsubscribe"

S = SubscriberStatus


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def unsubscribe_token(subscriber: NewsletterSubscriber) -> str:
    return salted_hmac(
        _UNSUBSCRIBE_SALT, subscriber.unsubscribe_nonce, algorithm="sha256"
    ).hexdigest()


def new_nonce(subscriber: NewsletterSubscriber) -> None:
    """A fresh unsubscribe token (the caller saves the row); the old link stops working."""
    subscriber.unsubscribe_nonce = secrets.token_hex(16)
    subscriber.unsubscribe_token_hash = hash_token(unsubscribe_token(subscriber))


def unsubscribe_url(subscriber: NewsletterSubscriber) -> str:
    """The page a person opens from the email body (the SPA calls our GET)."""
    query = urlencode({"token": unsubscribe_token(subscriber)})
    return f"{settings.FRONTEND_URL}/newsletter/unsubscribe?{query}"


def list_unsubscribe_headers(subscriber: NewsletterSubscriber) -> dict[str, str]:
    """RFC 2369 + RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to
    the API URL directly, without opening the SPA."""
    query = urlencode({"token": unsubscribe_token(subscriber)})
    return {
        "List-Unsubscribe": f"<{settings.BACKEND_URL}/api/newsletter/unsubscribe?{query}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _send_confirmation(subscriber: NewsletterSubscriber) -> None:
    token = secrets.token_urlsafe(32)
    subscriber.confirm_token_hash = hash_token(token)
    subscriber.confirm_sent_at = timezone.now()
    subscriber.save(update_fields=["confirm_token_hash", "confirm_sent_at", "status", "updated_at"])
    confirm_url = f"{settings.FRONTEND_URL}/newsletter/confirm?{urlencode({'token': token})}"
    send_email_on_commit("newsletter_confirm", subscriber.email, {"confirm_url": confirm_url})


def newsletter_subscribe(*, email: str, ip: str | None = None) -> None:
    """Start (or restart) the double opt-in for `email`. Confirmed addresses get nothing:
    they are already subscribed, and a stranger must not be able to mail them."""
    email = email.strip().lower()
    with transaction.atomic():
        subscriber = (
            NewsletterSubscriber.objects.select_for_update().filter(email__iexact=email).first()
        )
        if subscriber is None:
            subscriber = NewsletterSubscriber(email=email, source_ip=ip or None)
            new_nonce(subscriber)
            try:
                with transaction.atomic():
                    subscriber.save()
            except IntegrityError:  # subscribed concurrently: the other request mails them
                return
        elif subscriber.status == S.CONFIRMED:
            return
        subscriber.status = S.PENDING
        _send_confirmation(subscriber)


def _by_hash(field: str, token: str) -> NewsletterSubscriber:
    token = (token or "").strip()
    if not token or len(token) > 200:
        raise BadToken()
    subscriber = (
        NewsletterSubscriber.objects.select_for_update()
        .filter(**{field: hash_token(token)})
        .first()
    )
    if subscriber is None:
        raise BadToken()
    return subscriber


def newsletter_confirm(*, token: str) -> tuple[NewsletterSubscriber, bool]:
    """Confirm by the emailed token. Returns (subscriber, changed); a second click on the
    same link is a success that changes nothing."""
    with transaction.atomic():
        subscriber = _by_hash("confirm_token_hash", token)
        if subscriber.status == S.CONFIRMED:
            return subscriber, False
        if subscriber.status == S.UNSUBSCRIBED:
            # An old confirmation link must not undo a later unsubscribe.
            raise BadToken("This link is no longer valid. Please subscribe again.")
        if timezone.now() - subscriber.confirm_sent_at > CONFIRM_TOKEN_MAX_AGE:
            raise BadToken("This confirmation link has expired. Please subscribe again.")
        subscriber.status = S.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at", "updated_at"])
        send_email_on_commit(
            "newsletter_welcome",
            subscriber.email,
            {"unsubscribe_url": unsubscribe_url(subscriber)},
            headers=list_unsubscribe_headers(subscriber),
        )
    return subscriber, True


def newsletter_unsubscribe(*, token: str) -> tuple[NewsletterSubscriber, bool]:
    with transaction.atomic():
        subscriber = _by_hash("unsubscribe_token_hash", token)
        if subscriber.status == S.UNSUBSCRIBED:
            return subscriber, False
        subscriber.status = S.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at", "updated_at"])
    return subscriber, True
