import logging
import os
import re
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.core.handlers.exception import convert_exception_to_response
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware
from django.utils.module_loading import import_string

from core.headers import has_header, set_trusted
from core.logging import REQUEST_LOG_ENVIRON_KEY

logger = logging.getLogger("angisoft.request")

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID_META = "HTTP_X_REQUEST_ID"
# Accept a caller's id only if it is short and harmless to echo into logs and headers.
# fullmatch: "$" would also accept a trailing newline.
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def new_request_id() -> str:
    """32 random hex characters (the length of a uuid4 hex, without building a UUID)."""
    return os.urandom(16).hex()


class RequestLogMiddleware:
    """Gives every request an id (accepted or generated) and logs one line per request.

    Under gunicorn (settings.REQUEST_LOG_WRITER "server", set by config/gunicorn.conf.py)
    the line's fields are left in the WSGI environ and gunicorn's access log writes them
    with its own (core.access_log): one line per request. Elsewhere (runserver, tests) the
    line is built here as a record and handed to the logger directly: logger.info() would
    walk the call stack to find its caller, which nothing prints."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.server_writes = settings.REQUEST_LOG_WRITER == "server"

    def __call__(self, request):
        # META, not request.headers: that would build a dict of every header.
        incoming = request.META.get(_REQUEST_ID_META, "")
        request.id = incoming if _VALID_REQUEST_ID.fullmatch(incoming) else new_request_id()
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 2)
        set_trusted(response, REQUEST_ID_HEADER, request.id)  # one we made or fullmatched
        if self.server_writes:
            request.META[REQUEST_LOG_ENVIRON_KEY] = _fields(request, response, duration_ms)
        elif logger.isEnabledFor(logging.INFO):  # the line's fields only when it is written
            logger.handle(_record(_fields(request, response, duration_ms)))
        return response


def _fields(request, response, duration_ms) -> dict:
    user = getattr(request, "user", None)  # the API's JWT user once DRF authenticated it
    match = request.resolver_match
    return {
        "method": request.method,
        "path": request.path,
        "route": "/" + match.route if match is not None else None,
        "status": response.status_code,
        "duration_ms": duration_ms,
        "request_id": request.id,
        "user_id": user.pk if user is not None and user.is_authenticated else None,
    }


def _record(fields: dict) -> logging.LogRecord:
    return logger.makeRecord(
        logger.name,
        logging.INFO,
        __file__,
        0,
        "%s %s %s",
        (fields["method"], fields["path"], fields["status"]),
        None,
        extra=fields,
    )


class SiteMiddleware:
    """The middleware only the server-rendered site needs (settings.SITE_MIDDLEWARE:
    sessions, the session user, two-factor, messages, Wagtail redirects) as one
    nested chain, which paths under settings.SITE_MIDDLEWARE_SKIPPED_FOR (the API, which
    authenticates with JWTs only) go around. For every other request its members behave as
    if they were listed in MIDDLEWARE at this position, hooks included (process_view,
    process_template_response and process_exception run in Django's order)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.skipped_for = tuple(settings.SITE_MIDDLEWARE_SKIPPED_FOR)
        self.view_hooks, self.template_hooks, self.exception_hooks = [], [], []
        handler = get_response
        for path in reversed(settings.SITE_MIDDLEWARE):  # as BaseHandler.load_middleware
            try:
                member = import_string(path)(handler)
            except MiddlewareNotUsed:
                continue
            if hasattr(member, "process_view"):
                self.view_hooks.insert(0, member.process_view)
            if hasattr(member, "process_template_response"):
                self.template_hooks.append(member.process_template_response)
            if hasattr(member, "process_exception"):
                self.exception_hooks.append(member.process_exception)
            handler = convert_exception_to_response(member)
        self.site_chain = handler

    def __call__(self, request):
        if request.path_info.startswith(self.skipped_for):
            return self.get_response(request)
        return self.site_chain(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(self.skipped_for):
            for hook in self.view_hooks:
                response = hook(request, view_func, view_args, view_kwargs)
                if response:
                    return response
        return None

    def process_template_response(self, request, response):
        if not request.path_info.startswith(self.skipped_for):
            for hook in self.template_hooks:
                response = hook(request, response)
        return response

    def process_exception(self, request, exception):
        if not request.path_info.startswith(self.skipped_for):
            for hook in self.exception_hooks:
                response = hook(request, exception)
                if response:
                    return response
        return None


# Host headers already validated against ALLOWED_HOSTS (CommonMiddleware): a handful in
# practice, bounded because a wildcard pattern admits endless subdomains.
_VALID_HOSTS: set[str] = set()
_VALID_HOSTS_MAX = 256
_HOST_SETTINGS = {"ALLOWED_HOSTS", "DEBUG", "USE_X_FORWARDED_HOST"}


@receiver(setting_changed)
def _forget_valid_hosts(setting, **kwargs):
    if setting in _HOST_SETTINGS:
        _VALID_HOSTS.clear()


class CommonMiddleware(DjangoCommonMiddleware):
    """Django's CommonMiddleware, with its per-request work done once where it can be: a
    Host header is validated against ALLOWED_HOSTS the first time it is seen, not on every
    request, and Content-Length is set without validating a header we made. With
    DISALLOWED_USER_AGENTS, PREPEND_WWW or USE_X_FORWARDED_HOST set, with no Host header,
    on 404s (APPEND_SLASH) and on streaming responses, Django's own code runs."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.as_django = bool(
            settings.DISALLOWED_USER_AGENTS or settings.PREPEND_WWW or settings.USE_X_FORWARDED_HOST
        )

    def process_request(self, request):
        host = request.META.get("HTTP_HOST")
        if self.as_django or host is None:
            return super().process_request(request)
        if host not in _VALID_HOSTS:
            request.get_host()  # raises DisallowedHost unless ALLOWED_HOSTS allows it
            if len(_VALID_HOSTS) < _VALID_HOSTS_MAX:
                _VALID_HOSTS.add(host)
        return None

    def process_response(self, request, response):
        if (
            response.status_code == 404
            or response.streaming
            or has_header(response, "Content-Length")
        ):
            return super().process_response(request, response)
        set_trusted(response, "Content-Length", str(len(response.content)))
        return response
