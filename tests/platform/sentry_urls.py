"""A view that fails while holding personal data, for the Sentry scrubbing test."""

import logging

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def explode(request):
    client_email = request.POST.get("email")
    phone_number = request.POST.get("phone")
    tracking_token = request.GET.get("token")
    logging.getLogger("angisoft.test").error("could not reach %s", client_email)
    raise RuntimeError(
        f"could not notify {client_email} at {phone_number} (token {tracking_token})"
    )


def ok(request):
    return HttpResponse("ok")


urlpatterns = [path("explode", explode), path("ok", ok)]
