from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles_after_migrate(sender, using="default", **kwargs):
    """Re-apply the role matrix once per migrate, after the last app has created its
    permissions (post_migrate is sent per app, in INSTALLED_APPS order)."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if not with_models or sender is not with_models[-1]:
        return
    from django.contrib.auth.management import create_permissions

    from accounts.roles import sync_roles

    # Our receiver was connected before auth's (accounts precedes auth in INSTALLED_APPS),
    # so create this last app's permissions first; create_permissions is idempotent.
    create_permissions(sender, verbosity=0, using=using, apps=apps)
    sync_roles(using=using)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Staff accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from accounts import (
            access_signals,
            schema,  # noqa: F401 - registers the OpenAPI auth extensions
            signals,
        )

        access_signals.connect()
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
        user_logged_in.connect(signals.audit_admin_login, dispatch_uid="accounts.admin_login")
        user_login_failed.connect(
            signals.audit_admin_login_failed, dispatch_uid="accounts.admin_login_failed"
        )
