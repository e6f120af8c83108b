"""The settings groups that gained drafts keep what the site shows today: each existing row
becomes the live, published version with an initial revision and a "published" history
entry, as if an editor had pressed Publish."""

from django.db import migrations
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields

MODELS = {
    "navigationsettings": "Navigation",
    "footersettings": "Footer",
    "herosettings": "Hero",
    "bookingsettings": "Booking",
    "pricingsettings": "Pricing",
}


def publish_existing(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    now = timezone.now()
    for model_name, label in MODELS.items():
        model = apps.get_model("cms", model_name)
        content_type, _ = ContentType.objects.get_or_create(app_label="cms", model=model_name)
        for group in model.objects.filter(live_revision__isnull=True):
            group.live = True
            group.has_unpublished_changes = False
            group.first_published_at = group.last_published_at = now
            revision = Revision.objects.create(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(group.pk),
                created_at=now,
                object_str=label,
                content=get_serializable_data_for_fields(group),
            )
            group.latest_revision = group.live_revision = revision
            group.save()
            ModelLogEntry.objects.create(
                content_type=content_type,
                label=label,
                action="wagtail.publish",
                timestamp=now,
                object_id=str(group.pk),
                revision=revision,
                content_changed=True,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_published_settings"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(publish_existing, migrations.RunPython.noop)]
