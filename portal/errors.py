"""Typed API errors of the client portal (rendered by config.exceptions)."""

from rest_framework import status

from config.exceptions import ApiError


class PortalLinkInvalid(ApiError):
    default_code = "portal_link_invalid"
    default_detail = "This portal link is invalid or has already been used. Request a new one."


class PortalLinkExpired(ApiError):
    default_code = "portal_link_expired"
    default_detail = "This portal link has expired. Request a new one."


class PortalSessionInvalid(ApiError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "portal_session_invalid"
    default_detail = "Your portal session has expired. Request a new sign-in link."
