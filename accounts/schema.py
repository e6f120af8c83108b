"""OpenAPI description of the accounts JWT authentication classes (drf-spectacular)."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class AccountsJWTScheme(SimpleJWTScheme):
    target_class = "accounts.authentication.JWTAuthentication"
    name = "jwtAuth"


class EnrolmentJWTScheme(SimpleJWTScheme):
    target_class = "accounts.authentication.EnrolmentJWTAuthentication"
    name = "jwtEnrolmentAuth"


class OptionalJWTScheme(SimpleJWTScheme):
    target_class = "accounts.authentication.OptionalJWTAuthentication"
    name = "jwtOptionalAuth"


class PublicTolerantJWTScheme(SimpleJWTScheme):
    # The default class: the same staff JWT, so the same scheme name.
    target_class = "accounts.authentication.PublicTolerantJWTAuthentication"
    name = "jwtAuth"
