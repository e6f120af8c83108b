"""Publish webhooks: editors list the URLs (the frontend's revalidation hook); every content
change POSTs a signed JSON event to each, and each attempt is logged."""

import secrets

from django.db import models
from wagtail.admin.panels import FieldPanel


def _new_secret():
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    name = models.CharField(max_length=120, help_text="For you: which service receives it.")
    url = models.URLField(
        "address", max_length=500, help_text="Where each publish event is POSTed."
    )
    secret = models.CharField(
        max_length=128,
        default=_new_secret,
        help_text="Shared secret: the receiver checks X-AngiSoft-Signature with it.",
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Untick to stop sending events to this address."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("secret"), FieldPanel("is_active")]

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Retrying"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=60)
    payload = models.JSONField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.event} → {self.endpoint} ({self.status})"
