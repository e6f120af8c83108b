"""In a real browser: an editor who leaves the home hero with 3 slides sees why it cannot
be saved, and the site keeps its 4 slides."""

import os

import pytest

from cms.models import HeroSettings
from tests.cms.factories import stream
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
    # No images: the chooser's thumbnails are not what this test is about.
    hero.slides = stream("slide", [{"title": f"Slide {n}"} for n in range(4)])
    hero.save()
    return UserFactory(email="editor@angisoft.test", is_superuser=True, is_staff=True)


def test_deleting_a_hero_slide_below_four_is_refused_with_a_reason(live_server, editor):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", editor.email)
        page.fill("input[name=password]", DEFAULT_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        page.goto(f"{live_server.url}/admin/snippets/cms/herosettings/")
        page.locator("button[title='Delete']").first.click()
        page.get_by_role("button", name="Save draft").click()
        page.get_by_text("Add at least 4 slides, or remove them all").wait_for()
        browser.close()
    assert len(HeroSettings.load().slides) == 4
