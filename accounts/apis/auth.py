"""Sign-in endpoints: /api/auth/login, refresh, logout, me, password reset."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.apis.serializers import DetailSerializer, MeSerializer, TokenPairSerializer
from accounts.authentication import OptionalJWTAuthentication
from accounts.models import AuthSession
from accounts.services import passwords, sessions
from accounts.services.login import login
from accounts.throttles import LoginAccountThrottle, LoginIPThrottle, PasswordResetThrottle


def token_response(result: dict, status_code=status.HTTP_200_OK):
    return Response(TokenPairSerializer(result).data, status=status_code)


class LoginApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginIPThrottle, LoginAccountThrottle]

    @extend_schema_serializer(component_name="LoginInput")
    class InputSerializer(serializers.Serializer):
        email = serializers.CharField(max_length=254)
        password = serializers.CharField(max_length=4096, trim_whitespace=False)
        totp = serializers.CharField(max_length=32, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: TokenPairSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = login(
            email=data.validated_data["email"],
            password=data.validated_data["password"],
            totp=data.validated_data.get("totp") or None,
            request=request,
        )
        return token_response(result)


class RefreshApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginIPThrottle]

    @extend_schema_serializer(component_name="RefreshInput")
    class InputSerializer(serializers.Serializer):
        refresh_token = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={200: TokenPairSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = sessions.session_refresh(
            raw_refresh=data.validated_data["refresh_token"], request=request
        )
        return token_response(result)


class LogoutApi(APIView):
    """Ends the session of the given refresh token (or of the access token used)."""

    authentication_classes = [OptionalJWTAuthentication]
    permission_classes = [AllowAny]

    @extend_schema_serializer(component_name="LogoutInput")
    class InputSerializer(serializers.Serializer):
        refresh_token = serializers.CharField(required=False)

    @extend_schema(request=InputSerializer, responses={204: None})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        raw = data.validated_data.get("refresh_token")
        sid = sessions.session_id_from_refresh(raw) if raw else None
        if sid is None and request.auth is not None:
            sid = request.auth.get("sid")
        if sid is not None:
            sessions.session_revoke(
                session_id=sid, reason=AuthSession.RevokeReason.LOGOUT, request=request
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: MeSerializer})
    def get(self, request):
        return Response(MeSerializer(request.user).data)


RESET_REQUESTED = (
    "If an account exists for this email, we have sent it a link to reset the password."
)


class PasswordResetApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PasswordResetThrottle]

    @extend_schema_serializer(component_name="PasswordResetInput")
    class InputSerializer(serializers.Serializer):
        email = serializers.CharField(max_length=254)

    @extend_schema(request=InputSerializer, responses={202: DetailSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        passwords.password_reset_request(email=data.validated_data["email"], request=request)
        return Response({"detail": RESET_REQUESTED}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PasswordResetThrottle]

    @extend_schema_serializer(component_name="PasswordResetConfirmInput")
    class InputSerializer(serializers.Serializer):
        token = serializers.CharField(max_length=200)
        password = serializers.CharField(max_length=4096, trim_whitespace=False)

    @extend_schema(request=InputSerializer, responses={200: DetailSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        passwords.password_reset_confirm(
            token=data.validated_data["token"],
            password=data.validated_data["password"],
            request=request,
        )
        return Response({"detail": "Your password has been changed. Please sign in."})
