"""The audit trail: sensitive actions are written as Wagtail log entries, so they show in
the admin's history and "Site history" report. Each app registers its action names in its
wagtail_hooks.py (`register_log_actions`) and records them through `record`."""

from wagtail.log_actions import log

from core.request import client_ip


def record(action: str, *, instance, actor=None, request=None, data: dict | None = None):
    """Log `action` on `instance` by `actor`, with the caller's IP when a request is given."""
    payload = dict(data or {})
    if request is not None:
        payload.setdefault("ip", client_ip(request))
        if actor is None and getattr(request, "user", None) and request.user.is_authenticated:
            actor = request.user
    return log(instance, action, user=actor, data=payload)
