"""Two-factor (TOTP) endpoints for the signed-in staff member: /api/auth/2fa/*."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import audit
from accounts.apis.serializers import TokenPairSerializer
from accounts.authentication import EnrolmentJWTAuthentication
from accounts.services import two_factor
from accounts.services.sessions import session_start


@extend_schema_serializer(component_name="TwoFactorCode")
class CodeInput(serializers.Serializer):
    code = serializers.CharField(max_length=32)


class TwoFactorSetupApi(APIView):
    """Start enrolment: a new secret as an otpauth:// URL and a QR code (SVG data URI).
    Accepts the enrolment token that /api/auth/login returns to admins without 2FA."""

    authentication_classes = [EnrolmentJWTAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="TwoFactorSetup")
    class OutputSerializer(serializers.Serializer):
        secret = serializers.CharField()
        otpauth_url = serializers.CharField()
        qr_code = serializers.CharField()

    @extend_schema(request=None, responses={200: OutputSerializer})
    def post(self, request):
        result = two_factor.totp_enrol_start(user=request.user)
        return Response(self.OutputSerializer(result).data)


class TwoFactorConfirmApi(APIView):
    """Finish enrolment with a current code. Returns the one-time backup codes (shown
    once); when called with an enrolment token it also signs the user in."""

    authentication_classes = [EnrolmentJWTAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="TwoFactorConfirmed")
    class OutputSerializer(TokenPairSerializer):
        backup_codes = serializers.ListField(child=serializers.CharField())

    @extend_schema(request=CodeInput, responses={200: OutputSerializer})
    def post(self, request):
        data = CodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = request.user
        codes = two_factor.totp_enrol_confirm(
            user=user, code=data.validated_data["code"], request=request
        )
        result = {"backup_codes": codes}
        if getattr(request, "enrolment_only", False):
            result.update(session_start(user=user, request=request))
            audit.record(
                "accounts.login.success",
                instance=user,
                actor=user,
                request=request,
                data={"method": "password+totp_enrolment", "session": result["session_id"]},
            )
        return Response(self.OutputSerializer(result).data)


class TwoFactorDisableApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=CodeInput, responses={204: None})
    def post(self, request):
        data = CodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        two_factor.two_factor_disable(
            user=request.user, code=data.validated_data["code"], request=request
        )
        return Response(status=204)


class BackupCodesApi(APIView):
    """New backup codes (the old ones stop working), after a current code."""

    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="BackupCodes")
    class OutputSerializer(serializers.Serializer):
        backup_codes = serializers.ListField(child=serializers.CharField())

    @extend_schema(request=CodeInput, responses={200: OutputSerializer})
    def post(self, request):
        data = CodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        codes = two_factor.backup_codes_regenerate(
            user=request.user, code=data.validated_data["code"], request=request
        )
        return Response(self.OutputSerializer({"backup_codes": codes}).data)
