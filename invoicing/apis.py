from django.http import FileResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from bookings.uploads import private_storage
from invoicing import delivery


class DocumentDownloadApi(APIView):
    """A document's PDF for a signed, expiring link (sent in the document email)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="invoicing_document_download",
        responses={(200, "application/pdf"): inline_serializer("DocumentPdf", fields={})},
    )
    def get(self, request, signed):
        document = delivery.document_for_signed_value(signed)
        response = FileResponse(
            private_storage().open(document.pdf_key, "rb"),
            as_attachment=True,
            filename=delivery.document_filename(document),
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
