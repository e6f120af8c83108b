"""A client pays a deposit from the emailed link in headless Chromium (phone-sized), by card,
M-Pesa and PayPal, against the fake providers: the page hands over to the provider, the
provider's webhook settles the payment, the provider returns the client to the tracking
page, and the tracking API shows DEPOSIT_PAID with the payment; one receipt each."""

import json
import os
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connections
from django.test import Client

from bookings.addresses import tracking_url
from payments.models import Payment
from tests.payments.factories import PayableBookingFactory
from tests.payments.fakes import paypal as paypal_fake
from tests.payments.fakes.stripe import event as stripe_event
from tests.payments.helpers import post_mpesa, post_paypal, post_stripe, receipts

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"]
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs /usr/bin/chromium"),
]


def stub(route):
    """Stands in for the provider's hosted page and for the frontend (neither is here)."""
    route.fulfill(status=200, content_type="text/html", body="<h1>Elsewhere</h1>")


@pytest.fixture
def browser_page(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport=PHONE, is_mobile=True)
        page.set_default_timeout(20_000)
        page.route("https://checkout.stripe.test/**", stub)
        page.route("https://www.paypal.test/**", stub)
        page.route("http://frontend.test/**", stub)
        yield page
        browser.close()
        connections.close_all()


def tracked(page, live_server, booking) -> dict:
    url = f"{live_server.url}/api/bookings/reference/{booking.public_reference}"
    response = page.request.get(url, params={"token": booking.token})
    assert response.ok, response.text()
    body = response.json()
    return body["data"]["booking"] if "data" in body else body  # the frontend's envelope


def assert_paid(page, live_server, booking, amount, provider):
    body = tracked(page, live_server, booking)
    assert body["status"] == "DEPOSIT_PAID"
    assert [(p["amount"], p["provider"]) for p in body["payments"]] == [(amount, provider)]
    assert Payment.objects.get().status == "SUCCEEDED"
    assert len(receipts(mail.outbox, booking.client.email)) == 1


def open_pay_page(page, live_server, booking):
    page.goto(f"{live_server.url}/pay/{booking.public_reference}?token={booking.token}")
    assert page.text_content("[data-testid=reference]") == booking.public_reference


def test_card(live_server, browser_page, fake_stripe):
    booking = PayableBookingFactory()
    page = browser_page
    open_pay_page(page, live_server, booking)
    assert page.text_content("[data-testid=amount-due]") == "KES 1,500.00"
    assert page.locator("[data-testid=pay-paypal]").count() == 0  # PayPal takes no KES

    page.locator("[data-testid=pay-stripe] button").click()
    page.wait_for_url(re.compile(r"https://checkout\.stripe\.test/c/pay/cs_test_\w+"))
    # Back and pay again, as a client unsure it worked would: still one session.
    page.go_back()
    page.locator("[data-testid=pay-stripe] button").click()
    page.wait_for_url(re.compile(r"https://checkout\.stripe\.test/"))
    (payment,) = Payment.objects.all()
    assert page.url.endswith(payment.provider_reference)
    assert len(fake_stripe.calls("POST", "/v1/checkout/sessions")) == 1

    session = fake_stripe.pay(payment.provider_reference)
    completed = stripe_event("checkout.session.completed", session)
    assert post_stripe(Client(), completed).status_code == 200
    page.goto(session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]))
    assert page.url.startswith(tracking_url(booking, booking.token) + "&")

    assert_paid(page, live_server, booking, "1500.00", "stripe")
    open_pay_page(page, live_server, booking)
    assert "We have received your deposit of KES 1,500.00" in page.content()


def test_mpesa(live_server, browser_page, fake_daraja):
    booking = PayableBookingFactory()
    page = browser_page
    open_pay_page(page, live_server, booking)

    page.fill("#phone", "0722 000 111")
    page.locator("[data-testid=pay-mpesa] button").click()
    page.wait_for_selector("[data-testid=mpesa-status][data-state=pending]")
    assert "Waiting for your M-Pesa PIN" in page.content()
    (push,) = fake_daraja.pushes.values()
    assert (push["PhoneNumber"], push["Amount"]) == ("254722000111", 1500)

    # The client enters the PIN; Safaricom calls back; the page refreshes by itself.
    callback = fake_daraja.callback(Payment.objects.get().provider_reference, 0)
    assert post_mpesa(Client(), callback).status_code == 200
    page.wait_for_selector("[data-testid=mpesa-status][data-state=paid]", timeout=15_000)

    page.click("[data-testid=tracking-link]")
    page.wait_for_url(tracking_url(booking, booking.token))
    assert_paid(page, live_server, booking, "1500.00", "mpesa")


def test_paypal(live_server, browser_page, fake_paypal):
    booking = PayableBookingFactory(currency="USD", deposit_amount=Decimal("120.00"))
    page = browser_page
    open_pay_page(page, live_server, booking)
    assert page.locator("[data-testid=pay-mpesa]").count() == 0  # M-Pesa takes only KES

    page.locator("[data-testid=pay-paypal] button").click()
    page.wait_for_url(re.compile(r"https://www\.paypal\.test/checkoutnow\?token=\w+"))
    payment = Payment.objects.get()
    order_id = payment.provider_reference
    assert page.url.endswith(order_id)

    fake_paypal.approve(order_id)
    approved = paypal_fake.event("CHECKOUT.ORDER.APPROVED", fake_paypal.orders[order_id])
    assert post_paypal(Client(), approved).status_code == 200
    (created,) = [
        c for c in fake_paypal.calls("POST", "/v2/checkout/orders") if "capture" not in c["path"]
    ]
    context = json.loads(created["raw"])["payment_source"]["paypal"]["experience_context"]
    page.goto(context["return_url"])
    assert page.url.startswith(tracking_url(booking, booking.token) + "&")

    assert_paid(page, live_server, booking, "120.00", "paypal")
