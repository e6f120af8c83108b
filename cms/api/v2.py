"""Wagtail's API v2 at /api/v2/, for routing editor-created pages that have no typed route.
Public and read-only; rich text is HTML (WAGTAILAPI_RICH_TEXT_FORMAT) with frontend links."""

from types import MappingProxyType

from django.http import Http404
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from core.exceptions import error_body


class _Public:
    permission_classes = [AllowAny]
    authentication_classes = []

    def handle_exception(self, exc):
        """Wagtail answers {"message": ...}; ours is the API's one error shape."""
        if isinstance(exc, Http404):
            exc = NotFound()
        elif isinstance(exc, BadRequestError):
            return Response(error_body(str(exc), "bad_request"), status=400)
        return APIView.handle_exception(self, exc)


class PublicPagesAPIViewSet(_Public, PagesAPIViewSet):
    def get_base_queryset(self):
        # Wagtail asks each view restriction whether this request passed it, and a password
        # restriction looks in the session. The API has none (SITE_MIDDLEWARE): no API
        # caller ever entered a page's password here, so private pages stay out.
        self.request.session = MappingProxyType({})
        return super().get_base_queryset()


class PublicImagesAPIViewSet(_Public, ImagesAPIViewSet):
    pass


class PublicDocumentsAPIViewSet(_Public, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
