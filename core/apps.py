from django.apps import AppConfig


class PlatformConfig(AppConfig):
    """Cross-cutting pieces: email outbox and delivery task, alerts, metrics, health checks,
    bootstrap and backup commands. The label predates this package (the app lived in
    config/): it keeps the table names and the migration history."""

    name = "core"
    label = "platform"
    verbose_name = "Platform"

    def ready(self):
        from core import alerts, checks, mail  # noqa: F401 (checks registers itself)
        from core.metrics import connect_db_timings, connect_huey_signals

        mail.set_failure_handler(alerts.outbox_email_failed)
        connect_db_timings()
        connect_huey_signals()
