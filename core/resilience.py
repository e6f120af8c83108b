"""Clean 503s while the database is unreachable (restart, failover, network blip).

A database error anywhere in the request (view, middleware, template) reaches Django's
exception handling, which fires ``got_request_exception`` and renders a 500. The receiver
below marks the request when the cause was a lost/unreachable database, and the outermost
middleware turns that 500 into a 503 with ``Retry-After``, in the API's error shape for
/api/ and /health. Django's ``CONN_HEALTH_CHECKS`` then reconnects on the next request,
so recovery needs no manual step."""

import logging

from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse

from core.exceptions import error_body

logger = logging.getLogger("angisoft.resilience")
RETRY_AFTER_SECONDS = 5
_UNAVAILABLE_HINTS = (
    "connection",
    "server closed",
    "terminating",
    "could not connect",
    "the database system is",
    "shutting down",
    "starting up",
    "timeout",
)


def is_database_unavailable(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        if isinstance(exc, DatabaseError):
            text = str(exc).lower()
            return any(hint in text for hint in _UNAVAILABLE_HINTS)
        exc = exc.__cause__ or exc.__context__
    return False


@receiver(got_request_exception, dispatch_uid="angisoft-db-unavailable")
def _mark_database_unavailable(sender, request=None, **kwargs):
    import sys

    if request is not None and is_database_unavailable(sys.exc_info()[1]):
        request.database_unavailable = True


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "database_unavailable", False):
            response = self._unavailable(request)
        return response

    def process_exception(self, request, exception):
        """A view's database error is answered here, before Django logs it as a 500 with
        a traceback: the outage is expected noise, the log shows the 503 we send."""
        if is_database_unavailable(exception):
            return self._unavailable(request)
        return None

    def _unavailable(self, request):
        logger.warning("database unavailable: answering 503 for %s", request.path)
        if request.path.startswith(("/api/", "/health")):
            response = JsonResponse(
                error_body(
                    "The service is briefly unavailable. Please try again in a few seconds.",
                    "service_unavailable",
                ),
                status=503,
            )
        else:
            response = HttpResponse(
                "Service temporarily unavailable.\n", status=503, content_type="text/plain"
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
