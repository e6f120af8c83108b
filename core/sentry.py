"""Sentry for the web process and the Huey worker (both load settings, which call
init_sentry when SENTRY_DSN is set). Events carry release and environment tags; personal
data (emails, phone numbers, names, tokens, passwords) is scrubbed before anything leaves
the process."""

import re

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.huey import HueyIntegration

_SCRUBBED = "[scrubbed]"
# Keys whose values are personal or secret wherever they appear (normalised: no _ or -).
_PERSONAL_EXACT = {
    "name",
    "fullname",
    "firstname",
    "lastname",
    "clientname",
    "customername",
    "contactname",
    "username",
    "address",
    "ip",
    "ipaddress",
    "remoteaddr",
    "xforwardedfor",
    "xrealip",
}
_PERSONAL_PARTS = (
    "email",
    "phone",
    "msisdn",
    "mobile",
    "password",
    "passwd",
    "secret",
    "token",
    "authorization",
    "cookie",
    "session",
    "apikey",
    "signature",
    "otp",
    "totp",
)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# International numbers (+254 7xx ...) and Kenyan local mobile numbers (07xx / 01xx).
_PHONE_RE = re.compile(r"(?<![\w])(?:\+\d[\d ()-]{7,16}\d|0[17]\d{8})(?![\w])")
_JWT_RE = re.compile(r"eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{5,}")
# Query strings inside text (request reprs, URLs): tracking tokens travel in ?token=.
_QUERY_RE = re.compile(r"(?<=\?)[^\s'\"<>]+")
_BEARER_RE = re.compile(r"(?i)\b(bearer|token)\s+[\w.~+/=-]{8,}")


def _personal_key(key) -> bool:
    normalised = str(key).replace("_", "").replace("-", "").lower()
    return normalised in _PERSONAL_EXACT or any(part in normalised for part in _PERSONAL_PARTS)


def scrub_text(text: str) -> str:
    text = _JWT_RE.sub(_SCRUBBED, text)
    text = _BEARER_RE.sub(lambda m: f"{m.group(1)} {_SCRUBBED}", text)
    text = _QUERY_RE.sub(_SCRUBBED, text)
    text = _EMAIL_RE.sub(_SCRUBBED, text)
    return _PHONE_RE.sub(_SCRUBBED, text)


def _scrub(value):
    if isinstance(value, dict):
        return {k: _SCRUBBED if _personal_key(k) else _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        # Header lists arrive as [name, value] pairs.
        if len(value) == 2 and isinstance(value[0], str) and _personal_key(value[0]):
            return [value[0], _SCRUBBED]
        return [_scrub(v) for v in value]
    if isinstance(value, str):
        return scrub_text(value)
    return value


# Event parts that may carry personal data; the rest (timestamps, sdk, modules...) is safe.
_SCRUBBED_PARTS = ("request", "extra", "breadcrumbs", "exception", "threads", "logentry")
# Contexts the SDK fills itself (runtime/os "name" is not a person's name).
_SDK_CONTEXTS = {"runtime", "os", "device", "trace", "browser", "app", "culture", "cloud_resource"}


def _before_send(event, hint):
    request = event.get("request")
    if request:
        request.pop("query_string", None)  # tracking tokens travel in ?token=
        request.pop("cookies", None)
        if "url" in request:
            request["url"] = request["url"].split("?", 1)[0]
    for part in _SCRUBBED_PARTS:
        if part in event:
            event[part] = _scrub(event[part])
    for name, context in (event.get("contexts") or {}).items():
        if name not in _SDK_CONTEXTS:
            event["contexts"][name] = _scrub(context)
    if isinstance(event.get("message"), str):
        event["message"] = scrub_text(event["message"])
    event.pop("user", None)
    return event


def _before_breadcrumb(crumb, hint):
    return _scrub(crumb)


def init_sentry(*, dsn: str, environment: str, release: str | None) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), HueyIntegration()],
        # No user identity, cookies or query strings; request bodies and frame variables
        # are kept for debugging but pass through _before_send's scrubber.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "url_query_params": {"mode": "off"},
            "http_bodies": ["incoming_request"],
        },
        before_send=_before_send,
        before_breadcrumb=_before_breadcrumb,
        traces_sample_rate=0.0,
    )
