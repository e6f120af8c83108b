"""Links to the payment page, for emails."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse


def pay_url(booking, token: str) -> str:
    """`${BACKEND_URL}/pay/<REF>?token=<tracking token>`: the page lives on the backend
    because the frontend has no payment UI (FRONTEND.md §7)."""
    path = reverse("pay:page", kwargs={"reference": booking.public_reference})
    return f"{settings.BACKEND_URL}{path}?{urlencode({'token': token})}"
