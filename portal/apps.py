from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Client portal"

    def ready(self):
        from bookings import hooks
        from portal import schema  # noqa: F401 - registers the OpenAPI auth extension
        from portal.tasks import open_client_project

        # A paid booking opens its portal tracker; bookings does not import portal.
        hooks.register(client_project_open=open_client_project)
