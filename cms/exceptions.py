"""Errors of the cms app: preview links refused by the API, unsafe SVG uploads."""

from rest_framework import status

from core.exceptions import ApiError


class PreviewExpired(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "preview_expired"
    default_detail = "This preview link has expired. Open Preview again in the editor."


class PreviewInvalid(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "preview_invalid"
    default_detail = "This preview link is not valid. Open Preview again in the editor."


class UnsafeSvg(ValueError):
    """An uploaded SVG that is not a plain drawing; the message is a sentence for the editor."""
