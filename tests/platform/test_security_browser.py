"""The CSP must not break what it protects: real Chromium loads the API docs and the
Wagtail admin under the policy and reports no CSP violation."""

import os
from pathlib import Path

import pytest

from tests.factories import DEFAULT_PASSWORD, UserFactory

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]


@pytest.fixture
def page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; our ORM calls stay sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.violations = []
            page.console = []
            page.on("console", lambda msg: page.console.append(msg.text))
            page.on(
                "console",
                lambda msg: (
                    page.violations.append(msg.text)
                    if "Content Security Policy" in msg.text
                    else None
                ),
            )
            yield page
        finally:
            browser.close()
            # ORM calls made while Playwright runs use their own connection (asgiref
            # locals follow its context); close it so the test database can be dropped.
            from django.db import connections

            connections.close_all()


def test_api_docs_render_under_csp(live_server, page):
    page.goto(f"{live_server.url}/api/docs/")
    try:
        page.wait_for_selector(".swagger-ui .info .title", timeout=40000)
    except Exception:
        raise AssertionError(page.console) from None
    assert "AngiSoft Platform API" in page.inner_text(".swagger-ui .info .title")
    assert page.violations == []


def _ensure_wagtail_root():
    """Earlier transactional tests flush the tables, including the root page that Wagtail's
    migrations create; the admin dashboard needs it."""
    from django.conf import settings as django_settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(django_settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    if not Site.objects.exists():
        Site.objects.create(hostname="localhost", root_page=root, is_default_site=True)


def test_wagtail_admin_works_under_csp(live_server, page, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _ensure_wagtail_root()
    user = UserFactory(is_superuser=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/", timeout=60000)
    # The sidebar is rendered by JavaScript: it only appears if admin scripts ran.
    try:
        page.wait_for_selector("[data-wagtail-sidebar] a, .sidebar-main-menu a", timeout=60000)
    except Exception:
        raise AssertionError(page.console[-20:]) from None
    page.goto(f"{live_server.url}/admin/pages/")
    page.wait_for_load_state("networkidle")
    assert page.violations == [], page.violations
    assert os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE") == "true"
