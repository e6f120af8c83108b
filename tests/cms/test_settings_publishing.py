"""Hero, navigation, footer, pricing and booking publish like pages: the admin saves drafts
as revisions, previews them on the server, lists them in the history, and only Publish
changes /api/site/* (and invalidates its cache)."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import nested_form_data, streamfield

from accounts.models import Role
from cms.models import BookingSettings, FooterSettings, HeroSettings, PricingSettings
from cms.models.publishing import PublishedSetting
from cms.models.settings import SITE_GROUPS
from cms.services import settings_group_publish
from tests.cms.factories import settings_admin_url
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (cache bump, webhooks) as a real commit would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def live_hero(commit):
    hero = HeroSettings.load()
    hero.headline = "Live headline"
    commit(settings_group_publish, hero)
    return hero


def _hero_form(headline, *, publish=False):
    data = {
        "eyebrow": "",
        "headline": headline,
        "headline_highlight": "",
        "tagline": "",
        "background_image": "",
        "cta_primary_label": "",
        "cta_primary_to": "",
        "cta_secondary_label": "",
        "cta_secondary_to": "",
        "slides": streamfield([]),
    }
    if publish:
        data["action-publish"] = "action-publish"
    return nested_form_data(data)


def _edit_url(group):
    return reverse("wagtailsnippets_cms_herosettings:edit", args=[group.pk])


def _headline(client):
    return client.get("/api/site/hero").json().get("headline")


def test_a_saved_draft_is_not_served(editor, client, live_hero):
    response = editor.post(_edit_url(live_hero), _hero_form("Draft headline"))
    assert response.status_code == 302

    assert _headline(client) == "Live headline"
    assert client.get("/api/site/all").json()["hero"]["headline"] == "Live headline"
    row = HeroSettings.objects.get()
    assert row.headline == "Live headline" and row.has_unpublished_changes
    assert row.latest_revision.as_object().headline == "Draft headline"
    # The editor reopens the draft, not the live version.
    assert "Draft headline" in editor.get(_edit_url(live_hero)).content.decode()


def test_publish_serves_the_draft(editor, client, live_hero, commit):
    commit(editor.post, _edit_url(live_hero), _hero_form("Draft headline"))
    commit(editor.post, _edit_url(live_hero), _hero_form("Published headline", publish=True))

    assert _headline(client) == "Published headline"
    row = HeroSettings.objects.get()
    assert row.live and not row.has_unpublished_changes
    assert row.live_revision == row.latest_revision


def test_nothing_is_served_before_the_first_publish(editor, client):
    """A group created in the admin as a draft is not live: the site keeps its defaults."""
    hero = HeroSettings.objects.create(live=False)
    editor.post(_edit_url(hero), _hero_form("Never published"))
    assert HeroSettings.objects.get().headline == "Never published"  # a draft-only row
    assert "headline" not in client.get("/api/site/hero").json()
    assert client.get("/api/site/hero").json() == client.get("/api/site/all").json()["hero"]


def test_unpublish_takes_the_group_off_the_site(editor, client, live_hero, commit):
    url = reverse("wagtailsnippets_cms_herosettings:unpublish", args=[live_hero.pk])
    assert _headline(client) == "Live headline"
    assert commit(editor.post, url).status_code == 302
    assert _headline(client) is None


def test_revisions_are_listed_and_compared(editor, live_hero, commit):
    commit(editor.post, _edit_url(live_hero), _hero_form("Second"))
    commit(editor.post, _edit_url(live_hero), _hero_form("Third", publish=True))

    assert live_hero.revisions.count() == 3
    actions = list(
        ModelLogEntry.objects.for_instance(live_hero)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["wagtail.publish", "wagtail.edit", "wagtail.edit", "wagtail.publish"]
    history = editor.get(reverse("wagtailsnippets_cms_herosettings:history", args=[live_hero.pk]))
    assert history.status_code == 200
    html = history.content.decode()
    assert "Published" in html and "Edited" in html
    first, *_, last = live_hero.revisions.order_by("pk")
    compare = reverse(
        "wagtailsnippets_cms_herosettings:revisions_compare",
        args=[live_hero.pk, first.pk, last.pk],
    )
    page = editor.get(compare).content.decode()
    assert "Live headline" in page and "Third" in page


def test_reverting_to_a_revision_and_publishing_serves_it(editor, client, live_hero, commit):
    first = live_hero.latest_revision
    commit(editor.post, _edit_url(live_hero), _hero_form("Later", publish=True))
    assert _headline(client) == "Later"
    revert = reverse(
        "wagtailsnippets_cms_herosettings:revisions_revert", args=[live_hero.pk, first.pk]
    )
    assert "Live headline" in editor.get(revert).content.decode()
    commit(editor.post, revert, _hero_form("Live headline", publish=True))
    assert _headline(client) == "Live headline"


def test_publish_invalidates_the_cache_and_a_draft_does_not(editor, client, live_hero, commit):
    first = client.get("/api/site/hero")
    etag = first["ETag"]
    assert client.get("/api/site/hero")["X-Cache"] == "HIT"

    commit(editor.post, _edit_url(live_hero), _hero_form("Draft headline"))
    assert client.get("/api/site/hero", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/site/hero")["X-Cache"] == "HIT"

    commit(editor.post, _edit_url(live_hero), _hero_form("Draft headline", publish=True))
    fresh = client.get("/api/site/hero", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh["X-Cache"] == "MISS"
    assert fresh.json()["headline"] == "Draft headline"


def test_preview_renders_the_draft_on_the_server(editor, client, live_hero):
    url = reverse("wagtailsnippets_cms_herosettings:preview_on_edit", args=[live_hero.pk])
    assert editor.post(url, _hero_form("Previewed headline")).json()["is_valid"] is True
    response = editor.get(url, {"mode": "summary"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Previewed headline" in html
    assert "until you press Publish" in html
    assert '<h1 data-testid="preview-title">Hero</h1>' in html
    assert _headline(client) == "Live headline"  # previewing saves nothing


def test_each_group_has_one_row_that_cannot_be_added_copied_or_deleted(editor):
    for model in (HeroSettings, FooterSettings, PricingSettings, BookingSettings):
        meta = model._meta
        opened = editor.get(settings_admin_url(model), follow=True)
        assert opened.status_code == 200
        row = model.objects.get()
        assert opened.redirect_chain[-1][0] == reverse(
            f"wagtailsnippets_cms_{meta.model_name}:edit", args=[row.pk]
        )
        add = editor.get(reverse(f"wagtailsnippets_cms_{meta.model_name}:add"))
        assert add.status_code == 302 and model.objects.count() == 1
        delete = reverse(f"wagtailsnippets_cms_{meta.model_name}:delete", args=[row.pk])
        assert editor.post(delete).status_code in (302, 403)
        assert model.objects.count() == 1


def test_marketing_editors_may_publish_and_developers_may_not_open(client):
    from accounts.roles import sync_roles

    sync_roles()
    marketing = UserFactory(is_staff=True)
    marketing.groups.add(_group(Role.MARKETING))
    developer = UserFactory(is_staff=True)
    developer.groups.add(_group(Role.DEVELOPER))
    for model in SITE_GROUPS.values():
        if issubclass(model, PublishedSetting):
            meta = model._meta
            assert marketing.has_perm(f"cms.publish_{meta.model_name}"), model
            assert not developer.has_perm(f"cms.change_{meta.model_name}"), model
    client.force_login(developer)
    assert client.get(settings_admin_url(HeroSettings)).status_code in (302, 403)
    assert not HeroSettings.objects.exists()


def _group(role):
    from django.contrib.auth.models import Group

    from accounts.roles import GROUP_NAMES

    return Group.objects.get(name=GROUP_NAMES[role])
