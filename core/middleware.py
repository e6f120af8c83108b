import logging
import os
import re
import time

logger = logging.getLogger("angisoft.request")

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID_META = "HTTP_X_REQUEST_ID"
# Accept a caller's id only if it is short and harmless to echo into logs and headers.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def new_request_id() -> str:
    """32 random hex characters (the length of a uuid4 hex, without building a UUID)."""
    return os.urandom(16).hex()


class RequestLogMiddleware:
    """Gives every request an id (accepted or generated) and logs one line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # META, not request.headers: that would build a dict of every header.
        incoming = request.META.get(_REQUEST_ID_META, "")
        request.id = incoming if _VALID_REQUEST_ID.match(incoming) else new_request_id()
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 2)
        response[REQUEST_ID_HEADER] = request.id
        if logger.isEnabledFor(logging.INFO):  # the line's fields only when it is written
            self._log(request, response, duration_ms)
        return response

    @staticmethod
    def _log(request, response, duration_ms):
        user = getattr(request, "user", None)
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "request_id": request.id,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
