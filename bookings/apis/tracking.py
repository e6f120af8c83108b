"""The client's tracking page, as the React frontend calls it (FRONTEND.md §6.1, §6.2).

Every answer is 2xx in the frontend's envelope: `{"ok": true, "data": {...}}`, or
`{"ok": false, "error", "code", "data": {"message"}}` for anything refused (a wrong or
superseded token, a refused action, a bad file, a rate limit): on a non-2xx the page
hangs on its loading skeleton or disables its buttons until a reload. The token comes
from `?token=` or `Authorization: Bearer` on GET, and only from the Bearer header on
POSTs."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import selectors, tracking
from bookings.apis.common import UploadLimitsMixin, uploaded_files
from bookings.services.client_actions import booking_client_action
from bookings.services.files import booking_add_files
from bookings.services.links import booking_links_request
from bookings.services.messages import MESSAGE_MAX_LENGTH, booking_client_message
from bookings.throttles import BookingLinksThrottle, TrackingThrottle
from bookings.uploads import check_uploads
from core.validators import EmailAddressField

LINK_EMAILED = (
    "For your privacy this page needs the private link from your booking email. "
    "If this booking belongs to {email}, we have emailed a link to it; please check your inbox."
)
NEEDS_LINK = (
    "This page needs the private link from your booking email. To get your links again, "
    "enter your email address on the My Bookings page."
)
LINKS_EMAILED = (
    "For your privacy we do not list bookings here. If {email} has bookings with us, we have "
    "emailed a private link to each of them; please check your inbox (and spam folder)."
)
INVALID_EMAIL = "Please enter a valid email address."


def ok(data: dict) -> Response:
    return Response({"ok": True, "data": data})


def not_ok(message: str, code: str, **extra) -> Response:
    # `message` at the top too: the raw upload call toasts `body.message`.
    body = {"ok": False, "error": message, "code": code, "message": message}
    return Response({**body, "data": {"message": message}, **extra})


class OkEnvelopeMixin:
    """Errors become 2xx `{ok: false}` bodies (the frontend shows `data.message`; the raw
    upload call shows `message`). Unexpected errors still raise (500 in the error shape)."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        body = response.data if isinstance(response.data, dict) else {}
        if response.status_code < 400 or "error" not in body:
            return response
        message = body["error"]
        fields = body.get("fields") or {}
        if len(fields) == 1:  # one field's sentence says more than "some fields are invalid"
            message = next(iter(fields.values()))[0]
        extra = {"fields": fields} if fields else {}
        envelope = not_ok(message, body.get("code") or "error", **extra)
        if retry_after := response.get("Retry-After"):
            envelope["Retry-After"] = retry_after
        return envelope


class TrackingApiBase(OkEnvelopeMixin, APIView):
    authentication_classes = []  # tracking tokens are not JWTs
    permission_classes = [AllowAny]
    throttle_classes = [TrackingThrottle]

    def booking_by_bearer(self, request, reference):
        return selectors.booking_for_tracking_token(
            token=selectors.bearer_token(request), reference=reference
        )

    def booking_data(self, request, booking) -> dict:
        booking.refresh_from_db()
        return tracking.booking_tracking(booking=booking, request=request)

    def check_links_throttle(self, request):
        throttle = BookingLinksThrottle()
        if not throttle.allow_request(request, self):
            raise Throttled(throttle.wait())


# --- OpenAPI descriptions of the envelope ----------------------------------------------

_EVENT = inline_serializer(
    "TrackingEvent",
    fields={
        "id": serializers.CharField(),
        "type": serializers.CharField(help_text="booking_submitted, message, ..."),
        "title": serializers.CharField(),
        "description": serializers.CharField(),
        "actorType": serializers.ChoiceField(choices=["client", "staff", "system"]),
        "createdAt": serializers.DateTimeField(),
    },
)
_DOCUMENT = inline_serializer(
    "TrackingDocument",
    fields={
        "id": serializers.CharField(),
        "type": serializers.ChoiceField(choices=["INV", "RCT", "CRN"]),
        "title": serializers.CharField(help_text="e.g. Invoice INV-2026-00001"),
        "number": serializers.CharField(),
        "issuedAt": serializers.DateTimeField(),
        "amount": serializers.CharField(help_text="Gross, decimal string in `currency`."),
        "amountDisplay": serializers.CharField(help_text="e.g. KES 1,500.00"),
        "currency": serializers.CharField(),
        "filename": serializers.CharField(),
        "url": serializers.URLField(help_text="Signed PDF link; expires (hours)."),
    },
)
_BOOKING = inline_serializer(
    "TrackingBooking",
    fields={
        "publicReference": serializers.CharField(),
        "title": serializers.CharField(),
        "status": serializers.CharField(),
        "currentStage": serializers.CharField(),
        "stageProgress": inline_serializer(
            "TrackingStageProgress",
            fields={
                "order": serializers.ListField(child=serializers.CharField()),
                "currentIndex": serializers.IntegerField(),
            },
        ),
        "availableActions": serializers.ListField(
            child=serializers.ChoiceField(choices=list(tracking.ACTION_NAMES))
        ),
        "quotedAmount": serializers.CharField(allow_null=True),
        "budgetAmount": serializers.CharField(allow_null=True),
        "currency": serializers.CharField(),
        "payments": serializers.ListField(child=serializers.DictField()),
        "files": serializers.ListField(
            child=serializers.DictField(),
            help_text="Uploads, then the issued documents' PDFs: {id, filename, originalName, "
            "url}, with absolute short-lived URLs.",
        ),
        "events": serializers.ListField(child=serializers.DictField()),
        "messages": serializers.ListField(child=serializers.DictField()),
        "documents": serializers.ListField(
            child=_DOCUMENT,
            required=False,
            help_text="Issued invoices, receipts and credit notes (absent when none).",
        ),
    },
)
_NOT_OK = {
    "ok": serializers.BooleanField(),
    "error": serializers.CharField(required=False),
    "code": serializers.CharField(required=False),
}


def _optional(field):
    # DRF copies a declared field by re-running its constructor, so required=False must be
    # a constructor argument, not an attribute set afterwards.
    return field.__class__(*field._args, **{**field._kwargs, "required": False})


def _envelope(name: str, **data_fields):
    # One 200 schema for both answers: {ok: true, data: {...}} and the {ok: false, error,
    # data: {message}} refusal the frontend needs as a 2xx, so every data key is optional.
    data_fields = {key: _optional(field) for key, field in data_fields.items()}
    data_fields.setdefault("message", serializers.CharField(required=False))
    return inline_serializer(
        name,
        fields={
            **_NOT_OK,
            "message": serializers.CharField(required=False),
            "data": inline_serializer(f"{name}Data", fields=data_fields, required=False),
        },
    )


TOKEN_PARAMETER = OpenApiParameter(
    "token", str, description="The tracking token (or `Authorization: Bearer <token>`)."
)
EMAIL_PARAMETER = OpenApiParameter(
    "email", str, description="Without a token: email the booking's link to this address."
)


# --- views -------------------------------------------------------------------------------


class BookingTrackingApi(TrackingApiBase):
    @extend_schema(
        operation_id="bookings_tracking",
        parameters=[TOKEN_PARAMETER, EMAIL_PARAMETER],
        responses={200: _envelope("TrackingResponse", booking=_BOOKING)},
    )
    def get(self, request, reference):
        token = selectors.tracking_token_from_request(request)
        if not token:
            email = (request.query_params.get("email") or "").strip()
            if not email:
                return not_ok(NEEDS_LINK, "token_required")
            self.check_links_throttle(request)
            if _valid_email(email):
                booking_links_request(email=email, reference=reference)
            return not_ok(LINK_EMAILED.format(email=email), "link_emailed")
        booking = selectors.booking_for_tracking_token(token=token, reference=reference)
        return ok({"booking": tracking.booking_tracking(booking=booking, request=request)})


class BookingTrackingActionApi(TrackingApiBase):
    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "BookingTrackingActionInput"

        action = serializers.ChoiceField(choices=list(tracking.ACTION_NAMES))
        message = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    @extend_schema(
        operation_id="bookings_tracking_action",
        request=InputSerializer,
        responses={
            200: _envelope(
                "TrackingActionResponse", booking=_BOOKING, message=serializers.CharField()
            )
        },
    )
    def post(self, request, reference):
        booking = self.booking_by_bearer(request, reference)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        v = serializer.validated_data
        message = booking_client_action(
            booking=booking, action=v["action"], message=v.get("message", ""), request=request
        )
        return ok({"booking": self.booking_data(request, booking), "message": message})


class BookingTrackingMessagesApi(TrackingApiBase):
    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "BookingTrackingMessageInput"

        text = serializers.CharField(max_length=MESSAGE_MAX_LENGTH)

    @extend_schema(
        operation_id="bookings_tracking_message",
        request=InputSerializer,
        responses={200: _envelope("TrackingMessageResponse", event=_EVENT)},
    )
    def post(self, request, reference):
        booking = self.booking_by_bearer(request, reference)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = booking_client_message(
            booking_id=booking.pk, text=serializer.validated_data["text"]
        )
        return ok({"event": tracking.event_data(event)})


class BookingTrackingFilesApi(UploadLimitsMixin, TrackingApiBase):
    @extend_schema(
        operation_id="bookings_tracking_files",
        request={
            "multipart/form-data": inline_serializer(
                "TrackingFilesInput",
                fields={"files": serializers.ListField(child=serializers.FileField())},
            )
        },
        responses={200: OpenApiTypes.OBJECT},
        description="Answers `{ok: true, data: {booking}, booking}` (the page reads the "
        "top-level `booking`).",
    )
    def post(self, request, reference):
        booking = self.booking_by_bearer(request, reference)
        files = check_uploads(uploaded_files(request))
        booking_add_files(booking_id=booking.pk, files=files)
        data = self.booking_data(request, booking)
        return Response({"ok": True, "data": {"booking": data}, "booking": data})


class MyBookingsApi(TrackingApiBase):
    """The history page's lookup: an email address alone never reveals a booking, so it
    is emailed its bookings' links and the answer is the same for every address."""

    throttle_classes = [BookingLinksThrottle]

    @extend_schema(
        operation_id="bookings_my",
        parameters=[OpenApiParameter("email", str, required=True)],
        responses={200: _envelope("MyBookingsResponse", message=serializers.CharField())},
    )
    def get(self, request):
        email = (request.query_params.get("email") or "").strip()
        if not _valid_email(email):
            return not_ok(INVALID_EMAIL, "validation_error")
        booking_links_request(email=email)
        return not_ok(LINKS_EMAILED.format(email=email), "links_emailed")


def _valid_email(value: str) -> bool:
    try:
        EmailAddressField().run_validation(value)
    except serializers.ValidationError:
        return False
    return True
