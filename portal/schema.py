"""OpenAPI description of the portal's bearer token (drf-spectacular)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PortalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "portal.authentication.PortalTokenAuthentication"
    name = "portalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The accessToken from POST /api/client-portal/session.",
        }
