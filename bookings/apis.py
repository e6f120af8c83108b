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
from core.exceptions import ApiError
from core.pagination import HeaderPagination
from core.request import client_ip
from core.validators import EmailAddressField

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
    actorType = serializers.CharField(source="actor_type")
    createdAt = serializers.DateTimeField(source="created_at")


class StaffEventSerializer(EventSerializer):
    class Meta:
        ref_name = "BookingStaffEvent"

    fromStatus = serializers.CharField(source="from_status")
    toStatus = serializers.CharField(source="to_status")
    visibleToCustomer = serializers.BooleanField(source="visible_to_customer")
    actor = PersonSerializer(allow_null=True)


class NoteSerializer(serializers.Serializer):
    class Meta:
        ref_name = "BookingNote"

    id = serializers.CharField()
    body = serializers.CharField()
    author = PersonSerializer(allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at")


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
        projectType = serializers.ChoiceField(choices=ProjectType.choices)
        details = JSONObjectField(required=False)
        files = serializers.ListField(child=serializers.FileField(), required=False)
        source = serializers.CharField(max_length=100, required=False, allow_blank=True)
        sourcePath = serializers.CharField(max_length=500, required=False, allow_blank=True)
        serviceSlug = serializers.CharField(max_length=200, required=False, allow_blank=True)
        serviceTitle = serializers.CharField(max_length=200, required=False, allow_blank=True)
        packageSlug = serializers.CharField(max_length=200, required=False, allow_blank=True)
        packageTitle = serializers.CharField(max_length=200, required=False, allow_blank=True)
        requestType = serializers.CharField(max_length=100, required=False, allow_blank=True)
        budgetAmount = serializers.DecimalField(
            max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
        )
        currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False, allow_blank=True)
        # The form's "pay a deposit" box. Its depositAmount is never trusted: staff set the
        # deposit at review and the client pays it from the emailed link.
        depositRequired = serializers.BooleanField(required=False, default=False)

    class CreatedSerializer(serializers.Serializer):
        class Meta:
            ref_name = "BookingsCreated"

        class BookingSummary(serializers.Serializer):
            class Meta:
                ref_name = "BookingCreatedBookingSummary"

            id = serializers.CharField()
            publicReference = serializers.CharField(source="public_reference")
            status = serializers.CharField()
            createdAt = serializers.DateTimeField(source="created_at")

        bookingId = serializers.CharField()
        booking = BookingSummary()
        trackingPath = serializers.CharField()
        trackingToken = serializers.CharField()

    class ListOutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "BookingsListOutput"

        id = serializers.CharField()
        publicReference = serializers.CharField(source="public_reference")
        title = serializers.CharField()
        status = serializers.CharField()
        projectType = serializers.CharField(source="project_type")
        client = ClientSerializer()
        assignedTo = PersonSerializer(source="assigned_to", allow_null=True)
        quotedAmount = serializers.DecimalField(
            source="quoted_amount", max_digits=12, decimal_places=2, allow_null=True
        )
        depositAmount = serializers.DecimalField(
            source="deposit_amount", max_digits=12, decimal_places=2, allow_null=True
        )
        currency = serializers.CharField()
        createdAt = serializers.DateTimeField(source="created_at")
        updatedAt = serializers.DateTimeField(source="updated_at")

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
            project_type=v["projectType"],
            details=v.get("details") or {},
            files=files,
            source=v.get("source", ""),
            source_path=v.get("sourcePath", ""),
            service_slug=v.get("serviceSlug", ""),
            service_title=v.get("serviceTitle", ""),
            package_slug=v.get("packageSlug", ""),
            package_title=v.get("packageTitle", ""),
            request_type=v.get("requestType", ""),
            budget_amount=v.get("budgetAmount"),
            currency=v.get("currency") or "KES",
            deposit_requested=v.get("depositRequired", False),
            ip=client_ip(request),
        )
        body = {
            "bookingId": booking.pk,
            "booking": booking,
            "trackingPath": services.tracking_path(booking, token),
            "trackingToken": token,
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
        contentType = serializers.CharField(source="content_type")
        size = serializers.IntegerField()
        sha256 = serializers.CharField()
        uploadedBy = serializers.CharField(source="uploaded_by")
        url = serializers.SerializerMethodField()
        thumbnailUrl = serializers.SerializerMethodField()
        createdAt = serializers.DateTimeField(source="created_at")

        def get_url(self, obj) -> str:
            return selectors.file_download_url(obj, request=self.context.get("request"))

        def get_thumbnailUrl(self, obj) -> str | None:
            if not obj.thumbnail_key:
                return None
            return selectors.file_download_url(
                obj, request=self.context.get("request"), thumbnail=True
            )

    description = serializers.CharField()
    details = serializers.JSONField()
    source = serializers.CharField()
    sourcePath = serializers.CharField(source="source_path")
    serviceSlug = serializers.CharField(source="service_slug")
    serviceTitle = serializers.CharField(source="service_title")
    packageSlug = serializers.CharField(source="package_slug")
    packageTitle = serializers.CharField(source="package_title")
    requestType = serializers.CharField(source="request_type")
    budgetAmount = serializers.DecimalField(
        source="budget_amount", max_digits=12, decimal_places=2, allow_null=True
    )
    rejectionReason = serializers.CharField(source="rejection_reason")
    termsAcceptedAt = serializers.DateTimeField(source="terms_accepted_at", allow_null=True)
    termsVersion = serializers.CharField(source="terms_version")
    depositPaidAt = serializers.DateTimeField(source="deposit_paid_at", allow_null=True)
    files = StaffFile(many=True, source="files.all")
    events = StaffEventSerializer(many=True, source="events.all")
    notes = NoteSerializer(many=True, source="notes.all")
    allowedTransitions = serializers.SerializerMethodField()

    def get_allowedTransitions(self, obj) -> list[str]:
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
        quotedAmount = serializers.DecimalField(
            max_digits=12, decimal_places=2, required=False, allow_null=True
        )
        depositAmount = serializers.DecimalField(
            max_digits=12, decimal_places=2, required=False, allow_null=True
        )
        currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False, allow_blank=True)
        assignedToId = serializers.CharField(required=False, allow_blank=True, allow_null=True)
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
            quoted_amount=v.get("quotedAmount"),
            deposit_amount=v.get("depositAmount"),
            currency=v.get("currency") or None,
            assigned_to_id=v.get("assignedToId") or None,
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

        toStatus = serializers.ChoiceField(choices=BookingStatus.choices)
        note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
        visibleToCustomer = serializers.BooleanField(required=False, default=True)
        fromStatus = serializers.ChoiceField(
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
        if v["toStatus"] in (BookingStatus.ACCEPTED, BookingStatus.REJECTED):
            raise ValidationError({"toStatus": ["Accept or reject a booking through its review."]})
        services.booking_transition(
            booking_id=booking.pk,
            to_status=v["toStatus"],
            actor=request.user,
            actor_type="staff",
            note=v.get("note", ""),
            request=request,
            visible_to_customer=v["visibleToCustomer"],
            expected_status=v.get("fromStatus") or None,
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

        assignedToId = serializers.CharField(allow_null=True, allow_blank=True)

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
            assigned_to_id=serializer.validated_data["assignedToId"] or None,
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
