"""Typed API errors of the client portal (rendered by core.exceptions)."""

from core.exceptions import ApiError


class PortalLinkInvalid(ApiError):
    default_code = "portal_link_invalid"
    default_detail = "This portal link is invalid or has already been used. Request a new one."


class PortalLinkExpired(ApiError):
    default_code = "portal_link_expired"
    default_detail = "This portal link has expired. Request a new one."
