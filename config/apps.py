from django.apps import AppConfig


class PlatformConfig(AppConfig):
    """Cross-cutting pieces: email delivery task, health checks, bootstrap commands."""

    name = "config"
    label = "platform"
    verbose_name = "Platform"
