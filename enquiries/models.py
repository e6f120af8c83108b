"""The staff inbox (contact-page and home-page enquiries, chatbot hand-offs), the
newsletter's subscribers, and the chatbot's conversations."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from core.counters import YearlyCounter
from core.validators import validate_email_storable


class EnquiryStatus(models.TextChoices):
    NEW = "new", "New"
    IN_PROGRESS = "in_progress", "In progress"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


class EnquiryType(models.TextChoices):
    SERVICE = "service", "Service"
    PRODUCT = "product", "Product"
    PRICING = "pricing", "Pricing"
    SUPPORT = "support", "Support"
    PARTNERSHIP = "partnership", "Partnership"
    CAREERS = "careers", "Careers"
    GENERAL = "general", "General"


class ResponseMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    WHATSAPP = "whatsapp", "WhatsApp"


class EnquirySource(models.TextChoices):
    CONTACT_PAGE = "contact-page", "Contact page"
    HOME_CONTACT = "home-contact", "Home page form"
    CHATBOT = "chatbot", "Chatbot hand-off"


class EnquiryCounter(YearlyCounter):
    """The last enquiry number issued in a year; locked while allocating."""


class Enquiry(models.Model):
    public_reference = models.CharField(max_length=20, unique=True, editable=False)
    status = models.CharField(
        max_length=20, choices=EnquiryStatus.choices, default=EnquiryStatus.NEW
    )
    channel = models.CharField(
        "Form",
        max_length=20,
        choices=EnquirySource.choices,
        default=EnquirySource.CONTACT_PAGE,
        help_text="Which form or widget the enquiry came through.",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, validators=[validate_email_storable])
    phone = models.CharField(max_length=32, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    enquiry_type = models.CharField(
        max_length=20, choices=EnquiryType.choices, default=EnquiryType.GENERAL
    )
    preferred_response = models.CharField(
        max_length=10, choices=ResponseMethod.choices, default=ResponseMethod.EMAIL
    )
    preferred_contact_time = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=200)
    message = models.TextField()
    booking_reference = models.CharField(max_length=40, blank=True)
    service_slug = models.CharField(max_length=200, blank=True)
    product_slug = models.CharField(max_length=200, blank=True)
    nda_requested = models.BooleanField("NDA requested", default=False)
    # The page's ?source= and pathname, as the frontend reports them.
    source = models.CharField(max_length=100, blank=True)
    source_path = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_enquiries",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "enquiries"
        permissions = [("reply_enquiry", "Can reply to enquiries by email")]
        indexes = [models.Index(fields=["status", "-created_at"], name="enquiry_status_idx")]

    def __str__(self):
        return f"{self.public_reference}: {self.subject}"


class EnquiryReply(models.Model):
    """An email a staff member sent from the admin, kept with the enquiry."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    outbox_email = models.ForeignKey(
        "platform.OutboxEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "enquiry replies"

    def __str__(self):
        return f"Reply to {self.enquiry.public_reference}"


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"


class NewsletterSubscriber(models.Model):
    """One row per address (any case). Tokens are stored as SHA-256 hashes only; the
    unsubscribe token is derived from `unsubscribe_nonce` with the SECRET_KEY, so every
    newsletter email can carry it without the database ever holding it."""

    email = models.EmailField(max_length=254, validators=[validate_email_storable])
    status = models.CharField(
        max_length=20, choices=SubscriberStatus.choices, default=SubscriberStatus.PENDING
    )
    confirm_token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    confirm_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    unsubscribe_nonce = models.CharField(max_length=64, editable=False)
    unsubscribe_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    source_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_ci_unique"),
        ]

    def __str__(self):
        return f"{self.email} ({self.status})"


class ConversationStatus(models.TextChoices):
    OPEN = "open", "Open"
    ESCALATED = "escalated", "Handed to the team"


class ChatConversation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        max_length=20, choices=ConversationStatus.choices, default=ConversationStatus.OPEN
    )
    device_fingerprint = models.CharField(max_length=200, blank=True, db_index=True)
    visitor_name = models.CharField(max_length=200, blank=True)
    visitor_email = models.CharField(max_length=254, blank=True)
    visitor_phone = models.CharField(max_length=32, blank=True)
    # Consecutive visitor messages the bot could not answer; two hand the chat over.
    unanswered_in_a_row = models.PositiveSmallIntegerField(default=0)
    enquiry = models.OneToOneField(
        Enquiry, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversation"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return f"Chat {self.public_id} ({self.status})"


class ChatMessage(models.Model):
    class Sender(models.TextChoices):
        VISITOR = "visitor", "Visitor"
        BOT = "bot", "Bot"

    conversation = models.ForeignKey(
        ChatConversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.CharField(max_length=10, choices=Sender.choices)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.sender}: {self.message[:40]}"


class NewsletterIssue(models.Model):
    """One newsletter, written in the admin and sent to confirmed subscribers in batches
    through the email outbox. `last_subscriber_id` is the batch cursor, so a resumed send
    never mails anyone twice."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Plain text; blank lines separate paragraphs.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    send_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    recipients_queued = models.PositiveIntegerField(default=0, editable=False)
    last_subscriber_id = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("send_newsletterissue", "Can send newsletter issues to subscribers")]

    def __str__(self):
        return self.subject
