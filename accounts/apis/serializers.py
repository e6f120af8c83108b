"""Output shapes shared by the accounts endpoints (Python names, camelCase on the wire;
ids as strings)."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from accounts.roles import role_of
from accounts.selectors import user_permissions
from accounts.services.two_factor import two_factor_enabled


@extend_schema_serializer(component_name="StaffMe")
class MeSerializer(serializers.Serializer):
    id = serializers.CharField(source="pk")
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    phone = serializers.CharField()
    role = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()
    two_factor_enabled = serializers.SerializerMethodField()

    def get_role(self, user) -> str | None:
        return role_of(user)

    def get_permissions(self, user) -> list[str]:
        return user_permissions(user)

    def get_two_factor_enabled(self, user) -> bool:
        return two_factor_enabled(user)


@extend_schema_serializer(component_name="AuthTokens")
class TokenPairSerializer(serializers.Serializer):
    """A signed-in session, or (for an admin who must enrol in two-factor first) only
    `totpEnrolmentRequired` and a short-lived `enrolmentToken` for /api/auth/2fa/*."""

    access_token = serializers.CharField(required=False)
    refresh_token = serializers.CharField(required=False)
    access_expires_at = serializers.DateTimeField(required=False)
    refresh_expires_at = serializers.DateTimeField(required=False)
    session_id = serializers.CharField(required=False)
    totp_enrolment_required = serializers.BooleanField(required=False)
    enrolment_token = serializers.CharField(required=False)
    user = MeSerializer(required=False)


@extend_schema_serializer(component_name="AuthDetail")
class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
