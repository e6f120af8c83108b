"""One JSON error shape for the whole API: {"error", "code", "fields"?}."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class ApiError(exceptions.APIException):
    """Base for domain errors the API reports: subclass with status_code and default_code."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "bad_request"
    default_detail = "The request could not be processed."

    def __init__(self, detail=None, code=None, extra=None):
        super().__init__(detail, code)
        self.extra = extra or {}


class Conflict(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "The request conflicts with the current state."


class BadGateway(ApiError):
    status_code = status.HTTP_502_BAD_GATEWAY
    default_code = "provider_error"
    default_detail = "The payment provider could not be reached. Please try again shortly."


# Sentences the frontend can show a visitor.
_MESSAGES = {
    exceptions.ValidationError: (
        "Some fields are invalid. Please check them and try again.",
        "validation_error",
    ),
    exceptions.ParseError: ("The request body could not be read.", "parse_error"),
    exceptions.NotAuthenticated: ("Please sign in to continue.", "not_authenticated"),
    exceptions.AuthenticationFailed: (
        "Your sign-in is invalid or has expired.",
        "authentication_failed",
    ),
    exceptions.PermissionDenied: ("You do not have permission to do this.", "permission_denied"),
    exceptions.NotFound: ("We could not find what you were looking for.", "not_found"),
    exceptions.MethodNotAllowed: ("This method is not allowed here.", "method_not_allowed"),
    exceptions.UnsupportedMediaType: (
        "This content type is not supported.",
        "unsupported_media_type",
    ),
    exceptions.NotAcceptable: ("This response format is not available.", "not_acceptable"),
}


def error_body(message: str, code: str, fields: dict | None = None, **extra) -> dict:
    body = {"error": message, "code": code}
    if fields:
        body["fields"] = fields
    body.update(extra)
    return body


def _flatten_fields(detail, prefix="") -> dict:
    """DRF's nested error detail -> {"field": ["message", ...]} with dotted paths."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "non_field_errors":
                name = prefix or "nonFieldErrors"
            for k, v in _flatten_fields(value, name).items():
                fields.setdefault(k, []).extend(v)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            fields[prefix or "nonFieldErrors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                for k, v in _flatten_fields(item, f"{prefix}.{index}").items():
                    fields.setdefault(k, []).extend(v)
    else:
        fields[prefix or "nonFieldErrors"] = [str(detail)]
    return fields


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        has_fields = hasattr(exc, "error_dict")
        detail = exc.message_dict if has_fields else {"nonFieldErrors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # unhandled: Django's handler500 answers in the same shape

    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten_fields(exc.detail)
        message = _MESSAGES[exceptions.ValidationError][0]
        only = fields.get("nonFieldErrors")
        if only and len(fields) == 1:
            message = only[0]
        response.data = error_body(message, "validation_error", fields)
        return response

    if isinstance(exc, exceptions.Throttled):
        wait = exc.wait or 1
        response.data = error_body(
            f"Too many requests. Please wait {int(wait + 0.999)} seconds and try again.",
            "rate_limited",
        )
        return response

    message, code = None, None
    for exc_class, (default_message, default_code) in _MESSAGES.items():
        if isinstance(exc, exc_class):
            message, code = default_message, default_code
            break
    detail = exc.detail if isinstance(exc.detail, str) else None
    if isinstance(exc, ApiError) or (detail and detail != exc.default_detail):
        message = str(detail)  # a specific message written for this case
    if isinstance(exc, exceptions.APIException) and code is None:
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
    response.data = error_body(
        message or str(exc.detail), code or "error", **getattr(exc, "extra", {})
    )
    return response


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def json_error_response(status_code: int, message: str, code: str) -> JsonResponse:
    return JsonResponse(error_body(message, code), status=status_code)


@csrf_exempt  # an unknown POST must get this JSON 404, not the CSRF middleware's HTML 403
def api_not_found(request, *args, **kwargs):
    return json_error_response(404, _MESSAGES[exceptions.NotFound][0], "not_found")


def handler404(request, exception=None):
    if _is_api(request):
        return json_error_response(404, _MESSAGES[exceptions.NotFound][0], "not_found")
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def handler500(request):
    if _is_api(request):
        return json_error_response(
            500, "Something went wrong on our side. Please try again later.", "server_error"
        )
    from django.views.defaults import server_error

    return server_error(request)


def handler400(request, exception=None):
    if _is_api(request):
        return json_error_response(400, "The request could not be read.", "bad_request")
    from django.views.defaults import bad_request

    return bad_request(request, exception)


def handler403(request, exception=None):
    if _is_api(request):
        return json_error_response(
            403, _MESSAGES[exceptions.PermissionDenied][0], "permission_denied"
        )
    from django.views.defaults import permission_denied

    return permission_denied(request, exception)
