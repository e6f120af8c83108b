"""Output shapes shared by the accounts endpoints (camelCase, ids as strings)."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from accounts.roles import role_of
from accounts.selectors import user_permissions
from accounts.services.two_factor import two_factor_enabled


@extend_schema_serializer(component_name="StaffMe")
class MeSerializer(serializers.Serializer):
    id = serializers.CharField(source="pk")
    email = serializers.EmailField()
    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    phone = serializers.CharField()
    role = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()
    twoFactorEnabled = serializers.SerializerMethodField()

    def get_role(self, user) -> str | None:
        return role_of(user)

    def get_permissions(self, user) -> list[str]:
        return user_permissions(user)

    def get_twoFactorEnabled(self, user) -> bool:
        return two_factor_enabled(user)


@extend_schema_serializer(component_name="AuthTokens")
class TokenPairSerializer(serializers.Serializer):
    """A signed-in session, or (for an admin who must enrol in two-factor first) only
    `totpEnrolmentRequired` and a short-lived `enrolmentToken` for /api/auth/2fa/*."""

    accessToken = serializers.CharField(source="access_token", required=False)
    refreshToken = serializers.CharField(source="refresh_token", required=False)
    accessExpiresAt = serializers.DateTimeField(source="access_expires_at", required=False)
    refreshExpiresAt = serializers.DateTimeField(source="refresh_expires_at", required=False)
    sessionId = serializers.CharField(source="session_id", required=False)
    totpEnrolmentRequired = serializers.BooleanField(
        source="totp_enrolment_required", required=False
    )
    enrolmentToken = serializers.CharField(source="enrolment_token", required=False)
    user = MeSerializer(required=False)


@extend_schema_serializer(component_name="AuthDetail")
class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
