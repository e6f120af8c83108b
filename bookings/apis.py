"""Booking endpoints: public intake, client tracking by token, and the staff API.
One APIView per operation; writes call one service, reads call selectors."""

from __future__ import annotations

import json
import logging
import math

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import OptionalJWTAuthentication
from accounts.permissions import HasAnyPerm, HasPerms
from bookings import selectors, services, states
from bookings.models import BookingStatus, ProjectType
from bookings.throttles import BookingSubmitThrottle
from bookings.uploads import FILE_FIELDS, check_uploads, install_upload_limits, private_storage
from config.exceptions import ApiError
from config.pagination import HeaderPagination
from config.request import client_ip
from config.validators import EmailAddressField

logger = logging.getLogger(__name__)

VIEW_PERMS = ("bookings.view_booking", "bookings.view_assigned_booking")
LEGACY_DETAIL_NOT_FOUND = (
    "We could not show this booking here. Please open the private link in your booking "
    "email to follow it."
)
HONEYPOT_FIELD = "website"


class SpamRejected(ApiError):
    default_code = "submission_rejected"
    default_detail = "We could not accept this booking. Please try again, or contact us directly."


@extend_schema_field(OpenApiTypes.OBJECT)
class JSONObjectField(serializers.Field):
    """A JSON object sent as a real object (JSON body) or as a string (multipart)."""

    default_error_messages = {
        "invalid": "Send details as a JSON object.",
        "too_big": "Details are too long.",
        "unstorable": "Details may not contain null characters, lone surrogates, NaN or "
        "infinite numbers, or nest deeper than 20 levels.",
    }
    max_depth = 20

    def to_internal_value(self, data):
        if isinstance(data, str):
            if len(data) > 20_000:
                self.fail("too_big")
            try:
                data = json.loads(data) if data.strip() else {}
            except (ValueError, RecursionError):  # RecursionError: "[[[[..." 20 kB deep
                self.fail("invalid")
        if not isinstance(data, dict):
            self.fail("invalid")
        if not self._storable(data, 0):
            self.fail("unstorable")
        if len(json.dumps(data)) > 20_000:
            self.fail("too_big")
        return data

    def _storable(self, value, depth) -> bool:
        """Whether PostgreSQL's jsonb accepts the value: it refuses \\u0000, unpaired
        surrogates and NaN/Infinity (Python's json reads all of them)."""
        if depth > self.max_depth:
            return False
        if isinstance(value, dict):
            return all(
                self._storable(k, depth + 1) and self._storable(v, depth + 1)
                for k, v in value.items()
            )
        if isinstance(value, list):
            return all(self._storable(v, depth + 1) for v in value)
        if isinstance(value, str):
            if "\x00" in value:
                return False
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # an unpaired surrogate
                return False
        if isinstance(value, float):
            return math.isfinite(value)
        return True

    def to_representation(self, value):
        return value


def _uploaded_files(request) -> list:
    files = []
    for name in FILE_FIELDS:
        files.extend(request.FILES.getlist(name))
    return files


def _fields_without_files(data) -> dict:
    """The form fields as a plain dict (copying a multipart QueryDict would deep-copy the
    uploaded files)."""
    return {key: data.get(key) for key in data if key not in FILE_FIELDS}


class UploadLimitsMixin:
    """Installs the streaming upload limits before DRF parses a multipart body."""

    def initial(self, request, *args, **kwargs):
        if request.method == "POST":
            install_upload_limits(request._request)
        super().initial(request, *args, **kwargs)


# --- shared output pieces ----------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    class Meta:
        ref_name = "BookingPerson"

    id = serializers.CharField()
    name = serializers.CharField(source="get_full_name")
    email = serializers.EmailField()


class ClientSerializer(serializers.Serializer):
    class Meta:
        ref_name = "BookingClient"

    id = serializers.CharField()
    name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField()
    organisation = serializers.CharField()


class EventSerializer(serializers.Serializer):
    class Meta:
        ref_name = "BookingEvent"

    id = serializers.CharField()
    type = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    actor_type = serializers.CharField()
    created_at = serializers.DateTimeField()


class StaffEventSerializer(EventSerializer):
    class Meta:
        ref_name = "BookingStaffEvent"

    from_status = serializers.CharField()
    to_status = serializers.CharField()
    visible_to_customer = serializers.BooleanField()
    actor = PersonSerializer(allow_null=True)


class NoteSerializer(serializers.Serializer):
    class Meta:
        ref_name = "BookingNote"

    id = serializers.CharField()
    body = serializers.CharField()
    author = PersonSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


# --- public intake and staff list ---------------------------------------------------------


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
        data = _fields_without_files(request.data)
        serializer = self.InputSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        files = check_uploads(_uploaded_files(request))
        v = serializer.validated_data
        booking, token = services.booking_create(
            name=v["name"],
            email=v["email"],
            phone=v.get("phone", ""),
            organisation=v.get("org", ""),
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
            "tracking_path": services.tracking_path(booking, token),
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


# --- staff ------------------------------------------------------------------------------


class StaffBookingDetailSerializer(BookingsApi.ListOutputSerializer):
    class Meta:
        ref_name = "BookingStaffBookingDetail"

    class StaffFile(serializers.Serializer):
        class Meta:
            ref_name = "BookingStaffBookingDetailStaffFile"

        id = serializers.CharField()
        filename = serializers.CharField()
        kind = serializers.CharField()
        content_type = serializers.CharField()
        size = serializers.IntegerField()
        sha256 = serializers.CharField()
        uploaded_by = serializers.CharField()
        url = serializers.SerializerMethodField()
        thumbnail_url = serializers.SerializerMethodField()
        created_at = serializers.DateTimeField()

        def get_url(self, obj) -> str:
            return selectors.file_download_url(obj, request=self.context.get("request"))

        def get_thumbnail_url(self, obj) -> str | None:
            if not obj.thumbnail_key:
                return None
            return selectors.file_download_url(
                obj, request=self.context.get("request"), thumbnail=True
            )

    description = serializers.CharField()
    details = serializers.JSONField()
    source = serializers.CharField()
    source_path = serializers.CharField()
    service_slug = serializers.CharField()
    service_title = serializers.CharField()
    package_slug = serializers.CharField()
    package_title = serializers.CharField()
    request_type = serializers.CharField()
    budget_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    rejection_reason = serializers.CharField()
    terms_accepted_at = serializers.DateTimeField(allow_null=True)
    terms_version = serializers.CharField()
    deposit_paid_at = serializers.DateTimeField(allow_null=True)
    files = StaffFile(many=True, source="files.all")
    events = StaffEventSerializer(many=True, source="events.all")
    notes = NoteSerializer(many=True, source="notes.all")
    allowed_transitions = serializers.SerializerMethodField()

    def get_allowed_transitions(self, obj) -> list[str]:
        return states.allowed_transitions(obj.status, "staff")


def _detail(request, booking_id) -> Response:
    booking = selectors.booking_get_for_staff(booking_id=booking_id, user=request.user)
    return Response(StaffBookingDetailSerializer(booking, context={"request": request}).data)


class BookingDetailApi(APIView):
    # The frontend's old status page calls this route with whatever stale staff token
    # its browser holds: an invalid token counts as nobody, so the answer is a 404.
    authentication_classes = [OptionalJWTAuthentication]
    permission_classes = [HasAnyPerm.of(*VIEW_PERMS)]

    def permission_denied(self, request, message=None, code=None):
        # The frontend's old status page (/booking/:id?email=) calls this route without
        # signing in: tell it nothing about the booking, in JSON, without a 401.
        if not request.user.is_authenticated:
            raise NotFound(LEGACY_DETAIL_NOT_FOUND)
        super().permission_denied(request, message, code)

    @extend_schema(operation_id="bookings_detail", responses={200: StaffBookingDetailSerializer})
    def get(self, request, booking_id):
        return _detail(request, booking_id)


class BookingReviewApi(APIView):
    permission_classes = [HasPerms.of("bookings.review_booking")]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "BookingReviewInput"

        action = serializers.ChoiceField(choices=["accept", "reject"])
        quoted_amount = serializers.DecimalField(
            max_digits=12, decimal_places=2, required=False, allow_null=True
        )
        deposit_amount = serializers.DecimalField(
            max_digits=12, decimal_places=2, required=False, allow_null=True
        )
        currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False, allow_blank=True)
        assigned_to_id = serializers.CharField(required=False, allow_blank=True, allow_null=True)
        note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
        reason = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    @extend_schema(
        operation_id="bookings_review",
        request=InputSerializer,
        responses={200: StaffBookingDetailSerializer},
    )
    def post(self, request, booking_id):
        booking = selectors.booking_get_for_staff(booking_id=booking_id, user=request.user)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        v = serializer.validated_data
        services.booking_review(
            booking_id=booking.pk,
            action=v["action"],
            actor=request.user,
            quoted_amount=v.get("quoted_amount"),
            deposit_amount=v.get("deposit_amount"),
            currency=v.get("currency") or None,
            assigned_to_id=v.get("assigned_to_id") or None,
            note=v.get("note", ""),
            reason=v.get("reason", ""),
            request=request,
        )
        return _detail(request, booking.pk)


class BookingTransitionApi(APIView):
    permission_classes = [HasPerms.of("bookings.transition_booking")]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "BookingTransitionInput"

        to_status = serializers.ChoiceField(choices=BookingStatus.choices)
        note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
        visible_to_customer = serializers.BooleanField(required=False, default=True)
        from_status = serializers.ChoiceField(
            choices=BookingStatus.choices,
            required=False,
            allow_blank=True,
            help_text="The status you saw; if the booking changed meanwhile you get a 409.",
        )

    @extend_schema(
        operation_id="bookings_transition",
        request=InputSerializer,
        responses={200: StaffBookingDetailSerializer},
    )
    def post(self, request, booking_id):
        booking = selectors.booking_get_for_staff(booking_id=booking_id, user=request.user)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        v = serializer.validated_data
        if v["to_status"] in (BookingStatus.ACCEPTED, BookingStatus.REJECTED):
            raise ValidationError({"to_status": ["Accept or reject a booking through its review."]})
        services.booking_transition(
            booking_id=booking.pk,
            to_status=v["to_status"],
            actor=request.user,
            actor_type="staff",
            note=v.get("note", ""),
            request=request,
            visible_to_customer=v["visible_to_customer"],
            expected_status=v.get("from_status") or None,
        )
        return _detail(request, booking.pk)


class BookingNotesApi(APIView):
    permission_classes = [HasAnyPerm.of(*VIEW_PERMS)]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "BookingNotesInput"

        body = serializers.CharField(max_length=10_000)

    @extend_schema(operation_id="bookings_notes_list", responses={200: NoteSerializer(many=True)})
    def get(self, request, booking_id):
        booking = selectors.booking_get_for_staff(booking_id=booking_id, user=request.user)
        return Response(NoteSerializer(booking.notes.select_related("author"), many=True).data)

    @extend_schema(
        operation_id="bookings_notes_create",
        request=InputSerializer,
        responses={201: NoteSerializer},
    )
    def post(self, request, booking_id):
        booking = selectors.booking_get_for_staff(booking_id=booking_id, user=request.user)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = services.booking_note_add(
            booking_id=booking.pk,
            body=serializer.validated_data["body"],
            author=request.user,
            request=request,
        )
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class BookingAssignApi(APIView):
    permission_classes = [HasPerms.of("bookings.change_booking")]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "BookingAssignInput"

        assigned_to_id = serializers.CharField(allow_null=True, allow_blank=True)

    @extend_schema(
        operation_id="bookings_assign",
        request=InputSerializer,
        responses={200: StaffBookingDetailSerializer},
    )
    def post(self, request, booking_id):
        booking = selectors.booking_get_for_staff(booking_id=booking_id, user=request.user)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.booking_assign(
            booking_id=booking.pk,
            assigned_to_id=serializer.validated_data["assigned_to_id"] or None,
            actor=request.user,
            request=request,
        )
        return _detail(request, booking.pk)


class BookingFileDownloadApi(APIView):
    """Serves a private file for a signed, expiring link (local storage only; on S3 the
    links are the storage's own presigned URLs)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="bookings_file_download",
        responses={(200, "application/octet-stream"): inline_serializer("FileBody", fields={})},
    )
    def get(self, request, signed):
        item, thumbnail = selectors.file_for_signed_value(signed)
        key = item.thumbnail_key if thumbnail else item.storage_key
        handle = private_storage().open(key, "rb")
        response = FileResponse(
            handle,
            as_attachment=True,
            filename="thumbnail.jpg" if thumbnail else item.filename,
            content_type="image/jpeg" if thumbnail else item.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
