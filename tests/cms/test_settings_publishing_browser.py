"""In a real browser: an editor opens Hero from the Site settings menu, saves a draft (the
site keeps the live headline), previews it (the server renders the draft), publishes it
(the site shows it) and finds both versions in the history."""

import os

import pytest

from cms.models import HeroSettings
from cms.services import settings_group_publish
from tests.cms.test_admin_browser import ARGS, CHROMIUM
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs /usr/bin/chromium"),
]


@pytest.fixture
def editor(live_server, transactional_db):
    # Built before Playwright starts its event loop (the ORM refuses async contexts).
    from tests.cms.factories import ensure_wagtail_roots

    ensure_wagtail_roots()
    hero = HeroSettings.load()
    hero.headline = "Live headline"
    settings_group_publish(hero)
    return UserFactory(email="editor@angisoft.test", is_superuser=True, is_staff=True)


def _api_headline(page, base):
    # Not page.goto: the browser would reuse its cached copy (Cache-Control: max-age=60).
    return page.request.get(f"{base}/api/site/hero").json().get("headline")


def test_hero_draft_preview_publish_cycle(live_server, editor):
    from playwright.sync_api import sync_playwright

    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{base}/admin/login/")
        page.fill("input[name=username]", editor.email)
        page.fill("input[name=password]", DEFAULT_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/admin/")

        page.get_by_role("button", name="Site settings").click()
        page.get_by_role("link", name="Hero", exact=True).click()
        page.wait_for_url(f"{base}/admin/snippets/cms/herosettings/edit/*/")
        edit_url = page.url
        assert page.locator("#id_headline").input_value() == "Live headline"

        page.fill("#id_headline", "Draft headline")
        page.get_by_role("button", name="Save draft").click()
        page.get_by_text("updated", exact=False).first.wait_for()
        assert _api_headline(page, base) == "Live headline"

        page.goto(edit_url)
        assert page.locator("#id_headline").input_value() == "Draft headline"
        page.locator("[data-side-panel-toggle=preview]").click()
        preview = page.frame_locator("#w-preview-iframe")
        preview.get_by_text("Draft headline").wait_for()
        preview.get_by_text("until you press Publish", exact=False).wait_for()
        assert _api_headline(page, base) == "Live headline"

        page.goto(edit_url)
        page.locator("footer .dropdown-toggle, [data-w-dropdown-target=toggle]").last.click()
        page.locator("button[name=action-publish]").click()
        page.get_by_text("updated and published", exact=False).wait_for()
        assert _api_headline(page, base) == "Draft headline"

        page.goto(edit_url.replace("/edit/", "/history/"))
        page.get_by_text("Edited").first.wait_for()
        assert page.get_by_text("Published").count() >= 2
        browser.close()

    hero = HeroSettings.objects.get()
    assert hero.headline == "Draft headline" and not hero.has_unpublished_changes
    # The first publish, the draft (autosave may add its own), the publish.
    assert hero.revisions.count() >= 3
