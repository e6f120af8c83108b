"""The real React frontend's forms against this backend, in headless Chromium: the
/contact enquiry, the home page's Get in touch, the footer newsletter and the
/newsletter/confirm page.

Needs a production build of the frontend (FRONTEND_BUILD_DIR) and
the API origin baked into it (FRONTEND_BUILD_API, default http://127.0.0.1:8006). The
build is served from a local thread; its API calls are rerouted to the live test server."""

import functools
import http.server
import os
import re
import threading
import time
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connections

from enquiries.models import Enquiry, NewsletterSubscriber, SubscriberStatus

CHROMIUM = "/usr/bin/chromium"
BUILD = os.environ.get("FRONTEND_BUILD_DIR", "")
BUILD_API = os.environ.get("FRONTEND_BUILD_API", "http://127.0.0.1:8006").rstrip("/")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs /usr/bin/chromium"),
    pytest.mark.skipif(
        not os.path.exists(os.path.join(BUILD, "index.html")), reason="needs a frontend build"
    ),
]


class _SpaHandler(http.server.SimpleHTTPRequestHandler):
    def send_head(self):
        path = self.translate_path(self.path)
        if not os.path.isfile(path):
            self.path = "/index.html"  # client-side routes
        return super().send_head()

    def log_message(self, *args):
        pass


@pytest.fixture
def spa_origin():
    handler = functools.partial(_SpaHandler, directory=BUILD)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(live_server, spa_origin, settings, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.CORS_ALLOWED_ORIGINS = [spa_origin]
    settings.FRONTEND_URL = spa_origin
    from playwright.sync_api import sync_playwright

    def to_live_server(route):
        parts = urlsplit(route.request.url)
        target = f"{live_server.url}{parts.path}" + (f"?{parts.query}" if parts.query else "")
        route.fulfill(response=route.fetch(url=target))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        # Third-party fonts and CDNs are unreachable here; fail them fast.
        context.route(re.compile(r"^https?://(?!127\.0\.0\.1).*"), lambda route: route.abort())
        context.route(re.compile(rf"^{re.escape(BUILD_API)}/.*"), to_live_server)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.spa = spa_origin
        yield page
        browser.close()
        connections.close_all()


def confirm_link(spa_origin) -> str:
    (message,) = [m for m in mail.outbox if "/newsletter/confirm?token=" in m.body]
    return re.search(rf"({re.escape(spa_origin)}/newsletter/confirm\?token=\S+)", message.body)[1]


def test_contact_page_enquiry(page):
    page.goto(f"{page.spa}/contact")
    page.wait_for_selector("input[name=name]")
    page.locator("#contact-workspace button:has-text('General')").first.click()
    page.fill("input[name=name]", "Amina Otieno")
    page.fill("input[name=email]", "amina@example.test")
    page.fill("input[name=subject]", "A booking site for our clinic")
    page.fill("textarea[name=message]", "We need a booking site with M-Pesa for our clinic.")
    time.sleep(3.2)  # a person takes longer than the too-fast threshold
    page.locator("#contact-workspace button[type=submit]").click()
    page.wait_for_selector(".contact-success")
    enquiry = Enquiry.objects.get()
    assert enquiry.public_reference in page.text_content(".contact-success")
    assert enquiry.channel == "contact-page" and enquiry.enquiry_type == "general"
    assert enquiry.source_path == "/contact"
    assert sorted(m.to[0] for m in mail.outbox) == ["amina@example.test", "team@angisoft.co.ke"]


def test_home_get_in_touch(page):
    page.goto(f"{page.spa}/")
    page.wait_for_selector("#contact-name")
    page.fill("#contact-name", "Brian")
    page.fill("#contact-company", "Acme Ltd")
    page.fill("#contact-email", "brian@example.test")
    page.fill("#contact-message", "We would like a quote for a mobile app.")
    page.locator("#contact button[type=submit]").click()
    page.wait_for_selector(".angi-contact-success")
    enquiry = Enquiry.objects.get()
    assert enquiry.channel == "home-contact" and enquiry.organisation == "Acme Ltd"


def test_footer_newsletter_then_confirm_page(page):
    page.goto(f"{page.spa}/contact")
    box = page.locator("input[placeholder='Your email address']")
    box.fill("reader@example.test")
    box.locator("xpath=following-sibling::button").click()
    page.wait_for_selector("text=Please check your email")
    assert NewsletterSubscriber.objects.get().status == SubscriberStatus.PENDING

    page.goto(confirm_link(page.spa))
    page.wait_for_selector("text=Your subscription is confirmed")
    assert NewsletterSubscriber.objects.get().status == SubscriberStatus.CONFIRMED
    page.reload()  # the link opened twice is still a success
    page.wait_for_selector("text=already confirmed")

    page.goto(f"{page.spa}/newsletter/confirm?token=bogus")
    page.wait_for_selector("text=This link is invalid or has expired")
