from django.apps import AppConfig


class PlatformConfig(AppConfig):
    """Cross-cutting pieces: email outbox and delivery task, alerts, metrics, health checks,
    bootstrap and backup commands."""

    name = "config"
    label = "platform"
    verbose_name = "Platform"

    def ready(self):
        from config.metrics import connect_db_timings, connect_huey_signals

        connect_db_timings()
        connect_huey_signals()
