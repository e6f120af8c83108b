"""Platform tables: alert incidents (once-per-incident alerting) and the email outbox."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class AlertIncident(models.Model):
    """One row per alert key. An incident is a run of occurrences of the same key with no
    gap longer than settings.ALERT_WINDOW_SECONDS; only its first occurrence notifies."""

    key = models.CharField(max_length=200, unique=True)
    summary = models.CharField(max_length=500)
    details = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    occurrences = models.PositiveIntegerField(default=1)
    incidents = models.PositiveIntegerField(default=1, help_text="Incidents raised so far")

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.key} x{self.occurrences}"


class OutboxEmail(models.Model):
    """An email written in the same transaction as the change that caused it, delivered by
    a Huey task after commit. Pending rows survive a Redis outage or a killed worker; the
    periodic sweep re-queues them, and delivery under a row lock sends each at most once
    per successful attempt."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    template = models.CharField(max_length=100)
    recipients = models.JSONField()
    # Cleared once sent: contexts may carry one-time links (invites, password resets).
    context = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    # Extra message headers (e.g. List-Unsubscribe); Message-ID is always set by delivery.
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self):
        return f"{self.template} -> {', '.join(self.recipients)} ({self.status})"


class DeferredTask(models.Model):
    """A Huey task that could not be queued because Redis was unreachable. The message is
    kept exactly as Huey serialised it and pushed to the queue by the per-minute
    requeue task once Redis answers again, so no task is lost to an outage."""

    data = models.BinaryField()
    priority = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"deferred task {self.pk} ({self.created_at:%Y-%m-%d %H:%M:%S})"
