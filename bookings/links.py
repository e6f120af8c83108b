"""Tracking links: extra tokens for emails sent after intake, and retiring old ones.

Only hashes are stored, so an email that needs a working link gets a fresh token. The
booking's own token (`Booking.tracking_token_hash`) and every live extra token open the
tracking page; a review retires them all (see `links_supersede_all`)."""

from __future__ import annotations

from django.utils import timezone

from bookings.models import Booking, TrackingLink


def link_issue(booking: Booking) -> str:
    """A new live token for `booking` (call inside the transaction that emails it)."""
    from bookings.services import _new_tracking_token

    token, token_hash = _new_tracking_token()
    TrackingLink.objects.create(booking=booking, token_hash=token_hash)
    return token


def link_url(booking: Booking) -> str:
    """The client's tracking URL with a fresh token: what every client email links to."""
    from bookings.services import tracking_url

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
