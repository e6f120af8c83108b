"""Wagtail's API v2 at /api/v2/, for routing editor-created pages that have no typed route.
Public and read-only; rich text is HTML (WAGTAILAPI_RICH_TEXT_FORMAT) with frontend links."""

from rest_framework.permissions import AllowAny
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet


class _Public:
    permission_classes = [AllowAny]
    authentication_classes = []


class PublicPagesAPIViewSet(_Public, PagesAPIViewSet):
    pass


class PublicImagesAPIViewSet(_Public, ImagesAPIViewSet):
    pass


class PublicDocumentsAPIViewSet(_Public, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
