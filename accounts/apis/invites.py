"""Invitations: POST /api/invite, POST /api/invite/accept, and the pending list with
resend and revoke (/api/invites...)."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.apis.auth import token_response
from accounts.apis.serializers import TokenPairSerializer
from accounts.models import Role
from accounts.permissions import HasPerms
from accounts.selectors import invitation_list_pending
from accounts.services import invites
from accounts.throttles import InviteAcceptThrottle
from core.validators import EmailAddressField

CanInvite = HasPerms.of("accounts.invite_staff")


@extend_schema_serializer(component_name="StaffInvitation")
class InvitationSerializer(serializers.Serializer):
    id = serializers.CharField(source="pk")
    email = serializers.EmailField()
    role = serializers.CharField()
    status = serializers.SerializerMethodField()
    first_name = serializers.CharField(source="user.first_name")
    last_name = serializers.CharField(source="user.last_name")
    phone = serializers.CharField(source="user.phone")
    invited_by = serializers.SerializerMethodField()
    sent_at = serializers.DateTimeField()
    send_count = serializers.IntegerField()
    expires_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField()

    def get_status(self, invitation) -> str:
        if invitation.status == invitation.Status.PENDING and invitation.is_expired:
            return "expired"
        return invitation.status

    def get_invited_by(self, invitation) -> str | None:
        inviter = invitation.invited_by
        return inviter.get_full_name() or inviter.email if inviter else None


class InviteCreateApi(APIView):
    permission_classes = [CanInvite]

    @extend_schema_serializer(component_name="InviteCreateInput")
    class InputSerializer(serializers.Serializer):
        email = EmailAddressField()
        role = serializers.ChoiceField(choices=Role.choices)
        first_name = serializers.CharField(max_length=150)
        last_name = serializers.CharField(max_length=150)
        phone = serializers.CharField(max_length=32, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={201: InvitationSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        invitation = invites.invitation_create(
            email=v["email"],
            role=v["role"],
            first_name=v["first_name"],
            last_name=v["last_name"],
            phone=v.get("phone", ""),
            invited_by=request.user,
            request=request,
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class InviteAcceptApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [InviteAcceptThrottle]

    @extend_schema_serializer(component_name="InviteAcceptInput")
    class InputSerializer(serializers.Serializer):
        token = serializers.CharField(max_length=200)
        password = serializers.CharField(max_length=4096, trim_whitespace=False)
        first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
        last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: TokenPairSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = invites.invitation_accept(
            token=v["token"],
            password=v["password"],
            first_name=v.get("first_name", ""),
            last_name=v.get("last_name", ""),
            request=request,
        )
        return token_response(result)


class InviteListApi(APIView):
    permission_classes = [CanInvite]

    @extend_schema(responses={200: InvitationSerializer(many=True)})
    def get(self, request):
        return Response(InvitationSerializer(invitation_list_pending(), many=True).data)


class InviteResendApi(APIView):
    permission_classes = [CanInvite]

    @extend_schema(request=None, responses={200: InvitationSerializer})
    def post(self, request, invitation_id: int):
        invitation = invites.invitation_resend(
            invitation_id=invitation_id, actor=request.user, request=request
        )
        return Response(InvitationSerializer(invitation).data)


class InviteRevokeApi(APIView):
    permission_classes = [CanInvite]

    @extend_schema(request=None, responses={200: InvitationSerializer})
    def post(self, request, invitation_id: int):
        invitation = invites.invitation_revoke(
            invitation_id=invitation_id, actor=request.user, request=request
        )
        return Response(InvitationSerializer(invitation).data)
