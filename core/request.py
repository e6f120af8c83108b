import re

from django.conf import settings

_ID = re.compile(r"[0-9]{1,19}")  # ASCII only: str.isdigit() also accepts "³", int() does not


def client_ip(request) -> str:
    """The caller's address, trusting exactly NUM_PROXIES reverse proxies in front of us."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


def parse_id(value) -> int | None:
    """A database id given as text (path, query or form field), or None if it is not one.
    At most 19 digits, so int() never meets a 5,000-digit string; an id past the bigint
    range just matches nothing."""
    text = "" if value is None else str(value)
    return int(text) if _ID.fullmatch(text) else None
