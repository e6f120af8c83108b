"""The payment page and the M-Pesa status page. Plain Django views (HTML, CSRF-protected
forms, per-IP rate limits); the token in `?token=` is checked exactly as the tracking API
checks it."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from rest_framework.exceptions import APIException

from bookings import hooks as booking_hooks
from bookings.addresses import tracking_url
from bookings.selectors import booking_for_tracking_token
from bookings.throttles import TrackingThrottle
from cms.models import BrandingSettings
from cms.richtext import rendition_data
from core.exceptions import BadGateway
from payments.exceptions import AmountMismatch, PaymentConflict
from payments.models import Payment, PaymentProvider
from payments.pay_page.forms import StartPaymentForm
from payments.pay_page.selectors import PAYABLE, deposit_offer, mpesa_progress
from payments.services import payment_create, payment_refresh_for_client


class PageThrottle(TrackingThrottle):
    scope = "pay_page"


class StartThrottle(TrackingThrottle):
    scope = "payments"  # the same budget as POST /api/payments/create


def _branding(request) -> dict:
    """Site name, tagline, logo and icon from the CMS, as the content API renders them."""
    settings = BrandingSettings.load(request_or_site=request)
    return {
        "site_name": settings.site_name,
        "tagline": settings.tagline,
        "logo": rendition_data(settings.logo, "logo") if settings.logo else None,
        "favicon": rendition_data(settings.favicon, "icon") if settings.favicon else None,
    }


def _page(request, template, context, *, status=200):
    context = {"branding": _branding(request), **context}
    response = render(request, template, context, status=status)
    # The URL carries the tracking token: never send it to a provider as a Referer.
    # ("no-referrer" would also make browsers send `Origin: null`, failing the CSRF check.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _unavailable(request, *, replaced=False):
    return _page(request, "pay/unavailable.html", {"replaced": replaced}, status=404)


def _throttled(request, throttle):
    response = _page(request, "pay/throttled.html", {}, status=429)
    wait = throttle.wait()
    if wait:
        response["Retry-After"] = str(int(wait) + 1)
    return response


def _check(request, reference, throttle_class):
    """(booking, token, None), or (None, None, response) when throttled or not found."""
    throttle = throttle_class()
    if not throttle.allow_request(request, None):
        return None, None, _throttled(request, throttle)
    token = (request.GET.get("token") or "").strip()
    try:
        booking = booking_for_tracking_token(token=token, reference=reference)
    except APIException as exc:  # NotFound, or a token a newer emailed link replaced
        if exc.status_code != 404:
            raise
        return None, None, _unavailable(request, replaced=exc.get_codes() == "link_superseded")
    return booking, token, None


def _render_offer(request, booking, token, *, form=None, error="", status=200):
    offer = deposit_offer(booking)
    context = {
        "booking": booking,
        "offer": offer,
        "payable": offer.state == PAYABLE,
        "form": form,
        "error": error,
        "phone": (form.data.get("phone") if form is not None else "") or booking.client.phone,
        "tracking_url": tracking_url(booking, token),
        # Issued by invoicing, which payments does not import.
        "documents": booking_hooks.client_documents(booking.pk),
    }
    return _page(request, "pay/page.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def pay_page(request, reference):
    throttle = StartThrottle if request.method == "POST" else PageThrottle
    booking, token, refused = _check(request, reference, throttle)
    if refused is not None:
        return refused
    if request.method != "POST":
        return _render_offer(request, booking, token)

    offer = deposit_offer(booking)
    form = StartPaymentForm(request.POST, providers=offer.providers)
    if offer.state != PAYABLE:
        return _render_offer(request, booking, token, status=409)
    if not form.is_valid():
        error = " ".join(message for errors in form.errors.values() for message in errors)
        return _render_offer(request, booking, token, form=form, error=error, status=400)
    data = form.cleaned_data
    try:
        payment, _ = payment_create(
            booking_id=booking.pk,
            provider=data["provider"],
            amount=data["amount"],
            phone=data["phone"] or None,
            tracking_token=token,
        )
    except AmountMismatch:
        error = "The deposit has changed since this page was opened; please check the amount."
        return _render_offer(request, booking, token, error=error, status=409)
    except (PaymentConflict, BadGateway) as exc:
        status = 502 if isinstance(exc, BadGateway) else 409
        return _render_offer(
            request, booking, token, form=form, error=str(exc.detail), status=status
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
        return _render_offer(request, booking, token, form=form, error=error, status=400)

    if payment.provider == PaymentProvider.MPESA:
        return redirect(_mpesa_status_path(booking, payment, token))
    if not payment.checkout_url:  # a provider that answered without a page to send to
        error = "The payment could not be started. Please try again."
        return _render_offer(request, booking, token, error=error, status=502)
    return redirect(payment.checkout_url)


def _path(name, token, **kwargs) -> str:
    return f"{reverse(name, kwargs=kwargs)}?{urlencode({'token': token})}"


def _mpesa_status_path(booking, payment, token) -> str:
    return _path(
        "pay:mpesa-status", token, reference=booking.public_reference, payment_id=payment.pk
    )


@never_cache
@require_GET
def mpesa_status(request, reference, payment_id):
    booking, token, refused = _check(request, reference, PageThrottle)
    if refused is not None:
        return refused
    payment = Payment.objects.filter(
        pk=payment_id, booking=booking, provider=PaymentProvider.MPESA
    ).first()
    if payment is None:
        return _unavailable(request)
    # Asks Daraja at most every few seconds and applies the answer through the one
    # fulfil function, exactly as the API's status check does.
    payment = payment_refresh_for_client(payment=payment)
    context = {
        "booking": booking,
        "payment": payment,
        "progress": mpesa_progress(payment),
        "pay_url": _path("pay:page", token, reference=booking.public_reference),
        "tracking_url": tracking_url(booking, token),
    }
    return _page(request, "pay/mpesa_status.html", context)
