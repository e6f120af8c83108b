"""A booking submitted from the website: client, booking, files and the first event."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings.addresses import tracking_url
from bookings.models import ActorType, Booking, BookingEvent, BookingFile, BookingStatus, Client
from bookings.references import allocate_reference
from bookings.services.common import email_context, event_record
from bookings.services.files import file_rows, queue_file_processing
from bookings.services.links import links_cooldown_start
from bookings.tokens import new_tracking_token
from bookings.uploads import CheckedFile, delete_stored, store_files
from core.mail import send_email_on_commit

# A deposit offered on the form is not taken at intake: the amount depends on the review.
DEPOSIT_AT_REVIEW = (
    "You asked to pay a deposit: our team sets the deposit amount when reviewing your "
    "booking and will email you a secure link to pay it by card, M-Pesa or PayPal."
)


def client_get_or_create(
    *, email: str, name: str, phone: str = "", organisation: str = "", tax_pin: str = ""
):
    """The client with this email (any case), created if new; contact details refreshed
    (a blank value never clears a stored one)."""
    email = email.strip()
    client = Client.objects.filter(email__iexact=email).first()
    if client is None:
        try:
            with transaction.atomic():
                return Client.objects.create(
                    email=email.lower(),
                    name=name,
                    phone=phone,
                    organisation=organisation,
                    tax_pin=tax_pin,
                )
        except IntegrityError:
            client = Client.objects.get(email__iexact=email)  # created concurrently
    changed = []
    fields = (("name", name), ("phone", phone), ("organisation", organisation))
    for field, value in (*fields, ("tax_pin", tax_pin)):
        if value and getattr(client, field) != value:
            setattr(client, field, value)
            changed.append(field)
    if changed:
        client.save(update_fields=[*changed, "updated_at"])
    return client


def booking_create(
    *,
    name: str,
    email: str,
    title: str,
    description: str,
    project_type: str,
    phone: str = "",
    organisation: str = "",
    tax_pin: str = "",
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
    token, token_hash = new_tracking_token()
    try:
        with transaction.atomic():
            client = client_get_or_create(
                email=email, name=name, phone=phone, organisation=organisation, tax_pin=tax_pin
            )
            booking = Booking.objects.create(
                public_reference=allocate_reference(timezone.localdate().year),
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
            rows = file_rows(booking, files, keys, BookingFile.Uploader.CLIENT)
            notes = [f"{len(rows)} file(s) attached."] if rows else []
            if deposit_requested:
                notes.append(DEPOSIT_AT_REVIEW)
            event_record(
                booking,
                BookingEvent.Type.SUBMITTED,
                "Booking submitted",
                description=" ".join(notes),
                actor_type=ActorType.CLIENT,
                to_status=BookingStatus.SUBMITTED,
            )
            context = email_context(booking, file_count=len(rows))
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
            transaction.on_commit(lambda: links_cooldown_start(client.email))
            queue_file_processing([row.pk for row in rows])
    except BaseException:
        delete_stored(keys)
        raise
    return booking, token
