"""Staff accounts for admins: GET /api/accounts, POST /api/accounts/{id}/role."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from accounts.permissions import HasPerms
from accounts.roles import role_of
from accounts.selectors import staff_list
from accounts.services.staff import user_set_role


@extend_schema_serializer(component_name="StaffAccount")
class StaffAccountSerializer(serializers.Serializer):
    id = serializers.CharField(source="pk")
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    phone = serializers.CharField()
    role = serializers.SerializerMethodField()
    is_active = serializers.BooleanField()
    two_factor_enabled = serializers.BooleanField(source="two_factor_on", default=False)
    last_login = serializers.DateTimeField(allow_null=True)
    date_joined = serializers.DateTimeField()

    def get_role(self, user) -> str | None:
        return role_of(user)


class StaffAccountListApi(APIView):
    permission_classes = [HasPerms.of("accounts.view_user")]

    @extend_schema(responses={200: StaffAccountSerializer(many=True)})
    def get(self, request):
        return Response(StaffAccountSerializer(staff_list(), many=True).data)


class StaffRoleApi(APIView):
    permission_classes = [HasPerms.of("accounts.change_user")]

    @extend_schema_serializer(component_name="StaffRoleInput")
    class InputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=Role.choices)

    @extend_schema(request=InputSerializer, responses={200: StaffAccountSerializer})
    def post(self, request, user_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user_set_role(
            user_id=user_id, role=data.validated_data["role"], actor=request.user, request=request
        )
        user = staff_list().get(pk=user_id)
        return Response(StaffAccountSerializer(user).data)
