"""/api/bookings: the public booking form (POST) and the staff list (GET)."""

from __future__ import annotations

import logging

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasAnyPerm
from bookings import selectors
from bookings.addresses import tracking_path
from bookings.apis.common import (
    VIEW_PERMS,
    ClientSerializer,
    JSONObjectField,
    PersonSerializer,
    UploadLimitsMixin,
    fields_without_files,
    uploaded_files,
)
from bookings.exceptions import SpamRejected
from bookings.models import ProjectType
from bookings.services.intake import booking_create
from bookings.throttles import BookingSubmitThrottle
from bookings.uploads import check_uploads
from core.pagination import HeaderPagination
from core.request import client_ip
from core.validators import EmailAddressField, KraPinField

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"


class BookingsApi(UploadLimitsMixin, APIView):
    """POST: the public booking form (multipart, with files). GET: the staff list."""

    pagination_class = HeaderPagination

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "BookingsInput"

        name = serializers.CharField(max_length=200)
        email = EmailAddressField()
        phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
        org = serializers.CharField(max_length=200, required=False, allow_blank=True)
        tax_pin = KraPinField(help_text="Optional buyer KRA PIN for invoices, e.g. A123456789B.")
        title = serializers.CharField(max_length=200)
        description = serializers.CharField(max_length=20_000)
        project_type = serializers.ChoiceField(choices=ProjectType.choices)
        details = JSONObjectField(required=False)
        files = serializers.ListField(child=serializers.FileField(), required=False)
        source = serializers.CharField(max_length=100, required=False, allow_blank=True)
        source_path = serializers.CharField(max_length=500, required=False, allow_blank=True)
        service_slug = serializers.CharField(max_length=200, required=False, allow_blank=True)
        service_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
        package_slug = serializers.CharField(max_length=200, required=False, allow_blank=True)
        package_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
        request_type = serializers.CharField(max_length=100, required=False, allow_blank=True)
        budget_amount = serializers.DecimalField(
            max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
        )
        currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False, allow_blank=True)
        # The form's "pay a deposit" box. Its depositAmount is never trusted: staff set the
        # deposit at review and the client pays it from the emailed link.
        deposit_required = serializers.BooleanField(required=False, default=False)

    class CreatedSerializer(serializers.Serializer):
        class Meta:
            ref_name = "BookingsCreated"

        class BookingSummary(serializers.Serializer):
            class Meta:
                ref_name = "BookingCreatedBookingSummary"

            id = serializers.CharField()
            public_reference = serializers.CharField()
            status = serializers.CharField()
            created_at = serializers.DateTimeField()

        booking_id = serializers.CharField()
        booking = BookingSummary()
        tracking_path = serializers.CharField()
        tracking_token = serializers.CharField()

    class ListOutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "BookingsListOutput"

        id = serializers.CharField()
        public_reference = serializers.CharField()
        title = serializers.CharField()
        status = serializers.CharField()
        project_type = serializers.CharField()
        client = ClientSerializer()
        assigned_to = PersonSerializer(allow_null=True)
        quoted_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
        deposit_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
        currency = serializers.CharField()
        created_at = serializers.DateTimeField()
        updated_at = serializers.DateTimeField()

    def initialize_request(self, request, *args, **kwargs):
        self._public = request.method == "POST"
        return super().initialize_request(request, *args, **kwargs)

    def get_authenticators(self):
        # The form is public: a stale Authorization header must not turn it into a 401.
        return [] if getattr(self, "_public", False) else super().get_authenticators()

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [HasAnyPerm.of(*VIEW_PERMS)()]

    def get_throttles(self):
        return [BookingSubmitThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        operation_id="bookings_create",
        request={"multipart/form-data": InputSerializer},
        responses={201: CreatedSerializer},
    )
    def post(self, request):
        if str(request.data.get(HONEYPOT_FIELD) or "").strip():
            logger.warning("Booking honeypot filled from %s", client_ip(request))
            raise SpamRejected()
        data = fields_without_files(request.data)
        serializer = self.InputSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        files = check_uploads(uploaded_files(request))
        v = serializer.validated_data
        booking, token = booking_create(
            name=v["name"],
            email=v["email"],
            phone=v.get("phone", ""),
            organisation=v.get("org", ""),
            tax_pin=v.get("tax_pin", ""),
            title=v["title"],
            description=v["description"],
            project_type=v["project_type"],
            details=v.get("details") or {},
            files=files,
            source=v.get("source", ""),
            source_path=v.get("source_path", ""),
            service_slug=v.get("service_slug", ""),
            service_title=v.get("service_title", ""),
            package_slug=v.get("package_slug", ""),
            package_title=v.get("package_title", ""),
            request_type=v.get("request_type", ""),
            budget_amount=v.get("budget_amount"),
            currency=v.get("currency") or "KES",
            deposit_requested=v.get("deposit_required", False),
            ip=client_ip(request),
        )
        body = {
            "booking_id": booking.pk,
            "booking": booking,
            "tracking_path": tracking_path(booking, token),
            "tracking_token": token,
        }
        return Response(self.CreatedSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="bookings_list",
        parameters=[
            OpenApiParameter("status", str, description="Comma-separated statuses."),
            OpenApiParameter("assignedTo", str, description="A staff id, `me` or `none`."),
            OpenApiParameter("projectType", str),
            OpenApiParameter("createdFrom", OpenApiTypes.DATE),
            OpenApiParameter("createdTo", OpenApiTypes.DATE),
            OpenApiParameter("q", str, description="Reference, title, client email or name."),
        ],
        responses={200: ListOutputSerializer(many=True)},
    )
    def get(self, request):
        query = selectors.booking_list(user=request.user, filters=request.query_params)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(query, request, view=self)
        rows = page if page is not None else list(query[:500])
        return paginator.get_paginated_response(self.ListOutputSerializer(rows, many=True).data)
