"""Clients, bookings, their files, timeline events and internal notes."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from core.counters import YearlyCounter
from core.validators import validate_email_storable, validate_kra_pin


class BookingStatus(models.TextChoices):
    SUBMITTED = "SUBMITTED", "Submitted"
    UNDER_REVIEW = "UNDER_REVIEW", "Under review"
    ACCEPTED = "ACCEPTED", "Accepted"
    REJECTED = "REJECTED", "Rejected"
    TERMS_ACCEPTED = "TERMS_ACCEPTED", "Terms accepted"
    DEPOSIT_PAID = "DEPOSIT_PAID", "Deposit paid"
    IN_PROGRESS = "IN_PROGRESS", "In progress"
    DELIVERED = "DELIVERED", "Delivered"
    COMPLETED = "COMPLETED", "Completed"
    CANCELLED = "CANCELLED", "Cancelled"


class ProjectType(models.TextChoices):
    SOFTWARE = "SOFTWARE", "Software"
    RESUME = "RESUME", "Resume"
    DOCUMENT_EDIT = "DOCUMENT_EDIT", "Document editing"
    REPORT = "REPORT", "Report"
    OTHER = "OTHER", "Other"


class ActorType(models.TextChoices):
    STAFF = "staff", "Staff"
    CLIENT = "client", "Client"
    SYSTEM = "system", "System"


class Client(models.Model):
    """Someone who books work. Found again by email, compared case-insensitively."""

    email = models.EmailField(max_length=254, validators=[validate_email_storable])
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=32, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    tax_pin = models.CharField(
        "buyer tax PIN",
        max_length=11,
        blank=True,
        validators=[validate_kra_pin],
        help_text="KRA PIN printed on invoices and receipts, e.g. A123456789B (optional).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="bookings_client_email_ci_unique"),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class ReferenceCounter(YearlyCounter):
    """The last public reference number issued in a year; locked while allocating."""


class Booking(models.Model):
    # Records, not content: nothing here points at a page, image or snippet, so
    # Wagtail's reference index (admin "usage") gains nothing from indexing every save.
    wagtail_reference_index_ignore = True

    public_reference = models.CharField(max_length=20, unique=True, editable=False)
    status = models.CharField(
        max_length=20, choices=BookingStatus.choices, default=BookingStatus.SUBMITTED
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="bookings")
    title = models.CharField(max_length=200)
    description = models.TextField()
    project_type = models.CharField(max_length=20, choices=ProjectType.choices)
    details = models.JSONField(default=dict, blank=True)

    # Where the request came from on the public site.
    source = models.CharField(max_length=100, blank=True)
    source_path = models.CharField(max_length=500, blank=True)
    service_slug = models.CharField(max_length=200, blank=True)
    service_title = models.CharField(max_length=200, blank=True)
    package_slug = models.CharField(max_length=200, blank=True)
    package_title = models.CharField(max_length=200, blank=True)
    request_type = models.CharField(max_length=100, blank=True)
    budget_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    # Money in major units (e.g. KES 1500.00).
    quoted_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    deposit_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="KES")

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_bookings",
    )
    rejection_reason = models.TextField(blank=True)
    terms_accepted_at = models.DateTimeField(null=True, blank=True)
    terms_version = models.CharField(max_length=50, blank=True)
    terms_accepted_ip = models.GenericIPAddressField(null=True, blank=True)
    deposit_paid_at = models.DateTimeField(null=True, blank=True)

    # SHA-256 hex of the client's tracking token; the token itself is never stored.
    tracking_token_hash = models.CharField(max_length=64, editable=False)
    submitted_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"])]
        permissions = [
            ("review_booking", "Can review (accept or reject) bookings"),
            ("transition_booking", "Can move bookings through their workflow"),
            ("view_assigned_booking", "Can view bookings assigned to them"),
        ]

    def __str__(self):
        return f"{self.public_reference}: {self.title}"


class BookingFile(models.Model):
    wagtail_reference_index_ignore = True  # records, not content (see Booking)

    class Uploader(models.TextChoices):
        CLIENT = "client", "Client"
        STAFF = "staff", "Staff"

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="files")
    # Key of the object in the private storage (storages["private"]).
    storage_key = models.CharField(max_length=500, unique=True)
    filename = models.CharField(max_length=255, help_text="Sanitised name shown to people.")
    original_filename = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=10, help_text="Type detected from the content.")
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, blank=True)
    thumbnail_key = models.CharField(max_length=500, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    processing_error = models.CharField(max_length=300, blank=True)
    uploaded_by = models.CharField(max_length=10, choices=Uploader.choices, default=Uploader.CLIENT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.filename


class BookingEvent(models.Model):
    """One line of a booking's timeline."""

    wagtail_reference_index_ignore = True  # records, not content (see Booking)

    class Type(models.TextChoices):
        SUBMITTED = "SUBMITTED", "Submitted"
        STATUS_CHANGED = "STATUS_CHANGED", "Status changed"
        REVIEWED = "REVIEWED", "Reviewed"
        TERMS_ACCEPTED = "TERMS_ACCEPTED", "Terms accepted"
        DEPOSIT_RECEIVED = "DEPOSIT_RECEIVED", "Deposit received"
        FILES_ADDED = "FILES_ADDED", "Files added"
        MESSAGE = "MESSAGE", "Message"
        ASSIGNED = "ASSIGNED", "Assigned"
        PAYMENT_REQUESTED = "PAYMENT_REQUESTED", "Payment requested"

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=20, choices=Type.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    from_status = models.CharField(max_length=20, choices=BookingStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=BookingStatus.choices, blank=True)
    visible_to_customer = models.BooleanField(default=True)
    actor_type = models.CharField(max_length=10, choices=ActorType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.booking_id} {self.type}: {self.title}"


class BookingNote(models.Model):
    """An internal note: staff only, never shown to the client."""

    wagtail_reference_index_ignore = True  # records, not content (see Booking)

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Note on {self.booking_id}"


class TrackingLink(models.Model):
    """An extra tracking token, or a retired one.

    `Booking.tracking_token_hash` is the token issued with the booking (rotated at review).
    Emails sent later (lookups by email, replies, status changes) carry extra tokens so
    that earlier links keep working; the review supersedes every earlier token, and we
    keep the retired hashes to tell a client holding one that a newer link was emailed."""

    wagtail_reference_index_ignore = True  # records, not content (see Booking)

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="tracking_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Tracking link for {self.booking_id}"
