import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.huey import HueyIntegration

_SCRUBBED = "[scrubbed]"
_PERSONAL_KEYS = {"email", "phone", "name", "password", "token", "trackingtoken", "authorization"}


def _scrub(value):
    if isinstance(value, dict):
        return {
            k: _SCRUBBED if k.replace("_", "").lower() in _PERSONAL_KEYS else _scrub(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _before_send(event, hint):
    request = event.get("request")
    if request:
        for key in ("data", "headers", "cookies"):
            if key in request:
                request[key] = _scrub(request[key])
        request.pop("query_string", None)  # tracking tokens travel in ?token=
    event.pop("user", None)
    return event


def init_sentry(*, dsn: str, environment: str, release: str | None) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), HueyIntegration()],
        send_default_pii=False,
        before_send=_before_send,
        traces_sample_rate=0.0,
    )
