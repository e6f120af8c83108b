"""A reviewer accepts a booking in the Wagtail admin, in headless Chromium."""

import os
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connections

from bookings.models import Booking
from tests.bookings.conftest import access_admin_permission
from tests.bookings.factories import BookingFactory
from tests.factories import DEFAULT_PASSWORD, UserFactory

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs /usr/bin/chromium"),
]


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes between browser steps are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page()
        page.set_default_timeout(20_000)
        yield page
        browser.close()
        # ORM calls made while Playwright's greenlets run use their own connection
        # (asgiref locals follow the context); close it so the test database can be dropped.
        connections.close_all()


def test_reviewer_accepts_a_booking_in_the_admin(live_server, browser_page):
    reviewer = UserFactory(email="reviewer@angisoft.test", is_staff=True)
    reviewer.user_permissions.add(
        access_admin_permission(),
        *Permission.objects.filter(
            content_type__app_label="bookings",
            codename__in=["view_booking", "change_booking", "review_booking"],
        ),
    )
    booking = BookingFactory(title="Browser-tested booking")
    page = browser_page

    # Straight to the Bookings section (the dashboard depends on CMS pages that a flush
    # by an earlier transactional test may have removed).
    page.goto(f"{live_server.url}/admin/login/?next=/admin/bookings/")
    page.fill("input[name=username]", reviewer.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/bookings/$"))

    page.goto(f"{live_server.url}/admin/bookings/?q={booking.public_reference}")
    page.click(f"text={booking.public_reference}")
    page.wait_for_url(re.compile(rf".*/admin/bookings/inspect/{booking.pk}/$"))
    assert page.text_content("[data-testid=booking-status]").strip() == "Submitted"
    # This reviewer may not move bookings through the workflow: no transition buttons.
    assert page.locator("text=Move the booking").count() == 0

    form = page.locator("[data-testid=accept-form]")
    # Real inputs (a number type, a currency select) so Wagtail styles them and the
    # browser refuses what is not an amount.
    quoted = form.locator("input[name=quoted_amount]")
    assert quoted.get_attribute("type") == "number"
    assert form.locator("select[name=currency]").input_value() == "KES"
    assert quoted.is_visible() and quoted.bounding_box()["width"] > 100
    quoted.fill("25000")
    form.locator("input[name=deposit_amount]").fill("10000")
    form.locator("textarea[name=note]").fill("Checked in the browser")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=accepted; the client was emailed")

    assert page.text_content("[data-testid=booking-status]").strip() == "Accepted"
    assert "Checked in the browser" in page.text_content("[data-testid=notes]")
    assert page.locator("[data-testid=accept-form]").count() == 0
    booking = Booking.objects.get(pk=booking.pk)
    assert booking.status == "ACCEPTED"
    assert str(booking.quoted_amount) == "25000.00"
    assert page.text_content("[data-testid=quote]").strip() == "KES 25,000.00"
    if os.environ.get("SHOTS_DIR"):  # for a person to look at
        page.screenshot(path=f"{os.environ['SHOTS_DIR']}/booking-accepted.png", full_page=True)
