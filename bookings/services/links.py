"""Tracking links: extra tokens for emails sent after intake, and retiring old ones.

Only hashes are stored, so an email that needs a working link gets a fresh token. The
booking's own token (`Booking.tracking_token_hash`) and every live extra token open the
tracking page; a review retires them all (see `links_supersede_all`). Clients who lost
their link can ask for it by email."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from bookings.addresses import tracking_url
from bookings.models import Booking, BookingStatus, Client, TrackingLink
from bookings.tokens import new_tracking_token
from core.mail import send_email_on_commit


def link_issue(booking: Booking) -> str:
    """A new live token for `booking` (call inside the transaction that emails it)."""
    token, token_hash = new_tracking_token()
    TrackingLink.objects.create(booking=booking, token_hash=token_hash)
    return token


def link_url(booking: Booking) -> str:
    """The client's tracking URL with a fresh token: what every client email links to."""
    return tracking_url(booking, link_issue(booking))


def links_supersede_all(booking: Booking, *, current_hash: str) -> None:
    """Retire the booking's current token and every live extra token (the caller then
    stores a new `tracking_token_hash`). Retired hashes are kept to explain old links."""
    now = timezone.now()
    booking.tracking_links.filter(superseded_at__isnull=True).update(superseded_at=now)
    if current_hash:
        TrackingLink.objects.get_or_create(
            token_hash=current_hash, defaults={"booking": booking, "superseded_at": now}
        )


# --- tracking links by email ---------------------------------------------------------


def _cooldown_key(email: str, reference: str = "") -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"bookings:links-emailed:{digest}:{reference.upper()}"


def links_cooldown_start(email: str) -> None:
    """The address was just emailed its link (the booking confirmation): a lookup right
    after (the frontend opens the history page next) does not email it again."""
    cache.set(_cooldown_key(email), 1, settings.BOOKINGS_LINK_EMAIL_COOLDOWN)


def booking_links_request(*, email: str, reference: str = "") -> None:
    """Queue an email of tracking links to `email` (for one booking when `reference` is
    given). The caller answers the same whatever happens here: whether the address has
    bookings is only looked at in the task, and the cooldown applies to every address."""
    from bookings.tasks import email_booking_links

    if not cache.add(_cooldown_key(email, reference), 1, settings.BOOKINGS_LINK_EMAIL_COOLDOWN):
        return
    email, reference = email.strip(), reference.strip().upper()
    transaction.on_commit(lambda: email_booking_links(email, reference))


def booking_links_send(*, email: str, reference: str = "") -> int:
    """Email `email` a fresh tracking link for each of its bookings (or the one named by
    `reference`). Nothing is sent to an address without bookings. Returns how many."""
    client = Client.objects.filter(email__iexact=email.strip()).first()
    if client is None:
        return 0
    bookings = client.bookings.order_by("-created_at")
    if reference:
        bookings = bookings.filter(public_reference=reference.upper())
    with transaction.atomic():
        items = [
            {
                "reference": booking.public_reference,
                "title": booking.title,
                "status_label": BookingStatus(booking.status).label,
                "tracking_url": link_url(booking),
            }
            for booking in bookings[:50]
        ]
        if items:
            send_email_on_commit(
                "bookings_links", client.email, {"client_name": client.name, "bookings": items}
            )
    return len(items)
