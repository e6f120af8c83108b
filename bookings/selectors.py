"""Every read of bookings: tracking-token lookup, staff visibility and lists, the client's
tracking view and signed file URLs."""

from __future__ import annotations

import hmac
from datetime import date

from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage
from django.db.models import Q, QuerySet
from django.urls import reverse
from rest_framework.exceptions import NotFound

from bookings.exceptions import TrackingLinkSuperseded
from bookings.models import Booking, BookingFile, TrackingLink
from bookings.tokens import hash_token
from bookings.uploads import private_storage
from core.request import parse_id

TRACKING_NOT_FOUND = "We could not find a booking with that reference and tracking link."

_FILE_SIGNING_SALT = "bookings.file-download"
# A well-formed hash that no token produces, compared when the booking does not exist so
# that a miss costs the same as a wrong token.
_NO_HASH = "0" * 64


def tracking_token_from_request(request) -> str | None:
    """The tracking token from `?token=` or `Authorization: Bearer <token>`."""
    params = getattr(request, "query_params", None) or request.GET
    token = (params.get("token") or "").strip()
    return token or bearer_token(request)


def bearer_token(request) -> str | None:
    """The token of `Authorization: Bearer <token>` (how the tracking page's POSTs send it)."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def booking_for_tracking_token(*, token, reference=None, booking_id=None) -> Booking:
    """The booking whose reference (any case) or id and token match; NotFound otherwise,
    with the same answer whichever part was wrong (the booking's own token hash is compared
    in constant time). A token that a review retired raises TrackingLinkSuperseded."""
    booking = None
    query = Booking.objects.select_related("client")
    if reference:
        booking = query.filter(public_reference=str(reference).strip().upper()).first()
    elif booking_id not in (None, ""):
        try:
            booking = query.filter(pk=int(booking_id)).first()
        except (TypeError, ValueError):
            booking = None
    expected = booking.tracking_token_hash if booking else _NO_HASH
    supplied = hash_token(token or "")
    if booking is not None and token:
        if hmac.compare_digest(expected, supplied):
            return booking
        link = TrackingLink.objects.filter(booking=booking, token_hash=supplied).first()
        if link is not None and link.superseded_at is None:
            return booking
        if link is not None:
            raise TrackingLinkSuperseded()
    raise NotFound(TRACKING_NOT_FOUND)


# --- staff visibility ---------------------------------------------------------------


def bookings_visible_to(user) -> QuerySet[Booking]:
    query = Booking.objects.select_related("client", "assigned_to")
    if not user or not user.is_authenticated or not user.is_active:
        return query.none()
    if user.has_perm("bookings.view_booking"):
        return query
    if user.has_perm("bookings.view_assigned_booking"):
        return query.filter(assigned_to=user)
    return query.none()


def booking_get_for_staff(*, booking_id, user) -> Booking:
    try:
        return bookings_visible_to(user).get(pk=int(booking_id))
    except (Booking.DoesNotExist, TypeError, ValueError) as exc:
        raise NotFound("We could not find that booking.") from exc


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def booking_list(*, user, filters: dict | None = None) -> QuerySet[Booking]:
    """Bookings the user may see, filtered by status (comma list), assignedTo (id, `me`,
    `none`), projectType, createdFrom/createdTo (YYYY-MM-DD) and q (reference, title,
    client email or name)."""
    filters = filters or {}
    query = bookings_visible_to(user)
    if statuses := [s for s in (filters.get("status") or "").split(",") if s]:
        query = query.filter(status__in=[s.strip().upper() for s in statuses])
    assigned = (filters.get("assignedTo") or "").strip()
    if assigned == "me":
        query = query.filter(assigned_to=user)
    elif assigned == "none":
        query = query.filter(assigned_to__isnull=True)
    elif (assigned_id := parse_id(assigned)) is not None:
        query = query.filter(assigned_to_id=assigned_id)
    if project_type := (filters.get("projectType") or "").strip():
        query = query.filter(project_type=project_type.upper())
    if start := _parse_date(filters.get("createdFrom")):
        query = query.filter(created_at__date__gte=start)
    if end := _parse_date(filters.get("createdTo")):
        query = query.filter(created_at__date__lte=end)
    if text := (filters.get("q") or "").strip():
        query = query.filter(
            Q(public_reference__icontains=text)
            | Q(title__icontains=text)
            | Q(client__email__icontains=text)
            | Q(client__name__icontains=text)
        )
    return query.order_by("-created_at", "-id")


# --- signed file downloads -----------------------------------------------------------


def file_download_url(item: BookingFile, *, request=None, thumbnail: bool = False) -> str:
    """A short-lived URL for one private file: the storage's presigned URL on S3, else a
    signed link to our download view. Never a public media URL."""
    storage = private_storage()
    key = item.thumbnail_key if thumbnail else item.storage_key
    expiry = settings.BOOKINGS_FILE_URL_EXPIRY_SECONDS
    if not isinstance(storage, FileSystemStorage):
        filename = item.filename.replace('"', "")
        return storage.url(
            key,
            parameters={"ResponseContentDisposition": f'attachment; filename="{filename}"'},
            expire=expiry,
        )
    signed = signing.dumps(
        {"f": item.pk, "t": 1 if thumbnail else 0}, salt=_FILE_SIGNING_SALT, compress=False
    )
    path = reverse("bookings:file-download", kwargs={"signed": signed})
    return (
        request.build_absolute_uri(path)
        if request is not None
        else (f"{settings.BACKEND_URL}{path}")
    )


def file_for_signed_value(signed: str) -> tuple[BookingFile, bool]:
    """The file a signed download value names; NotFound when forged or expired."""
    try:
        payload = signing.loads(
            signed, salt=_FILE_SIGNING_SALT, max_age=settings.BOOKINGS_FILE_URL_EXPIRY_SECONDS
        )
        item = BookingFile.objects.get(pk=int(payload["f"]))
    except (signing.BadSignature, BookingFile.DoesNotExist, KeyError, TypeError, ValueError) as exc:
        raise NotFound("This download link is invalid or has expired.") from exc
    thumbnail = bool(payload.get("t"))
    if thumbnail and not item.thumbnail_key:
        raise NotFound("This download link is invalid or has expired.")
    return item, thumbnail
