"""A staff member signs in to the branded admin and sees what needs attention, in
headless Chromium."""

import os
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connections

from bookings.models import BookingStatus
from cms.models import BrandingSettings
from payments.models import PaymentStatus
from tests.bookings.conftest import access_admin_permission
from tests.bookings.factories import BookingFactory
from tests.cms.factories import ensure_wagtail_roots
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.payments.factories import PaymentFactory

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs /usr/bin/chromium"),
]


@pytest.fixture
def browser_page(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(20_000)
        yield page
        browser.close()
        connections.close_all()


def _shot(page, name):
    if os.environ.get("SHOTS_DIR"):  # for a person to look at
        page.screenshot(path=f"{os.environ['SHOTS_DIR']}/{name}.png", full_page=True)


def test_dashboard_panels_and_brand(live_server, browser_page):
    ensure_wagtail_roots()
    branding = BrandingSettings.load()
    branding.site_name = "AngiSoft Studio"
    branding.save()
    user = UserFactory(email="lead@angisoft.test", is_staff=True)
    user.user_permissions.add(
        access_admin_permission(),
        *Permission.objects.filter(
            content_type__app_label__in=["bookings", "payments"],
            codename__in=["view_booking", "review_booking", "view_payment"],
        ),
    )
    waiting = BookingFactory(title="Clinic website", status=BookingStatus.SUBMITTED)
    PaymentFactory(
        booking__client=waiting.client,  # one test client: emails are unique
        status=PaymentStatus.FAILED,
        failure_message="Insufficient funds",
    )
    page = browser_page

    page.goto(f"{live_server.url}/admin/login/")
    assert page.text_content("[data-testid=login-brand]").strip() == "Sign in to AngiSoft Studio"
    _shot(page, "login")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))

    assert page.text_content("[data-testid=dashboard-brand]").strip() == "AngiSoft Studio"
    bookings = page.locator("[data-testid=attention_bookings]")
    assert bookings.is_visible()
    assert page.text_content("[data-testid=attention_bookings-count]").strip() == "1"
    payments = page.locator("[data-testid=attention_payments]")
    assert "Failed: Insufficient funds" in payments.text_content()
    _shot(page, "dashboard")

    bookings.locator(f"text={waiting.public_reference} · Clinic website").click()
    page.wait_for_url(re.compile(rf".*/admin/bookings/inspect/{waiting.pk}/$"))
    assert page.locator("input[name=quoted_amount]").is_visible()
    _shot(page, "review-form")
