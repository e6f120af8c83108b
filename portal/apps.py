from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Client portal"

    def ready(self):
        from portal import schema  # noqa: F401 - registers the OpenAPI auth extension
