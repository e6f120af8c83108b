"""The staff API on one booking: detail, review, transitions, notes, assignment and
signed file downloads."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.utils import (
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import OptionalJWTAuthentication
from accounts.permissions import HasAnyPerm, HasPerms
from bookings import selectors, states
from bookings.apis.common import VIEW_PERMS, NoteSerializer, StaffEventSerializer
from bookings.apis.intake import BookingsApi
from bookings.models import BookingStatus
from bookings.services.review import booking_assign, booking_note_add, booking_review
from bookings.services.transitions import booking_transition
from bookings.uploads import private_storage

LEGACY_DETAIL_NOT_FOUND = (
    "We could not show this booking here. Please open the private link in your booking "
    "email to follow it."
)


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
        booking_review(
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
        booking_transition(
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
        note = booking_note_add(
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
        booking_assign(
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
