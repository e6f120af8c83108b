"""The migration that gave hero, navigation, footer, pricing and booking their drafts keeps
what the site showed: the old row is the live version, with a first revision in its history."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import ModelLogEntry

from cms.models import FooterSettings, HeroSettings, NavigationSettings

BEFORE = [("cms", "0005_admin_labels")]
AFTER = [("cms", "0007_publish_existing_settings")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_settings_become_the_published_version(client):
    old = _migrate(BEFORE)
    old.get_model("cms", "HeroSettings").objects.create(
        headline="Before drafts",
        slides=[{"type": "slide", "value": {"title": "One"}, "id": "a"}] * 4,
    )
    old.get_model("cms", "FooterSettings").objects.create(description="Old footer")
    try:
        _migrate(AFTER)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    hero = HeroSettings.objects.get()
    assert hero.live and not hero.has_unpublished_changes
    assert hero.live_revision_id == hero.latest_revision_id
    assert hero.first_published_at is not None
    draft = hero.latest_revision.as_object()
    assert draft.headline == "Before drafts" and len(draft.slides) == 4
    entry = ModelLogEntry.objects.for_instance(hero).get()
    assert entry.action == "wagtail.publish" and entry.revision_id == hero.live_revision_id
    assert FooterSettings.objects.get().live_revision.as_object().description == "Old footer"
    assert not NavigationSettings.objects.exists()  # nothing to keep, nothing made up

    body = client.get("/api/site/hero").json()
    assert body["headline"] == "Before drafts" and len(body["slides"]) == 4
    assert client.get("/api/site/footer").json()["description"] == "Old footer"
