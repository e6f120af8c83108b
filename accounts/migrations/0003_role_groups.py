"""The Admin, Marketing and Developer groups with their permissions (accounts.roles).
post_migrate re-applies the matrix after every migrate, for permissions added later."""

from django.db import migrations


def create_role_groups(apps, schema_editor):
    from accounts.roles import sync_roles

    sync_roles(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_staff_accounts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
