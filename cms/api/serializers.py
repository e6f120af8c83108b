"""Output serialisers of the content API: the field names and shapes of the frontend's API contract.

They read only the objects the selectors loaded; images, pages, documents and rich text
are left as placeholders for cms.api.resolver (context["resolver"]) to fill in bulk."""

from django.utils.html import escape
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.links import safe_link
from cms.models.pages import reading_time_minutes


def _r(serializer):
    return serializer.context["resolver"]


def _profile(user):
    try:
        return user.profile
    except (AttributeError, user.__class__.profile.RelatedObjectDoesNotExist):
        return None


class LinkField(serializers.CharField):
    """An editor-entered URL, dropped if unsafe (rows saved before the link rule)."""

    def to_representation(self, value):
        return safe_link(super().to_representation(value))


class AuthorSerializer(serializers.Serializer):
    id = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    role = serializers.SerializerMethodField()
    avatar_url = serializers.SerializerMethodField()

    def get_role(self, user) -> str:
        profile = _profile(user)
        return profile.public_title if profile else ""

    @extend_schema_field(OpenApiTypes.URI)
    def get_avatar_url(self, user):
        profile = _profile(user)
        return _r(self).image_url(profile.avatar_id, "avatar") if profile else None


IMAGE_SCHEMA = {
    "type": "object",
    "nullable": True,
    "properties": {
        "url": {"type": "string", "format": "uri"},
        "width": {"type": "integer"},
        "height": {"type": "integer"},
        "alt": {"type": "string"},
    },
}
BLOCKS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "type": {"type": "string"},
            "id": {"type": "string"},
            "value": {},
        },
    },
}


class ServiceCategorySerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField()
    icon = serializers.CharField()
    order = serializers.IntegerField()


class BlogCategorySerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()


class FaqItemSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField()


class PageSerializer(serializers.Serializer):
    id = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField()
    published = serializers.BooleanField(source="live")
    created_at = serializers.DateTimeField(source="first_published_at")
    updated_at = serializers.DateTimeField(source="last_published_at")


class ServiceSerializer(PageSerializer):
    description = serializers.CharField(source="summary")
    category_ref = ServiceCategorySerializer(source="category", allow_null=True)
    price_from = serializers.FloatField(allow_null=True)
    currency = serializers.CharField()
    scope = serializers.CharField()
    target_audience = serializers.CharField()
    features = serializers.SerializerMethodField()
    images = serializers.SerializerMethodField()
    seo_title = serializers.SerializerMethodField()
    seo_desc = serializers.CharField(source="search_description")
    featured = serializers.BooleanField()
    author = AuthorSerializer(allow_null=True)
    pricing = serializers.SerializerMethodField()
    faqs = serializers.SerializerMethodField()

    def get_features(self, page) -> list[str]:
        return _raw_values(page.features)

    @extend_schema_field({"type": "array", "items": {"type": "string", "format": "uri"}})
    def get_images(self, page):
        return [_r(self).image_url(v, "card") for v in _raw_values(page.gallery)]

    def get_seo_title(self, page) -> str:
        return page.seo_title or page.title

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_pricing(self, page):
        return _r(self).stream_values(page.pricing)

    @extend_schema_field(FaqItemSerializer(many=True))
    def get_faqs(self, page):
        return _r(self).stream_values(page.faqs)


class ServiceDetailSerializer(ServiceSerializer):
    """The detail adds the body blocks (lists leave them out: cards do not show them)."""

    body = serializers.SerializerMethodField()

    @extend_schema_field(BLOCKS_SCHEMA)
    def get_body(self, page):
        return _r(self).stream(page.body.stream_block, _raw(page.body))


class ProjectSerializer(PageSerializer):
    description = serializers.CharField()
    type = serializers.CharField(source="project_type")
    images = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()
    tech_stack = serializers.SerializerMethodField()
    demo_url = LinkField()
    repo_url = LinkField()
    industry = serializers.CharField()
    featured = serializers.BooleanField()

    @extend_schema_field({"type": "array", "items": {"type": "string", "format": "uri"}})
    def get_images(self, page):
        return [_r(self).image_url(v, "card") for v in _raw_values(page.gallery)]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_image(self, page):
        values = _raw_values(page.gallery)
        return _r(self).image_url(values[0], "card") if values else None

    def get_tech_stack(self, page) -> list[str]:
        return _raw_values(page.tech_stack)


class ProjectDetailSerializer(ProjectSerializer):
    body = serializers.SerializerMethodField()

    @extend_schema_field(BLOCKS_SCHEMA)
    def get_body(self, page):
        return _r(self).stream(page.body.stream_block, _raw(page.body))


class BlogSerializer(PageSerializer):
    subtitle = serializers.CharField()
    excerpt = serializers.CharField()
    content = serializers.SerializerMethodField()
    cover_image = serializers.SerializerMethodField()
    cover_image_alt = serializers.SerializerMethodField()
    # A string: the home page renders [category] as a chip when a post has no tags, and an
    # object there crashes it (FRONTEND.md §4.1). The object is `categoryRef`.
    category = serializers.CharField(source="category.name", allow_null=True, default=None)
    category_ref = BlogCategorySerializer(source="category", allow_null=True)
    tags = serializers.SerializerMethodField()
    author = AuthorSerializer(allow_null=True)
    featured = serializers.BooleanField()
    published_at = serializers.DateTimeField(source="first_published_at")
    reading_time = serializers.SerializerMethodField()

    def _blocks(self, page):
        cache = self.context.setdefault("_blocks", {})
        if page.pk not in cache:
            cache[page.pk] = _r(self).stream(page.body.stream_block, _raw(page.body))
        return cache[page.pk]

    def _content(self, page):
        cache = self.context.setdefault("_content", {})
        if page.pk not in cache:
            from cms.api.resolver import Later

            cache[page.pk] = Later(blocks_to_html, self._blocks(page))
        return cache[page.pk]

    @extend_schema_field(OpenApiTypes.STR)
    def get_content(self, page):
        return self._content(page)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_cover_image(self, page):
        return _r(self).image_url(page.cover_image_id, "wide")

    def get_cover_image_alt(self, page) -> str:
        # As the field's help text promises: empty means the image's own description.
        return page.cover_image_alt or _r(self).image_alt(page.cover_image_id)

    def get_tags(self, page) -> list[str]:
        return [item.tag.name for item in page.tagged_items.all()]

    def get_reading_time(self, page) -> int:
        from cms.api.resolver import Later

        return Later(reading_time_minutes, self._content(page))


class StandardPageSerializer(PageSerializer):
    intro = serializers.CharField()
    body = serializers.SerializerMethodField()

    @extend_schema_field(BLOCKS_SCHEMA)
    def get_body(self, page):
        return _r(self).stream(page.body.stream_block, _raw(page.body))


class BlogDetailSerializer(BlogSerializer):
    """The detail adds the body as blocks, for a frontend that renders them itself."""

    body = serializers.SerializerMethodField()

    @extend_schema_field(BLOCKS_SCHEMA)
    def get_body(self, page):
        return self._blocks(page)


class TestimonialSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()
    company = serializers.CharField()
    text = serializers.CharField()
    rating = serializers.IntegerField(min_value=1, max_value=5)
    image_url = serializers.SerializerMethodField()
    avatar_url = serializers.SerializerMethodField()
    confirmed = serializers.BooleanField()
    featured = serializers.BooleanField()
    sort_order = serializers.IntegerField()
    created_at = serializers.DateTimeField()

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_image_url(self, obj):
        return _r(self).image_url(obj.image_id, "avatar")

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_avatar_url(self, obj):
        """The /testimonials and /about pages read `avatarUrl`, the home page `imageUrl`."""
        return _r(self).image_url(obj.image_id, "avatar")


class FaqSerializer(serializers.Serializer):
    id = serializers.CharField()
    question = serializers.CharField()
    answer = serializers.CharField()
    category = serializers.CharField()


class CompanyStatSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()
    value = serializers.CharField()
    prefix = serializers.CharField()
    suffix = serializers.CharField()
    value_type = serializers.CharField()
    use_grouping = serializers.BooleanField()
    description = serializers.CharField()
    order = serializers.IntegerField(source="sort_order")


class StaffSerializer(serializers.Serializer):
    id = serializers.CharField(source="user_id")
    username = serializers.CharField()
    first_name = serializers.CharField(source="user.first_name")
    last_name = serializers.CharField(source="user.last_name")
    role = serializers.CharField(source="public_title")
    public_title = serializers.CharField()
    department = serializers.CharField()
    bio = serializers.CharField()
    avatar_url = serializers.SerializerMethodField()
    location = serializers.CharField()
    linkedin_url = LinkField()
    github_url = LinkField()
    twitter_url = LinkField()
    website_url = LinkField()
    skills = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_avatar_url(self, profile):
        return _r(self).image_url(profile.avatar_id, "avatar")

    def get_skills(self, profile) -> list[str]:
        return _raw_values(profile.skills)


class StaffPostSerializer(serializers.Serializer):
    id = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField()
    published_at = serializers.DateTimeField(source="first_published_at")


class StaffServiceSerializer(serializers.Serializer):
    id = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(source="summary")


class StaffProjectSerializer(serializers.Serializer):
    id = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    images = serializers.SerializerMethodField()
    tech_stack = serializers.SerializerMethodField()

    @extend_schema_field({"type": "array", "items": {"type": "string", "format": "uri"}})
    def get_images(self, page):
        return [_r(self).image_url(v, "card") for v in _raw_values(page.gallery)]

    def get_tech_stack(self, page) -> list[str]:
        return _raw_values(page.tech_stack)


class StaffDetailSerializer(StaffSerializer):
    posts = StaffPostSerializer(many=True, source="work_posts")
    services = StaffServiceSerializer(many=True, source="work_services")
    projects = StaffProjectSerializer(many=True, source="work_projects")


class UploadSerializer(serializers.Serializer):
    id = serializers.CharField()
    owner_type = serializers.CharField(default="general")
    url = serializers.SerializerMethodField()
    filename = serializers.SerializerMethodField()
    alt_text = serializers.SerializerMethodField()
    title = serializers.CharField()
    category = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, image):
        return _r(self).image_url(image.id, "original")

    def get_filename(self, image) -> str:
        return image.filename

    def get_alt_text(self, image) -> str:
        return image.description or image.title

    def get_category(self, image) -> str:
        """The home page keeps only rows whose category says "branding" (§4.1): the brand
        collection is "branding", a child collection "branding/<name>"."""
        collection = self.context["collections"].get(image.collection_id)
        if collection is None or collection.id == self.context["brand_collection_id"]:
            return "branding"
        return f"branding/{collection.name.lower()}"


class AboutSectionSerializer(serializers.Serializer):
    id = serializers.CharField()
    key = serializers.CharField()
    enabled = serializers.BooleanField()
    sort_order = serializers.IntegerField()
    content = serializers.JSONField(help_text="An object, or a list for list-shaped keys.")


# --- helpers -----------------------------------------------------------------


def _raw(stream_value):
    from cms.api.resolver import raw

    return raw(stream_value)


def _raw_values(stream_value) -> list:
    return [item.get("value") for item in _raw(stream_value)]


def blocks_to_html(blocks: list) -> str:
    """Resolved body blocks → one HTML string (the blog's `content`)."""
    parts = []
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "heading":
            parts.append(f"<h2>{escape(value)}</h2>")
        elif kind == "paragraph":
            parts.append(value)
        elif kind == "image" and value.get("image"):
            img = value["image"]
            caption = value.get("caption") or ""
            parts.append(
                f'<figure><img src="{escape(img["url"])}" width="{img["width"]}" '
                f'height="{img["height"]}" alt="{escape(img["alt"])}">'
                + (f"<figcaption>{escape(caption)}</figcaption>" if caption else "")
                + "</figure>"
            )
        elif kind == "quote":
            cite = value.get("attribution") or ""
            parts.append(
                f"<blockquote><p>{escape(value['quote'])}</p>"
                + (f"<cite>{escape(cite)}</cite>" if cite else "")
                + "</blockquote>"
            )
        elif kind == "code":
            lang = escape(value.get("language") or "")
            parts.append(f'<pre><code class="language-{lang}">{escape(value["code"])}</code></pre>')
        elif kind == "embed" and value:
            url = safe_link(value["url"])
            parts.append(f'<p><a href="{escape(url)}">{escape(url)}</a></p>')
        elif kind == "document" and value:
            parts.append(f'<p><a href="{escape(value["url"])}">{escape(value["title"])}</a></p>')
        elif kind == "cta":
            href = safe_link((value.get("page") or {}).get("url") or value.get("url") or "")
            parts.append(
                f'<aside class="cta"><h3>{escape(value["title"])}</h3>'
                f"<p>{escape(value.get('text') or '')}</p>"
                f'<a href="{escape(href)}">{escape(value["label"])}</a></aside>'
            )
    return "\n".join(parts)
