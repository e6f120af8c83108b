"""Every write to bookings. Status changes go through `booking_transition` (or the locked
helper it shares with review, terms and deposit), which checks bookings.states under a row
lock, records a BookingEvent and queues side effects with transaction.on_commit."""

from __future__ import annotations

import hashlib
import io
import logging
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import APIException

from accounts import audit
from bookings import links, states
from bookings.exceptions import InvalidTransition, StatusChanged, TermsVersionChanged
from bookings.models import (
    ActorType,
    Booking,
    BookingEvent,
    BookingFile,
    BookingNote,
    BookingStatus,
    Client,
    ReferenceCounter,
)
from bookings.selectors import booking_for_tracking_token, tracking_token_from_request
from bookings.uploads import CheckedFile, delete_stored, private_storage, store_files
from core.exceptions import Conflict
from core.mail import send_email_on_commit
from core.request import client_ip, parse_id
from invoicing.services import invoice_issue_for_booking
from payments.money import display_amount

logger = logging.getLogger(__name__)

AUDIT_REVIEW = "angisoft.booking.review"
AUDIT_TRANSITION = "angisoft.booking.transition"
AUDIT_ASSIGN = "angisoft.booking.assign"
AUDIT_NOTE = "angisoft.booking.note"

THUMBNAIL_SIZE = (400, 400)
# A deposit offered on the form is not taken at intake: the amount depends on the review.
DEPOSIT_AT_REVIEW = (
    "You asked to pay a deposit: our team sets the deposit amount when reviewing your "
    "booking and will email you a secure link to pay it by card, M-Pesa or PayPal."
)


# --- tokens and references ---------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_tracking_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def tracking_url(booking: Booking, token: str | None = None) -> str:
    """THE link to a booking's tracking page (the frontend's `/bookings/<REF>` route)."""
    url = f"{settings.FRONTEND_URL}/bookings/{booking.public_reference}"
    return f"{url}?token={token}" if token else url


def tracking_path(booking: Booking, token: str) -> str:
    """`tracking_url` without the frontend origin, for API responses."""
    return tracking_url(booking, token).removeprefix(settings.FRONTEND_URL)


def admin_url(booking: Booking) -> str:
    from bookings.admin_views import admin_inspect_path

    return f"{settings.WAGTAILADMIN_BASE_URL}{admin_inspect_path(booking.pk)}"


def _allocate_reference(year: int) -> str:
    """Next ANG-<year>-<nnnnn>: the year's counter row is locked until our transaction
    ends, so concurrent submissions queue here and never share or skip a number."""
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(year=year, last_number=0)], ignore_conflicts=True
    )
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"ANG-{year}-{counter.last_number:05d}"


# --- clients -----------------------------------------------------------------------


def client_get_or_create(*, email: str, name: str, phone: str = "", organisation: str = ""):
    """The client with this email (any case), created if new; contact details refreshed."""
    email = email.strip()
    client = Client.objects.filter(email__iexact=email).first()
    if client is None:
        try:
            with transaction.atomic():
                return Client.objects.create(
                    email=email.lower(), name=name, phone=phone, organisation=organisation
                )
        except IntegrityError:
            client = Client.objects.get(email__iexact=email)  # created concurrently
    changed = []
    for field, value in (("name", name), ("phone", phone), ("organisation", organisation)):
        if value and getattr(client, field) != value:
            setattr(client, field, value)
            changed.append(field)
    if changed:
        client.save(update_fields=[*changed, "updated_at"])
    return client


# --- events, emails ----------------------------------------------------------------


def _event(booking, type_, title, *, description="", actor=None, actor_type="system", **kw):
    return BookingEvent.objects.create(
        booking=booking,
        type=type_,
        title=title,
        description=description,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_type=actor_type,
        **kw,
    )


def _email_context(booking: Booking, **extra) -> dict:
    return {
        "reference": booking.public_reference,
        "title": booking.title,
        "client_name": booking.client.name,
        "client_email": booking.client.email,
        "status": booking.status,
        "status_label": BookingStatus(booking.status).label,
        "tracking_url": tracking_url(booking),
        "admin_url": admin_url(booking),
        **extra,
    }


def _money(amount: Decimal | None, currency: str) -> str:
    return display_amount(amount, currency)


def _links_cooldown_start(email: str) -> None:
    from bookings.client_services import links_cooldown_start

    links_cooldown_start(email)


def _payment_link(booking: Booking, token: str | None) -> str:
    """The deposit payment page link for the client's email, recorded on the timeline;
    empty without a token that opens the booking (the link would not work)."""
    from payments.pay_page.links import pay_url  # payments imports this module

    try:  # the check the tracking API makes, so every token that opens the page works
        booking_for_tracking_token(token=token, booking_id=booking.pk)
    except APIException:
        return ""

    _event(
        booking,
        BookingEvent.Type.PAYMENT_REQUESTED,
        "Payment link sent",
        description="A link to pay the deposit of "
        f"{_money(booking.deposit_amount, booking.currency)} was emailed to you.",
    )
    return pay_url(booking, token)


def _queue_file_processing(file_ids: list[int]) -> None:
    from bookings.tasks import process_booking_file

    for file_id in file_ids:
        transaction.on_commit(lambda file_id=file_id: process_booking_file(file_id))


# --- intake ------------------------------------------------------------------------


def booking_create(
    *,
    name: str,
    email: str,
    title: str,
    description: str,
    project_type: str,
    phone: str = "",
    organisation: str = "",
    details: dict | None = None,
    files: list[CheckedFile] = (),
    source: str = "",
    source_path: str = "",
    service_slug: str = "",
    service_title: str = "",
    package_slug: str = "",
    package_title: str = "",
    request_type: str = "",
    budget_amount: Decimal | None = None,
    currency: str = "KES",
    deposit_requested: bool = False,
    ip: str | None = None,
) -> tuple[Booking, str]:
    """Store the files, then create client, booking, file rows and the first event in one
    short transaction. Returns the booking and its tracking token (shown only now).

    Files are stored before the transaction so the reference counter is locked only for a
    few inserts; if anything fails, the stored objects are deleted and nothing remains."""
    keys = store_files(list(files))
    token, token_hash = _new_tracking_token()
    try:
        with transaction.atomic():
            client = client_get_or_create(
                email=email, name=name, phone=phone, organisation=organisation
            )
            booking = Booking.objects.create(
                public_reference=_allocate_reference(timezone.localdate().year),
                client=client,
                title=title,
                description=description,
                project_type=project_type,
                details=details or {},
                source=source,
                source_path=source_path,
                service_slug=service_slug,
                service_title=service_title,
                package_slug=package_slug,
                package_title=package_title,
                request_type=request_type,
                budget_amount=budget_amount,
                currency=(currency or "KES").upper(),
                tracking_token_hash=token_hash,
                submitted_ip=ip or None,
            )
            rows = _file_rows(booking, files, keys, BookingFile.Uploader.CLIENT)
            notes = [f"{len(rows)} file(s) attached."] if rows else []
            if deposit_requested:
                notes.append(DEPOSIT_AT_REVIEW)
            _event(
                booking,
                BookingEvent.Type.SUBMITTED,
                "Booking submitted",
                description=" ".join(notes),
                actor_type=ActorType.CLIENT,
                to_status=BookingStatus.SUBMITTED,
            )
            context = _email_context(booking, file_count=len(rows))
            send_email_on_commit(
                "bookings_submitted_team",
                settings.TEAM_NOTIFICATION_EMAIL,
                {**context, "description": description, "project_type": project_type},
            )
            send_email_on_commit(
                "bookings_submitted_client",
                client.email,
                {
                    **context,
                    "tracking_url": tracking_url(booking, token),
                    "deposit_note": DEPOSIT_AT_REVIEW if deposit_requested else "",
                },
            )
            transaction.on_commit(lambda: _links_cooldown_start(client.email))
            _queue_file_processing([row.pk for row in rows])
    except BaseException:
        delete_stored(keys)
        raise
    return booking, token


def _file_rows(booking, files, keys, uploader) -> list[BookingFile]:
    rows = []
    for item, key in zip(files, keys, strict=True):
        rows.append(
            BookingFile.objects.create(
                booking=booking,
                storage_key=key,
                filename=item.filename,
                original_filename=item.original_filename,
                kind=item.kind,
                content_type=item.content_type,
                size=item.size,
                uploaded_by=uploader,
            )
        )
    return rows


# --- the state machine -------------------------------------------------------------


def _lock(booking_id) -> Booking:
    return Booking.objects.select_for_update().select_related("client").get(pk=booking_id)


def _check_move(booking: Booking, to_status: str, actor_type: str) -> None:
    if not states.can_transition(booking.status, to_status, actor_type):
        raise InvalidTransition(
            current=booking.status,
            requested=to_status,
            allowed=states.allowed_transitions(booking.status, actor_type),
        )


def _transition_locked(
    booking: Booking,
    to_status: str,
    *,
    actor=None,
    actor_type: str = "staff",
    note: str = "",
    request=None,
    visible_to_customer: bool = True,
    notify_client: bool = True,
    extra_fields: tuple[str, ...] = (),
    audit_data: dict | None = None,
) -> BookingEvent:
    """The one place a status changes. The caller holds the row lock (see _lock)."""
    if actor_type not in states.ACTOR_TYPES:
        raise ValueError(f"Unknown actor type {actor_type!r}")
    _check_move(booking, to_status, actor_type)
    from_status = booking.status
    booking.status = to_status
    booking.save(update_fields=["status", "updated_at", *extra_fields])
    event = _event(
        booking,
        BookingEvent.Type.STATUS_CHANGED,
        f"{BookingStatus(to_status).label}",
        description=note,
        actor=actor,
        actor_type=actor_type,
        from_status=from_status,
        to_status=to_status,
        visible_to_customer=visible_to_customer,
    )
    if actor_type == ActorType.STAFF:
        audit.record(
            AUDIT_TRANSITION,
            instance=booking,
            actor=actor,
            request=request,
            data={"from": from_status, "to": to_status, "note": note, **(audit_data or {})},
        )
    if notify_client and visible_to_customer and to_status not in _CLIENT_EMAILED_ELSEWHERE:
        send_email_on_commit(
            "bookings_status_changed",
            booking.client.email,
            _email_context(
                booking,
                note=note if visible_to_customer else "",
                tracking_url=links.link_url(booking),
            ),
        )
    if actor_type == ActorType.CLIENT:
        send_email_on_commit(
            "bookings_client_update_team",
            settings.TEAM_NOTIFICATION_EMAIL,
            _email_context(booking, what=BookingStatus(to_status).label, note=note),
        )
    return event


# Statuses whose client email is a dedicated template sent by their own service.
_CLIENT_EMAILED_ELSEWHERE = frozenset(
    {BookingStatus.ACCEPTED, BookingStatus.REJECTED, BookingStatus.TERMS_ACCEPTED}
)


def booking_transition(
    *,
    booking_id,
    to_status: str,
    actor=None,
    actor_type: str = "staff",
    note: str = "",
    request=None,
    visible_to_customer: bool = True,
    expected_status: str | None = None,
) -> Booking:
    """Move a booking to `to_status` if the map allows it for this actor; 409 otherwise.

    `expected_status` is the status the caller decided from (what the staff member or
    client saw): if another change won the race meanwhile, this one is refused (409)
    instead of being applied to a booking in a state nobody looked at."""
    with transaction.atomic():
        booking = _lock(booking_id)
        if expected_status and booking.status != expected_status:
            raise StatusChanged(
                current=booking.status,
                expected=expected_status,
                allowed=states.allowed_transitions(booking.status, actor_type),
            )
        _transition_locked(
            booking,
            to_status,
            actor=actor,
            actor_type=actor_type,
            note=note,
            request=request,
            visible_to_customer=visible_to_customer,
        )
    return booking


def booking_record_deposit_paid(*, booking_id, paid_at, payment_description: str) -> Booking:
    """Called by payments (inside its own transaction) when a deposit is confirmed.

    Idempotent: a booking already DEPOSIT_PAID or later is returned unchanged. A booking
    in TERMS_ACCEPTED moves to DEPOSIT_PAID. Money that arrives for a booking in any other
    status (e.g. cancelled meanwhile) is recorded on the booking and the team is told,
    without raising: the payment itself must still be kept."""
    with transaction.atomic():
        booking = _lock(booking_id)
        if booking.status in states.PAID_OR_LATER:
            return booking
        if booking.deposit_paid_at is None:
            booking.deposit_paid_at = paid_at
        if booking.status == BookingStatus.TERMS_ACCEPTED:
            _transition_locked(
                booking,
                BookingStatus.DEPOSIT_PAID,
                actor_type=ActorType.SYSTEM,
                note=payment_description,
                extra_fields=("deposit_paid_at",),
            )
            send_email_on_commit(
                "bookings_deposit_paid_team",
                settings.TEAM_NOTIFICATION_EMAIL,
                _email_context(booking, payment=payment_description),
            )
            _queue_client_project(booking.pk)
            return booking
        booking.save(update_fields=["deposit_paid_at", "updated_at"])
        _event(
            booking,
            BookingEvent.Type.DEPOSIT_RECEIVED,
            "Deposit received while the booking was not awaiting payment",
            description=f"{payment_description} (status {booking.status}); please follow up.",
            visible_to_customer=False,
        )
        send_email_on_commit(
            "bookings_deposit_paid_team",
            settings.TEAM_NOTIFICATION_EMAIL,
            _email_context(booking, payment=payment_description, needs_attention=True),
        )
    return booking


def _queue_client_project(booking_id: int) -> None:
    """Open the client's portal tracker once the payment commits (a task, so a failure
    there can never undo the payment)."""
    from portal.tasks import open_client_project

    transaction.on_commit(lambda: open_client_project(booking_id), robust=True)


# --- staff -------------------------------------------------------------------------


def _staff_user(user_id):
    User = get_user_model()
    user = None
    if (pk := parse_id(user_id)) is not None:  # anything else names nobody (not a 500)
        user = User.objects.filter(pk=pk, is_active=True, is_staff=True).first()
    if user is None:
        raise ValidationError({"assignedToId": ["Choose an active staff member."]})
    return user


def _set_assignee(booking, user, *, actor, request) -> None:
    previous = booking.assigned_to
    booking.assigned_to = user
    booking.save(update_fields=["assigned_to", "updated_at"])
    _event(
        booking,
        BookingEvent.Type.ASSIGNED,
        f"Assigned to {user}" if user else "Unassigned",
        actor=actor,
        actor_type=ActorType.STAFF,
        visible_to_customer=False,
    )
    audit.record(
        AUDIT_ASSIGN,
        instance=booking,
        actor=actor,
        request=request,
        data={
            "from": previous.pk if previous else None,
            "to": user.pk if user else None,
        },
    )
    if user is not None and user != actor:
        send_email_on_commit(
            "bookings_assigned", user.email, _email_context(booking, assignee=str(user))
        )


def _require_amounts(quoted, deposit, currency) -> tuple[Decimal, Decimal, str]:
    errors = {}
    if quoted is None:
        errors["quotedAmount"] = ["Enter the quoted amount to accept a booking."]
    elif quoted <= 0:
        errors["quotedAmount"] = ["The quoted amount must be more than zero."]
    if deposit is None:
        errors["depositAmount"] = ["Enter the deposit amount to accept a booking."]
    elif deposit <= 0:
        errors["depositAmount"] = ["The deposit must be more than zero."]
    elif quoted is not None and deposit > quoted:
        errors["depositAmount"] = ["The deposit cannot be more than the quoted amount."]
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"] = ["Use a three-letter currency code, such as KES or USD."]
    if errors:
        raise ValidationError(errors)
    return quoted, deposit, currency


def booking_review(
    *,
    booking_id,
    action: str,
    actor,
    quoted_amount: Decimal | None = None,
    deposit_amount: Decimal | None = None,
    currency: str | None = None,
    assigned_to_id=None,
    note: str = "",
    reason: str = "",
    request=None,
) -> Booking:
    """Accept (with a quote) or reject (with a reason) a submitted booking.

    The client is emailed a link with a FRESH tracking token: we keep only token hashes,
    so the original token cannot be re-sent, and the accept email must carry a working
    "accept terms and pay" link. Rotating also retires the first token, which travelled
    in an HTTP response and may sit in a browser."""
    if action not in ("accept", "reject"):
        raise ValidationError({"action": ["Choose accept or reject."]})
    with transaction.atomic():
        booking = _lock(booking_id)
        target = BookingStatus.ACCEPTED if action == "accept" else BookingStatus.REJECTED
        _check_move(booking, target, ActorType.STAFF)
        fields: list[str] = []
        if action == "accept":
            quoted, deposit, currency = _require_amounts(
                quoted_amount, deposit_amount, currency or booking.currency
            )
            booking.quoted_amount, booking.deposit_amount = quoted, deposit
            booking.currency = currency
            fields += ["quoted_amount", "deposit_amount", "currency"]
            summary = f"Quote {_money(quoted, currency)}, deposit {_money(deposit, currency)}."
        else:
            reason = (reason or "").strip()
            if not reason:
                raise ValidationError({"reason": ["Give the client a reason for rejecting."]})
            booking.rejection_reason = reason
            fields.append("rejection_reason")
            summary = reason
        if assigned_to_id not in (None, ""):
            assignee = _staff_user(assigned_to_id)
            if assignee != booking.assigned_to:
                _set_assignee(booking, assignee, actor=actor, request=request)
        if note.strip():
            BookingNote.objects.create(booking=booking, author=actor, body=note.strip())
        links.links_supersede_all(booking, current_hash=booking.tracking_token_hash)
        token, booking.tracking_token_hash = _new_tracking_token()
        fields.append("tracking_token_hash")
        _transition_locked(
            booking,
            target,
            actor=actor,
            actor_type=ActorType.STAFF,
            note=summary,
            extra_fields=tuple(fields),
            notify_client=False,
            request=None,  # the review itself is audited below
        )
        audit.record(
            AUDIT_REVIEW,
            instance=booking,
            actor=actor,
            request=request,
            data={
                "action": action,
                "quotedAmount": str(booking.quoted_amount) if action == "accept" else None,
                "depositAmount": str(booking.deposit_amount) if action == "accept" else None,
                "currency": booking.currency,
                "reason": booking.rejection_reason if action == "reject" else "",
                "assignedToId": booking.assigned_to_id,
            },
        )
        send_email_on_commit(
            "bookings_accepted" if action == "accept" else "bookings_rejected",
            booking.client.email,
            _email_context(
                booking,
                tracking_url=tracking_url(booking, token),
                pay_url=_payment_link(booking, token) if action == "accept" else "",
                quoted=_money(booking.quoted_amount, booking.currency),
                deposit=_money(booking.deposit_amount, booking.currency),
                reason=booking.rejection_reason,
            ),
        )
    return booking


def booking_assign(*, booking_id, assigned_to_id, actor, request=None) -> Booking:
    with transaction.atomic():
        booking = _lock(booking_id)
        user = None if assigned_to_id in (None, "") else _staff_user(assigned_to_id)
        if user != booking.assigned_to:
            _set_assignee(booking, user, actor=actor, request=request)
    return booking


def booking_note_add(*, booking_id, body: str, author, request=None) -> BookingNote:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": ["Write something in the note."]})
    with transaction.atomic():
        booking = _lock(booking_id)
        note = BookingNote.objects.create(booking=booking, author=author, body=body)
        audit.record(AUDIT_NOTE, instance=booking, actor=author, request=request, data={})
    return note


# --- client actions ----------------------------------------------------------------


def booking_accept_terms(*, booking_id, terms_version: str | None = None, request=None):
    current = settings.BOOKINGS_TERMS_VERSION
    if terms_version and terms_version != current:
        raise TermsVersionChanged()
    with transaction.atomic():
        booking = _lock(booking_id)
        _check_move(booking, BookingStatus.TERMS_ACCEPTED, ActorType.CLIENT)
        booking.terms_accepted_at = timezone.now()
        booking.terms_version = current
        booking.terms_accepted_ip = (client_ip(request) if request else None) or None
        _transition_locked(
            booking,
            BookingStatus.TERMS_ACCEPTED,
            actor_type=ActorType.CLIENT,
            note=f"Terms version {current} accepted.",
            extra_fields=("terms_accepted_at", "terms_version", "terms_accepted_ip"),
        )
        invoice_issue_for_booking(booking=booking)
        send_email_on_commit(
            "bookings_terms_accepted",
            booking.client.email,
            _email_context(
                booking,
                deposit=_money(booking.deposit_amount, booking.currency),
                terms_version=current,
                tracking_url=links.link_url(booking),
                # The client acted with their token: the email can carry a pay link.
                pay_url=_payment_link(
                    booking, tracking_token_from_request(request) if request else None
                ),
            ),
        )
    return booking


def booking_cancel_by_client(
    *, booking_id, reason: str = "", request=None, expected_status: str | None = None
) -> Booking:
    return booking_transition(
        booking_id=booking_id,
        to_status=BookingStatus.CANCELLED,
        actor_type=ActorType.CLIENT,
        note=(reason or "Cancelled by the client.").strip(),
        request=request,
        expected_status=expected_status,
    )


def booking_add_files(
    *, booking_id, files: list[CheckedFile], actor=None, actor_type: str = "client"
) -> list[BookingFile]:
    if not files:
        raise ValidationError({"files": ["Attach at least one file."]})
    with transaction.atomic():
        if _lock(booking_id).status in states.TERMINAL:
            raise Conflict("This booking is closed, so no more files can be added.")
    keys = store_files(list(files))
    try:
        with transaction.atomic():
            booking = _lock(booking_id)
            if booking.status in states.TERMINAL:
                raise Conflict("This booking is closed, so no more files can be added.")
            uploader = (
                BookingFile.Uploader.STAFF
                if actor_type == ActorType.STAFF
                else BookingFile.Uploader.CLIENT
            )
            rows = _file_rows(booking, files, keys, uploader)
            _event(
                booking,
                BookingEvent.Type.FILES_ADDED,
                f"{len(rows)} file(s) added",
                description=", ".join(row.filename for row in rows),
                actor=actor,
                actor_type=actor_type,
            )
            if actor_type == ActorType.CLIENT:
                send_email_on_commit(
                    "bookings_client_update_team",
                    settings.TEAM_NOTIFICATION_EMAIL,
                    _email_context(booking, what=f"{len(rows)} file(s) added", note=""),
                )
            _queue_file_processing([row.pk for row in rows])
    except BaseException:
        delete_stored(keys)
        raise
    return rows


# --- file post-processing (Huey) ---------------------------------------------------


def booking_file_process(*, file_id) -> BookingFile | None:
    """Checksum, content re-check and (for images) a thumbnail, read from storage in
    chunks. Runs after commit in a Huey task; safe to run twice."""
    from PIL import Image, UnidentifiedImageError

    from bookings.uploads import IMAGE_KINDS, FileRejected, detect_kind

    item = BookingFile.objects.filter(pk=file_id).first()
    if item is None:
        return None
    storage = private_storage()
    digest = hashlib.sha256()
    error = ""
    thumbnail_key = item.thumbnail_key
    with storage.open(item.storage_key, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
        handle.seek(0)
        try:
            kind = detect_kind(handle, item.filename.rpartition(".")[2].lower())
            if kind != item.kind:
                error = f"Stored content is {kind}, expected {item.kind}."
        except FileRejected as exc:
            error = f"Stored content failed the type check: {exc}"
        if not error and item.kind in IMAGE_KINDS and not thumbnail_key:
            handle.seek(0)
            try:
                with Image.open(handle) as image:
                    image.thumbnail(THUMBNAIL_SIZE)
                    out = io.BytesIO()
                    image.convert("RGB").save(out, "JPEG", quality=80)
                thumbnail_key = storage.save(
                    f"{item.storage_key.rsplit('/', 1)[0]}/thumbnail.jpg",
                    ContentFile(out.getvalue()),
                )
            except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
                error = f"Could not make a thumbnail: {exc}"[:300]
    if error:
        logger.warning("Booking file %s: %s", item.pk, error)
    BookingFile.objects.filter(pk=item.pk).update(
        sha256=digest.hexdigest(),
        thumbnail_key=thumbnail_key,
        processing_error=error[:300],
        processed_at=timezone.now(),
    )
    item.refresh_from_db()
    return item
