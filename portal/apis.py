"""Client portal endpoints (FRONTEND.md §8). Sign-in routes are public and ignore any
Authorization header; the rest accept only a portal session token."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import hooks as booking_hooks
from core.validators import EmailAddressField
from portal import selectors
from portal.authentication import HasPortalSession, PortalTokenAuthentication
from portal.services import access, projects
from portal.tasks import send_portal_link
from portal.throttles import (
    PortalCommentThrottle,
    PortalLinkEmailThrottle,
    PortalLinkIPThrottle,
    PortalReadThrottle,
    PortalSessionThrottle,
)

LINK_REQUESTED = "If this email matches an AngiSoft client, we have sent it a secure sign-in link."


class MessageSerializer(serializers.Serializer):
    class Meta:
        ref_name = "PortalMessage"

    message = serializers.CharField()


class PortalLinkRequestApi(APIView):
    authentication_classes = []  # public: a stale Bearer value must not cause a 401
    permission_classes = [AllowAny]
    throttle_classes = [PortalLinkIPThrottle, PortalLinkEmailThrottle]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PortalLinkRequestInput"

        email = EmailAddressField()

    @extend_schema(
        operation_id="client_portal_request_link",
        request=InputSerializer,
        responses={202: MessageSerializer},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The lookup and the email happen in a task: the answer (and its timing) is the
        # same whether or not the address belongs to a client.
        send_portal_link(serializer.validated_data["email"])
        return Response({"message": LINK_REQUESTED}, status=status.HTTP_202_ACCEPTED)


class PortalSessionApi(APIView):
    """POST: exchange an emailed link's token for a portal session. DELETE: sign out."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PortalSessionInput"

        token = serializers.CharField(max_length=200)

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PortalSessionOutput"

        access_token = serializers.CharField()
        expires_at = serializers.DateTimeField()

    def initialize_request(self, request, *args, **kwargs):
        self._signing_out = request.method == "DELETE"
        return super().initialize_request(request, *args, **kwargs)

    def get_authenticators(self):
        if getattr(self, "_signing_out", False):
            return [PortalTokenAuthentication()]
        return []  # public: the magic token is in the body; any Bearer value is ignored

    def get_permissions(self):
        return [HasPortalSession()] if self.request.method == "DELETE" else [AllowAny()]

    def get_throttles(self):
        return [PortalSessionThrottle()]

    @extend_schema(
        operation_id="client_portal_session_start",
        request=InputSerializer,
        responses={201: OutputSerializer},
        auth=[],
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session, access_token = access.portal_session_start(
            token=serializer.validated_data["token"]
        )
        body = {"access_token": access_token, "expires_at": session.expires_at}
        return Response(self.OutputSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(operation_id="client_portal_session_end", request=None, responses={204: None})
    def delete(self, request):
        access.portal_session_revoke(session=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PortalMixin:
    authentication_classes = [PortalTokenAuthentication]
    permission_classes = [HasPortalSession]
    throttle_classes = [PortalReadThrottle]


# --- output -------------------------------------------------------------------------------


class ProjectSummarySerializer(serializers.Serializer):
    class Meta:
        ref_name = "PortalProjectSummary"

    id = serializers.CharField()
    status = serializers.CharField()
    progress = serializers.IntegerField()


class DocumentSerializer(serializers.Serializer):
    """An issued tax document, from bookings.hooks.client_documents (camelCase keys)."""

    class Meta:
        ref_name = "PortalDocument"

    id = serializers.CharField()
    type = serializers.ChoiceField(choices=["INV", "RCT", "CRN"])
    title = serializers.CharField(help_text="e.g. Invoice INV-2026-00001")
    number = serializers.CharField()
    issued_at = serializers.DateTimeField(source="issuedAt")
    amount = serializers.CharField(help_text="Gross, decimal string in `currency`.")
    amount_display = serializers.CharField(source="amountDisplay", help_text="e.g. KES 1,500.00")
    currency = serializers.CharField()
    filename = serializers.CharField()
    url = serializers.URLField(help_text="Signed PDF link for this booking; expires (hours).")


class BookingSerializer(serializers.Serializer):
    class Meta:
        ref_name = "PortalBooking"

    id = serializers.CharField()
    public_reference = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    # null until the deposit is paid (the page then says the tracker appears later).
    client_project = ProjectSummarySerializer(allow_null=True)
    # Issued invoices, receipts and credit notes whose PDF is ready, oldest first.
    documents = serializers.SerializerMethodField()

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, booking) -> list:
        return DocumentSerializer(booking_hooks.client_documents(booking.pk), many=True).data


class MilestoneSerializer(serializers.Serializer):
    class Meta:
        ref_name = "PortalMilestone"

    id = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    status = serializers.CharField()


class DeliverableSerializer(MilestoneSerializer):
    class Meta:
        ref_name = "PortalDeliverable"


class ActivitySerializer(serializers.Serializer):
    class Meta:
        ref_name = "PortalActivity"

    id = serializers.CharField()
    message = serializers.CharField()
    created_at = serializers.DateTimeField()


class CommentSerializer(serializers.Serializer):
    class Meta:
        ref_name = "PortalComment"

    id = serializers.CharField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    author = serializers.CharField(source="author_type")
    author_name = serializers.SerializerMethodField()

    def get_author_name(self, comment) -> str:
        if comment.author_type == "client":
            return "You"
        return (comment.author.first_name if comment.author else "") or "AngiSoft team"


class ProjectSerializer(serializers.Serializer):
    class Meta:
        ref_name = "PortalProject"

    id = serializers.CharField()
    public_reference = serializers.CharField(source="booking.public_reference")
    title = serializers.CharField(source="display_title")
    description = serializers.CharField(source="display_description")
    status = serializers.CharField()
    progress = serializers.IntegerField()
    milestones = MilestoneSerializer(many=True)
    activities = ActivitySerializer(many=True)
    comments = CommentSerializer(many=True)
    deliverables = DeliverableSerializer(many=True)
    updated_at = serializers.DateTimeField()


# --- client views -------------------------------------------------------------------------


class PortalBookingsApi(PortalMixin, APIView):
    @extend_schema(
        operation_id="client_portal_bookings",
        responses={
            200: inline_serializer(
                "PortalBookingsOutput", {"bookings": BookingSerializer(many=True)}
            )
        },
    )
    def get(self, request):
        bookings = selectors.portal_bookings(client_id=request.auth.client_id)
        return Response({"bookings": BookingSerializer(bookings, many=True).data})


class PortalProjectApi(PortalMixin, APIView):
    @extend_schema(
        operation_id="client_portal_project",
        responses={200: inline_serializer("PortalProjectOutput", {"project": ProjectSerializer()})},
    )
    def get(self, request, project_id):
        project = selectors.portal_project_get(
            client_id=request.auth.client_id, project_id=project_id
        )
        return Response({"project": ProjectSerializer(project).data})


class PortalProjectCommentsApi(PortalMixin, APIView):
    throttle_classes = [PortalReadThrottle, PortalCommentThrottle]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PortalCommentInput"

        body = serializers.CharField(max_length=projects.MAX_COMMENT_LENGTH)

    @extend_schema(
        operation_id="client_portal_project_comment",
        request=InputSerializer,
        responses={201: inline_serializer("PortalCommentOutput", {"comment": CommentSerializer()})},
    )
    def post(self, request, project_id):
        project = selectors.portal_project_get(
            client_id=request.auth.client_id, project_id=project_id
        )
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = projects.comment_add_by_client(
            project=project, body=serializer.validated_data["body"]
        )
        return Response(
            {"comment": CommentSerializer(comment).data}, status=status.HTTP_201_CREATED
        )
