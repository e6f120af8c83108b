"""The server-rendered payment page, /pay/<REF>?token=, through Django's test client against
the fake providers: token checks, providers by configuration and currency, amounts decided
by the server, idempotent double submits, the M-Pesa status page and rate limits."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from bookings.addresses import tracking_url
from bookings.models import BookingStatus
from bookings.tokens import hash_token
from payments.models import Payment, PaymentStatus
from payments.pay_page import selectors as pay_selectors
from tests.payments.factories import PayableBookingFactory
from tests.payments.helpers import post_mpesa, receipts

pytestmark = pytest.mark.django_db


def page_url(booking, token=None):
    return f"/pay/{booking.public_reference}?token={booking.token if token is None else token}"


def pay(client, booking, provider, *, amount=None, token=None, **extra):
    body = {
        "provider": provider,
        "amount": str(booking.deposit_amount if amount is None else amount),
        **extra,
    }
    return client.post(page_url(booking, token), body)


def forms_on(html: str) -> list[str]:
    return re.findall(r'data-testid="pay-(\w+)"', html)


# --- who may open it -----------------------------------------------------------------------


@pytest.mark.parametrize("token", ["", "not-the-token"])
def test_a_wrong_or_missing_token_shows_a_friendly_404(client, booking, token):
    response = client.get(page_url(booking, token))

    assert response.status_code == 404
    html = response.content.decode()
    assert "This payment link is not valid" in html
    assert booking.deposit_amount.to_eng_string() not in html  # nothing about the booking
    assert booking.title not in html


def test_a_token_replaced_by_a_newer_link_no_longer_opens_the_page(client, booking):
    old = booking.token
    booking.tracking_token_hash = hash_token("the-newer-token")
    booking.save(update_fields=["tracking_token_hash"])

    assert client.get(page_url(booking, old)).status_code == 404
    assert pay(client, booking, "stripe", token=old).status_code == 404
    assert client.get(page_url(booking, "the-newer-token")).status_code == 200
    assert Payment.objects.count() == 0


def test_unknown_reference_answers_like_a_wrong_token(client, booking):
    response = client.get(f"/pay/ANG-2099-99999?token={booking.token}")
    assert response.status_code == 404
    assert "This payment link is not valid" in response.content.decode()


def test_reference_is_case_insensitive_and_the_page_is_not_cached(client, booking):
    response = client.get(f"/pay/{booking.public_reference.lower()}?token={booking.token}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


# --- what it shows ------------------------------------------------------------------------


def test_styled_from_the_cms_branding(client, booking):
    from cms.models import BrandingSettings
    from tests.cms.factories import ensure_wagtail_roots, make_image

    ensure_wagtail_roots()  # a transactional test may have flushed the root collection
    branding = BrandingSettings.load()
    branding.site_name = "Angi Pay Test"
    branding.tagline = "Deposits made simple"
    branding.logo = make_image("Logo")
    branding.favicon = make_image("Icon", size=(64, 64))
    branding.save()

    html = client.get(page_url(booking)).content.decode()

    assert "<title>Pay your deposit · Angi Pay Test</title>" in html
    assert "Deposits made simple" in html
    assert re.search(r'<img src="http://testserver/[^"]*logo[^"]*max-600x200[^"]*" alt="Angi', html)
    assert re.search(r'<link rel="icon" href="http://testserver/[^"]*icon[^"]*fill-64x64', html)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_shows_the_deposit_and_only_the_providers_that_take_the_currency(client, booking):
    response = client.get(page_url(booking))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="amount-due">KES 1,500.00<' in html
    # PayPal does not take KES; card and M-Pesa do.
    assert forms_on(html) == ["stripe", "mpesa"]
    assert 'value="0712345678"' in html  # the client's phone, prefilled
    assert f'href="{tracking_url(booking, booking.token)}"' in html


def test_a_usd_booking_offers_card_and_paypal(client):
    booking = PayableBookingFactory(currency="USD", deposit_amount=Decimal("120.00"))
    html = client.get(page_url(booking)).content.decode()
    assert forms_on(html) == ["stripe", "paypal"]
    assert "USD 120.00" in html


def test_providers_without_keys_are_not_offered(client, booking, settings):
    settings.STRIPE_SECRET_KEY = ""
    html = client.get(page_url(booking)).content.decode()
    assert forms_on(html) == ["mpesa"]

    settings.MPESA_PASSKEY = ""
    html = client.get(page_url(booking)).content.decode()
    assert forms_on(html) == []
    assert "Online payment is not available" in html


def test_mpesa_offers_whole_shillings(client):
    booking = PayableBookingFactory(deposit_amount=Decimal("1500.40"))
    html = client.get(page_url(booking)).content.decode()
    assert "Pay KES 1,500.40 by card" in html
    assert "M-Pesa prompt for KES 1,501.00" in html


@pytest.mark.parametrize(
    ("status", "says"),
    [
        (BookingStatus.SUBMITTED, "We are still reviewing your booking"),
        (BookingStatus.UNDER_REVIEW, "We are still reviewing your booking"),
        (BookingStatus.ACCEPTED, "First accept the quotation on your booking page"),
        (BookingStatus.DEPOSIT_PAID, "We have received your deposit"),
        (BookingStatus.IN_PROGRESS, "We have received your deposit"),
        (BookingStatus.CANCELLED, "This booking is cancelled, so there is nothing to pay"),
        (BookingStatus.REJECTED, "This booking is rejected, so there is nothing to pay"),
    ],
)
def test_a_booking_not_awaiting_its_deposit_offers_no_payment(client, status, says):
    booking = PayableBookingFactory(status=status)
    response = client.get(page_url(booking))
    html = response.content.decode()
    assert response.status_code == 200
    assert says in html
    assert forms_on(html) == []
    assert "amount-due" not in html

    refused = pay(client, booking, "stripe")
    assert refused.status_code == 409
    assert Payment.objects.count() == 0


# --- starting payments ---------------------------------------------------------------------


def test_card_redirects_to_stripe_checkout_for_the_server_amount(client, booking, fake_stripe):
    response = pay(client, booking, "stripe")

    assert response.status_code == 302
    payment = Payment.objects.get()
    session = fake_stripe.sessions[payment.provider_reference]
    assert response["Location"] == session["url"]
    assert session["amount_total"] == 150000
    assert session["currency"] == "kes"
    back = tracking_url(booking, booking.token)
    assert session["success_url"].startswith(back + "&")
    assert session["cancel_url"].startswith(back + "&")


def test_double_submit_reuses_the_open_checkout(client, booking, fake_stripe):
    first = pay(client, booking, "stripe")
    second = pay(client, booking, "stripe")
    reloaded = client.get(page_url(booking))

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Payment.objects.count() == 1
    assert len(fake_stripe.calls("POST", "/v1/checkout/sessions")) == 1
    assert reloaded.status_code == 200


def test_the_client_cannot_choose_the_amount(client, booking, fake_stripe):
    response = pay(client, booking, "stripe", amount="1.00")

    assert response.status_code == 409
    assert "The deposit has changed since this page was opened" in response.content.decode()
    assert "KES 1,500.00" in response.content.decode()  # the page shows the real amount again
    assert Payment.objects.count() == 0
    assert fake_stripe.calls("POST", "/v1/checkout/sessions") == []


def test_a_provider_not_offered_is_refused(client, booking, fake_paypal):
    response = pay(client, booking, "paypal")  # KES: PayPal is not offered

    assert response.status_code == 400
    assert "That payment method is not available" in response.content.decode()
    assert Payment.objects.count() == 0


def test_paypal_redirects_to_approval_and_returns_to_the_tracking_page(client, fake_paypal):
    booking = PayableBookingFactory(currency="USD", deposit_amount=Decimal("120.00"))

    first = pay(client, booking, "paypal")
    second = pay(client, booking, "paypal")

    assert first.status_code == second.status_code == 302
    payment = Payment.objects.get()
    assert first["Location"] == second["Location"] == payment.checkout_url
    assert first["Location"].startswith("https://www.paypal.test/checkoutnow?token=")
    order = fake_paypal.orders[payment.provider_reference]
    context = order_context(fake_paypal, payment)
    back = tracking_url(booking, booking.token)
    assert context["return_url"].startswith(back + "&")
    assert context["cancel_url"].startswith(back + "&")
    assert order["purchase_units"][0]["amount"] == {"currency_code": "USD", "value": "120.00"}


def order_context(fake_paypal, payment) -> dict:
    import json

    (call,) = fake_paypal.calls("POST", "/v2/checkout/orders")
    return json.loads(call["raw"])["payment_source"]["paypal"]["experience_context"]


def test_a_provider_failure_shows_the_page_again_and_keeps_nothing(client, booking, fake_stripe):
    fake_stripe.fail_next(500)

    response = pay(client, booking, "stripe")

    assert response.status_code == 502
    assert "card payment service is having problems" in response.content.decode()
    assert Payment.objects.count() == 0
    assert pay(client, booking, "stripe").status_code == 302  # and a retry works


def test_posts_need_the_csrf_token(booking, fake_stripe):
    browser = Client(enforce_csrf_checks=True)

    assert pay(browser, booking, "stripe").status_code == 403
    assert Payment.objects.count() == 0

    html = browser.get(page_url(booking)).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = pay(browser, booking, "stripe", csrfmiddlewaretoken=csrf)
    assert response.status_code == 302


# --- M-Pesa -----------------------------------------------------------------------------


def start_mpesa(client, booking, phone="0712 345 678"):
    response = pay(client, booking, "mpesa", phone=phone)
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def test_mpesa_sends_one_prompt_and_shows_a_refreshing_status_page(client, booking, fake_daraja):
    status_url = start_mpesa(client, booking, "0722 000 111")
    again = start_mpesa(client, booking, "0722 000 111")  # double click

    payment = Payment.objects.get()
    assert status_url == again
    assert status_url == (
        f"/pay/{booking.public_reference}/mpesa/{payment.pk}?token={booking.token}"
    )
    (push,) = fake_daraja.pushes.values()
    assert push["PhoneNumber"] == "254722000111"
    assert push["Amount"] == 1500

    page = client.get(status_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-state="pending"' in html
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "Waiting for your M-Pesa PIN" in html


def test_mpesa_status_page_reaches_paid_through_the_query(
    client, booking, fake_daraja, mailoutbox, django_capture_on_commit_callbacks
):
    status_url = start_mpesa(client, booking)
    checkout_id = Payment.objects.get().provider_reference
    fake_daraja.callback(checkout_id, 0)  # paid on the phone; the callback is lost

    with django_capture_on_commit_callbacks(execute=True):
        html = client.get(status_url).content.decode()

    assert 'data-state="paid"' in html
    assert "http-equiv" not in html  # settled: no more refreshing
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DEPOSIT_PAID
    assert len(receipts(mailoutbox, booking.client.email)) == 1
    # Paying again from the same link is refused; the page says it is paid.
    assert (
        "We have received your deposit of KES 1,500.00"
        in client.get(page_url(booking)).content.decode()
    )


def test_mpesa_status_after_the_callback_and_a_cancelled_prompt(
    client, booking, fake_daraja, django_capture_on_commit_callbacks
):
    status_url = start_mpesa(client, booking)
    checkout_id = Payment.objects.get().provider_reference
    with django_capture_on_commit_callbacks(execute=True):
        post_mpesa(client, fake_daraja.callback(checkout_id, 1032))

    html = client.get(status_url).content.decode()

    assert 'data-state="unpaid"' in html
    assert "You cancelled the M-Pesa payment on your phone." in html
    assert "http-equiv" not in html
    assert f'href="/pay/{booking.public_reference}?token={booking.token}"' in html  # try again
    # Trying again sends a new prompt.
    assert start_mpesa(client, booking) != status_url
    assert len(fake_daraja.pushes) == 2


def test_mpesa_status_stops_refreshing_after_the_wait(
    client, booking, fake_daraja, monkeypatch, settings
):
    settings.PAY_PAGE_MPESA_WAIT_SECONDS = 120
    status_url = start_mpesa(client, booking)
    later = timezone.now() + timedelta(seconds=121)
    monkeypatch.setattr(pay_selectors.timezone, "now", lambda: later)

    html = client.get(status_url).content.decode()

    assert 'data-state="timed_out"' in html
    assert "We have not heard back from M-Pesa yet" in html
    assert "http-equiv" not in html
    assert Payment.objects.get().status == PaymentStatus.PENDING


def test_mpesa_bad_phone_is_shown_on_the_page(client, booking, fake_daraja):
    response = pay(client, booking, "mpesa", phone="12345")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a Kenyan mobile number" in html
    assert 'value="12345"' in html  # what the client typed stays in the box
    assert Payment.objects.count() == 0


def test_mpesa_status_of_another_bookings_payment_is_not_shown(client, booking, fake_daraja):
    status_url = start_mpesa(client, booking)
    other = PayableBookingFactory()
    payment = Payment.objects.get()

    response = client.get(f"/pay/{other.public_reference}/mpesa/{payment.pk}?token={other.token}")
    assert response.status_code == 404
    assert client.get(status_url.replace(booking.token, other.token)).status_code == 404


# --- rate limits ---------------------------------------------------------------------------


def rates(settings, **overrides):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            **overrides,
        },
    }


def test_page_views_are_rate_limited_per_ip(client, booking, settings):
    rates(settings, pay_page="3/min")

    codes = [client.get(page_url(booking, "guess")).status_code for _ in range(4)]

    assert codes == [404, 404, 404, 429]
    last = client.get(page_url(booking))
    assert last.status_code == 429
    assert int(last["Retry-After"]) > 0
    assert "Too many attempts" in last.content.decode()


def test_starting_payments_is_rate_limited(client, booking, settings, fake_stripe):
    rates(settings, payments="2/min")

    codes = [pay(client, booking, "stripe").status_code for _ in range(3)]

    assert codes == [302, 302, 429]
    assert Payment.objects.count() == 1
