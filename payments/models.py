"""Payment attempts, refunds, the raw webhook inbox and reconciliation runs."""

import uuid

from django.db import models
from django.db.models import Q

from payments.money import display, format_major


class PaymentProvider(models.TextChoices):
    STRIPE = "stripe", "Stripe (card)"
    MPESA = "mpesa", "M-Pesa"
    PAYPAL = "paypal", "PayPal"


class PaymentStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    SUCCEEDED = "SUCCEEDED", "Succeeded"
    FAILED = "FAILED", "Failed"
    CANCELLED = "CANCELLED", "Cancelled"
    EXPIRED = "EXPIRED", "Expired"
    REFUNDED = "REFUNDED", "Refunded"
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED", "Partially refunded"


# The one transition map. A payment is settled (money received) in SUCCEEDED and the two
# refund states; FAILED/CANCELLED/EXPIRED may still turn into SUCCEEDED when the provider
# later proves the money arrived (a late webhook or reconciliation repairs it).
PAID_STATUSES = (
    PaymentStatus.SUCCEEDED,
    PaymentStatus.PARTIALLY_REFUNDED,
    PaymentStatus.REFUNDED,
)
TRANSITIONS = {
    PaymentStatus.PENDING: {
        PaymentStatus.SUCCEEDED,
        PaymentStatus.FAILED,
        PaymentStatus.CANCELLED,
        PaymentStatus.EXPIRED,
    },
    PaymentStatus.FAILED: {PaymentStatus.SUCCEEDED},
    PaymentStatus.CANCELLED: {PaymentStatus.SUCCEEDED},
    PaymentStatus.EXPIRED: {PaymentStatus.SUCCEEDED},
    PaymentStatus.SUCCEEDED: {PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED},
    PaymentStatus.PARTIALLY_REFUNDED: {PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED},
    PaymentStatus.REFUNDED: set(),
}


class Payment(models.Model):
    # Records, not content: nothing here points at a page, image or snippet, so
    # Wagtail's reference index (admin "usage") gains nothing from indexing every save.
    wagtail_reference_index_ignore = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    booking = models.ForeignKey(
        "bookings.Booking", on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField(max_length=16, choices=PaymentProvider.choices)
    status = models.CharField(
        max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    amount_minor = models.PositiveBigIntegerField(help_text="Amount in the minor unit.")
    currency = models.CharField(max_length=3, help_text="ISO 4217 code.")
    amount_refunded_minor = models.PositiveBigIntegerField(default=0)
    received_amount_minor = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="What the provider reported as paid."
    )
    # Stripe: Checkout Session id / PaymentIntent id / charge id.
    # M-Pesa: CheckoutRequestID / MerchantRequestID / M-Pesa receipt number.
    # PayPal: order id / capture id / capture id.
    provider_reference = models.CharField(max_length=255, blank=True, db_index=True)
    provider_payment_id = models.CharField(max_length=255, blank=True, db_index=True)
    provider_receipt = models.CharField(max_length=255, blank=True)
    idempotency_key = models.CharField(max_length=64, unique=True)
    checkout_url = models.URLField(max_length=2000, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    failure_code = models.CharField(max_length=64, blank=True)
    failure_message = models.CharField(max_length=500, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "provider"],
                condition=Q(status="PENDING"),
                name="payments_one_open_attempt_per_provider",
            ),
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~Q(provider_reference=""),
                name="payments_unique_provider_reference",
            ),
            models.CheckConstraint(
                condition=Q(amount_minor__gt=0), name="payments_amount_positive"
            ),
        ]
        permissions = [
            ("refund_payment", "Can refund payments"),
            ("reconcile_payment", "Can run and view payment reconciliation"),
        ]

    def __str__(self):
        return f"{self.get_provider_display()} {self.amount_display} ({self.status})"

    @property
    def amount(self) -> str:
        return format_major(self.amount_minor, self.currency)

    @property
    def amount_display(self) -> str:
        return display(self.amount_minor, self.currency)

    @property
    def refundable_minor(self) -> int:
        return max(self.amount_minor - self.amount_refunded_minor, 0)

    @property
    def is_paid(self) -> bool:
        return self.status in PAID_STATUSES


class RefundStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    SUCCEEDED = "SUCCEEDED", "Succeeded"
    FAILED = "FAILED", "Failed"


class Refund(models.Model):
    wagtail_reference_index_ignore = True  # records, not content (see Payment)

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    provider_refund_id = models.CharField(max_length=255)
    amount_minor = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=16, choices=RefundStatus.choices, default=RefundStatus.PENDING
    )
    reason = models.CharField(max_length=255, blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider_refund_id"], name="payments_unique_provider_refund"
            )
        ]

    def __str__(self):
        return f"Refund {display(self.amount_minor, self.currency)} ({self.status})"


class WebhookStatus(models.TextChoices):
    RECEIVED = "RECEIVED", "Received"
    PROCESSED = "PROCESSED", "Processed"
    IGNORED = "IGNORED", "Ignored"
    FAILED = "FAILED", "Failed"
    INVALID = "INVALID", "Invalid signature"


class WebhookEvent(models.Model):
    """Every delivery, stored raw before anything else happens."""

    wagtail_reference_index_ignore = True  # records, not content (see Payment)

    provider = models.CharField(max_length=16, choices=PaymentProvider.choices)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        max_length=16, choices=WebhookStatus.choices, default=WebhookStatus.RECEIVED
    )
    headers = models.JSONField(default=dict, blank=True)
    body = models.TextField(blank=True)
    source_ip = models.GenericIPAddressField(null=True, blank=True)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="webhook_events"
    )
    deliveries = models.PositiveIntegerField(default=1)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="payments_unique_webhook_event"
            )
        ]
        permissions = [("replay_webhookevent", "Can replay webhook events")]

    def __str__(self):
        return f"{self.provider} {self.event_type or '?'} {self.event_id}"


class ReconciliationRun(models.Model):
    started_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    checked = models.PositiveIntegerField(default=0)
    repaired = models.JSONField(default=list, blank=True)
    mismatches = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"Reconciliation {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def repaired_count(self) -> int:
        return len(self.repaired)

    @property
    def mismatch_count(self) -> int:
        return len(self.mismatches)
