"""The public content API (the frontend's API contract). One view per route; reads come from
cms.api.selectors, output from cms.api.serializers, placeholders filled by the resolver."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api import fragments, selectors
from cms.api import serializers as out
from cms.api.preview import preview_page
from cms.api.resolver import Resolver
from cms.api.site import SERIALIZERS as SITE_SERIALIZERS
from cms.api.site import about_sections, prune
from cms.models import SITE_GROUPS, AboutSettings, UploadsSettings
from cms.models.pages import BlogPostPage, ProjectPage, ServicePage, StandardPage
from cms.models.publishing import PublishedSetting
from core.pagination import HeaderPagination

_SEARCH = OpenApiParameter("search", str, description="Full-text search.")
_FEATURED = OpenApiParameter("featured", bool, description="Only (non-)featured items.")
_CATEGORY = OpenApiParameter("category", str, description="A category slug.")


class PublicView(APIView):
    """Anonymous, read-only: no authentication runs (the JWT authenticator would reject
    stray Authorization headers from the frontend)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    def render_many(self, items, serializer_class, *, paginate=True, **context):
        paginator = HeaderPagination() if paginate else None
        page = paginator.paginate_queryset(items, self.request, self) if paginator else None
        objects = page if page is not None else list(items)
        resolver = Resolver()
        data = serializer_class(
            objects, many=True, context={"resolver": resolver, "request": self.request, **context}
        ).data
        data = prune(resolver.resolve(data))
        if paginator is not None:
            return paginator.get_paginated_response(data)
        return Response(data)

    def render_pages(self, items, serializer_class):
        """A page list from the item fragment cache (cms.api.fragments)."""
        paginator = HeaderPagination()
        rows = paginator.paginate_queryset(fragments.stamps(items), self.request, self)
        if rows is None:
            rows = list(fragments.stamps(items))
        parts = fragments.render(self.request, items, rows, serializer_class)
        response = _json(b"[" + b",".join(parts) + b"]")
        if paginator.page is not None:
            headers = paginator.get_paginated_response([])
            for name in ("X-Total-Count", "Link"):
                response[name] = headers[name]
        return response

    def render_page(self, items, key, serializer_class):
        """One page (by slug or id) from the item fragment cache."""
        row = selectors.by_slug_or_id(fragments.stamps(items), key)
        parts = fragments.render(self.request, items, [row], serializer_class) if row else []
        if not parts:
            raise NotFound(self.not_found)
        return _json(parts[0])

    not_found = "Not found."

    def render_one(self, obj, serializer_class, **context):
        if obj is None:
            # The service page shows its "not found" state only for /not found/i (§4.2).
            raise NotFound(self.not_found)
        resolver = Resolver()
        data = serializer_class(
            obj, context={"resolver": resolver, "request": self.request, **context}
        ).data
        return Response(prune(resolver.resolve(data)))


def _json(body: bytes) -> HttpResponse:
    """Fragments are already JSON as DRF's renderer writes it (a list joins them)."""
    return HttpResponse(body, content_type="application/json")


class ServiceListView(PublicView):
    @extend_schema(
        operation_id="services_list",
        parameters=[_CATEGORY, _FEATURED, _SEARCH],
        responses=out.ServiceSerializer(many=True),
    )
    def get(self, request):
        params = request.query_params
        items = selectors.services_list(
            category=params.get("category"),
            featured=params.get("featured"),
            search=params.get("search"),
        )
        return self.render_pages(items, out.ServiceSerializer)


class ServiceDetailView(PublicView):
    not_found = "Service not found."

    @extend_schema(operation_id="services_retrieve", responses=out.ServiceDetailSerializer)
    def get(self, request, key):
        items = selectors.services_list(with_body=True)
        return self.render_page(items, key, out.ServiceDetailSerializer)


class ProjectListView(PublicView):
    @extend_schema(
        operation_id="projects_list",
        parameters=[
            _FEATURED,
            _SEARCH,
            OpenApiParameter("industry", str),
            OpenApiParameter("type", str),
        ],
        responses=out.ProjectSerializer(many=True),
    )
    def get(self, request):
        params = request.query_params
        items = selectors.projects_list(
            featured=params.get("featured"),
            search=params.get("search"),
            industry=params.get("industry"),
            project_type=params.get("type"),
        )
        return self.render_pages(items, out.ProjectSerializer)


class ProjectDetailView(PublicView):
    not_found = "Project not found."

    @extend_schema(operation_id="projects_retrieve", responses=out.ProjectDetailSerializer)
    def get(self, request, key):
        items = selectors.projects_list(with_body=True)
        return self.render_page(items, key, out.ProjectDetailSerializer)


class BlogListView(PublicView):
    @extend_schema(
        operation_id="blogs_list",
        parameters=[_CATEGORY, OpenApiParameter("tag", str), _FEATURED, _SEARCH],
        responses=out.BlogSerializer(many=True),
    )
    def get(self, request):
        params = request.query_params
        items = selectors.blogs_list(
            category=params.get("category"),
            tag=params.get("tag"),
            featured=params.get("featured"),
            search=params.get("search"),
        )
        return self.render_pages(items, out.BlogSerializer)


class BlogDetailView(PublicView):
    not_found = "Blog post not found."

    @extend_schema(operation_id="blogs_retrieve", responses=out.BlogDetailSerializer)
    def get(self, request, key):
        return self.render_page(selectors.blogs_list(), key, out.BlogDetailSerializer)


class TestimonialListView(PublicView):
    @extend_schema(parameters=[_FEATURED], responses=out.TestimonialSerializer(many=True))
    def get(self, request):
        items = selectors.testimonials_list(featured=request.query_params.get("featured"))
        return self.render_many(items, out.TestimonialSerializer)


class FaqListView(PublicView):
    @extend_schema(parameters=[_CATEGORY], responses=out.FaqSerializer(many=True))
    def get(self, request):
        items = selectors.faqs_list(category=request.query_params.get("category"))
        return self.render_many(items, out.FaqSerializer)


class CompanyStatListView(PublicView):
    @extend_schema(responses=out.CompanyStatSerializer(many=True))
    def get(self, request):
        return self.render_many(selectors.company_stats_list(), out.CompanyStatSerializer)


class StaffListView(PublicView):
    @extend_schema(operation_id="staff_list", responses=out.StaffSerializer(many=True))
    def get(self, request):
        return self.render_many(selectors.staff_list(), out.StaffSerializer)


class StaffDetailView(PublicView):
    not_found = "Staff member not found."

    @extend_schema(operation_id="staff_retrieve", responses=out.StaffDetailSerializer)
    def get(self, request, username):
        profile = selectors.staff_detail(username)  # a username or the numeric id
        if profile is None:
            raise NotFound(self.not_found)
        posts, services, projects = selectors.staff_work(profile.user)
        profile.work_posts, profile.work_services, profile.work_projects = (
            posts,
            services,
            projects,
        )
        return self.render_one(profile, out.StaffDetailSerializer)


class UploadListView(PublicView):
    @extend_schema(
        parameters=[OpenApiParameter("ownerType", str, description="Only `general` is public.")],
        responses=out.UploadSerializer(many=True),
    )
    def get(self, request):
        if request.query_params.get("ownerType", "general") != "general":
            return Response([])
        settings_obj = UploadsSettings.load()
        collection = settings_obj.brand_collection
        images, collections = selectors.brand_images(collection)
        return self.render_many(
            images,
            out.UploadSerializer,
            collections=collections,
            brand_collection_id=collection.id if collection else None,
        )


class AboutSectionListView(PublicView):
    @extend_schema(responses=out.AboutSectionSerializer(many=True))
    def get(self, request):
        resolver = Resolver()
        data = about_sections(AboutSettings.load(), resolver)
        return Response(prune(resolver.resolve(data)))


def _site_group(slug, resolver):
    model = SITE_GROUPS[slug]
    # Drafts never reach the public: publishable groups serve their live version.
    group = model.load_live() if issubclass(model, PublishedSetting) else model.load()
    return SITE_SERIALIZERS[slug](group, resolver)


class SiteGroupView(PublicView):
    @extend_schema(
        operation_id="site_group",
        description="One settings group: " + ", ".join(SITE_GROUPS),
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, slug):
        if slug not in SITE_GROUPS:
            raise NotFound("There is no such site settings group.")
        resolver = Resolver()
        return Response(prune(resolver.resolve(_site_group(slug, resolver))))


class SiteAllView(PublicView):
    @extend_schema(operation_id="site_all", responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        resolver = Resolver()
        data = {slug: _site_group(slug, resolver) for slug in SITE_GROUPS}
        return Response(prune(resolver.resolve(data)))


PREVIEW_SERIALIZERS = {
    ServicePage: out.ServiceDetailSerializer,
    ProjectPage: out.ProjectDetailSerializer,
    BlogPostPage: out.BlogDetailSerializer,
    StandardPage: out.StandardPageSerializer,
}


class PreviewView(PublicView):
    @extend_schema(
        operation_id="preview_retrieve",
        parameters=[
            OpenApiParameter(
                "content_type", str, required=True, description="e.g. cms.blogpostpage"
            ),
            OpenApiParameter("token", str, required=True),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        page = preview_page(
            request.query_params.get("content_type", ""), request.query_params.get("token", "")
        )
        serializer_class = PREVIEW_SERIALIZERS.get(type(page))
        if serializer_class is None:
            raise NotFound("This page type has no preview.")
        response = self.render_one(page, serializer_class)
        response["Cache-Control"] = "private, no-store"
        return response
