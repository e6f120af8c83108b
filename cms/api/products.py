"""GET /api/products and GET /api/products/{slug} (FRONTEND.md §4.8)."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from cms.api import catalog_selectors as selectors
from cms.api.nulls import without_nulls
from cms.api.resolver import Resolver, raw
from cms.api.serializers import LinkField
from cms.api.views import PublicView
from cms.models import ProductPage

URL_LIST = {"type": "array", "items": {"type": "string", "format": "uri"}}
PRICING_SCHEMA = {
    "type": "object",
    "properties": {
        "amount": {"type": "number"},
        "currency": {"type": "string"},
        "label": {"type": "string"},
        "type": {"type": "string", "enum": [c[0] for c in ProductPage.PricingType.choices]},
    },
    "required": ["currency", "type"],
}


def _r(serializer) -> Resolver:
    return serializer.context["resolver"]


def _values(stream_value) -> list:
    return [item["value"] for item in raw(stream_value) if item.get("value") is not None]


class ProductFaqSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField()


class CategoryRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class ProductSerializer(serializers.Serializer):
    id = serializers.CharField()
    slug = serializers.CharField()
    name = serializers.CharField(source="title")
    tagline = serializers.CharField()
    description = serializers.CharField()
    short_description = serializers.CharField()
    status = serializers.ChoiceField(choices=ProductPage.Status.choices)
    category = serializers.SerializerMethodField()
    category_ref = CategoryRefSerializer(source="category", required=False)
    logo_url = serializers.SerializerMethodField()
    banner_url = serializers.SerializerMethodField()
    screenshots = serializers.SerializerMethodField()
    features = serializers.SerializerMethodField()
    faqs = serializers.SerializerMethodField()
    pricing = serializers.SerializerMethodField()
    demo_url = LinkField()
    related_service_ids = serializers.SerializerMethodField()
    related_product_slugs = serializers.SerializerMethodField()
    seo_title = serializers.SerializerMethodField()
    seo_desc = serializers.CharField(source="search_description")
    featured = serializers.BooleanField()
    published = serializers.BooleanField(source="live")
    sort_order = serializers.IntegerField()
    created_at = serializers.DateTimeField(source="first_published_at")
    updated_at = serializers.DateTimeField(source="last_published_at")

    @extend_schema_field({"type": "string", "description": "The category's slug."})
    def get_category(self, page):
        return page.category.slug if page.category else None

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_logo_url(self, page):
        return _r(self).image_url(page.logo_id, "logo")

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_banner_url(self, page):
        return _r(self).image_url(page.banner_id, "wide")

    @extend_schema_field(URL_LIST)
    def get_screenshots(self, page):
        return [_r(self).image_url(image_id, "wide") for image_id in _values(page.screenshots)]

    def get_features(self, page) -> list[str]:
        return [value for value in _values(page.features) if value]

    @extend_schema_field(ProductFaqSerializer(many=True))
    def get_faqs(self, page):
        return [
            {"question": faq["question"], "answer": faq["answer"]} for faq in _values(page.faqs)
        ]

    @extend_schema_field(PRICING_SCHEMA)
    def get_pricing(self, page):
        return {
            "amount": float(page.price_amount) if page.price_amount is not None else None,
            "currency": page.price_currency,
            "label": page.price_label or None,
            "type": page.pricing_type,
        }

    def get_related_service_ids(self, page) -> list[str]:
        return [str(page_id) for page_id in _values(page.related_services)]

    def get_related_product_slugs(self, page) -> list[str]:
        slugs = self.context["product_slugs"]
        return [slugs[i] for i in _values(page.related_products) if i in slugs and i != page.pk]

    def get_seo_title(self, page) -> str:
        return page.seo_title or page.title


class TeamMemberSerializer(serializers.Serializer):
    id = serializers.CharField(source="user_id")
    username = serializers.CharField()
    name = serializers.SerializerMethodField()
    role = serializers.CharField(source="public_title")
    avatar_url = serializers.SerializerMethodField()

    def get_name(self, profile) -> str:
        return profile.user.get_full_name() or profile.username

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_avatar_url(self, profile):
        return _r(self).image_url(profile.avatar_id, "avatar")


class ProductDetailSerializer(ProductSerializer):
    team = serializers.SerializerMethodField()

    @extend_schema_field(TeamMemberSerializer(many=True))
    def get_team(self, page):
        profiles = selectors.product_team(page)
        return TeamMemberSerializer(profiles, many=True, context=self.context).data


def _render(products, serializer_class, *, many):
    items = products if many else [products]
    related = {i for page in items for i in _values(page.related_products)}
    resolver = Resolver()
    context = {"resolver": resolver, "product_slugs": selectors.live_product_slugs(related)}
    data = serializer_class(products, many=many, context=context).data
    return Response(without_nulls(resolver.resolve(data)))


class ProductListView(PublicView):
    @extend_schema(operation_id="products_list", responses=ProductSerializer(many=True))
    def get(self, request):
        return _render(list(selectors.products_list()), ProductSerializer, many=True)


class ProductDetailView(PublicView):
    @extend_schema(operation_id="products_retrieve", responses=ProductDetailSerializer)
    def get(self, request, key):
        product = selectors.product_detail(key)
        if product is None:
            raise NotFound("Product not found.")
        return _render(product, ProductDetailSerializer, many=False)
