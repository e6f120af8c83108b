"""In a real browser: an editor logs in to the Wagtail admin, creates and publishes a
ServicePage, and the public API lists it."""

import json
import os

import pytest

from tests.cms.factories import SiteTree
from tests.factories import DEFAULT_PASSWORD, UserFactory

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs /usr/bin/chromium"),
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def content(live_server, transactional_db):
    # Built before Playwright starts its event loop (the ORM refuses async contexts).
    tree = SiteTree()
    editor = UserFactory(email="editor@angisoft.test", is_superuser=True, is_staff=True)
    return tree, editor


@pytest.fixture
def browser_page(content):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page()
        page.set_default_timeout(30_000)
        yield page
        browser.close()


def test_editor_publishes_service_and_api_lists_it(live_server, content, browser_page):
    tree, editor = content
    page = browser_page

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", editor.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/pages/add/cms/servicepage/{tree.services.pk}/")
    page.fill("#id_title", "Browser-made service")
    page.fill("#id_summary", "Created in a real browser.")
    page.fill("#id_price_from", "2500")
    # "Publish" sits in the footer's action menu, behind the dropdown toggle.
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target=toggle]").last.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{tree.services.pk}/")

    page.goto(f"{live_server.url}/api/services")
    services = json.loads(page.locator("body").inner_text())
    assert [s["slug"] for s in services] == ["browser-made-service"]
    assert services[0]["title"] == "Browser-made service"
    assert services[0]["priceFrom"] == 2500
    assert services[0]["published"] is True
