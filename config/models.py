"""Platform tables: alert incidents (once-per-incident alerting) and the email outbox."""

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
