"""The page tree: Home → indexes → services, projects, blog posts; standard pages anywhere.

Pages are headless: their URL is the React frontend's (FRONTEND_URL + path), `serve`
redirects there, and Preview opens the frontend's preview route with a signed token."""

import math
import re

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.shortcuts import redirect
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessMixin

from cms import preview
from cms.blocks import BodyBlock, FaqItemBlock, PricingPackageBlock, SizedImageChooserBlock
from cms.fields import StreamField
from cms.forms import AuthorDefaultPageForm
from cms.links import SafeURLField

CURRENCIES = [("KES", "KES"), ("USD", "USD"), ("EUR", "EUR"), ("GBP", "GBP")]


class HeadlessPage(HeadlessMixin, Page):
    """Base for every page: frontend URL, redirecting serve, headless preview."""

    frontend_prefix = "/"  # the page's frontend path is frontend_prefix + slug
    base_form_class = AuthorDefaultPageForm

    class Meta:
        abstract = True

    @classmethod
    def frontend_path_for(cls, slug: str) -> str:
        return f"{cls.frontend_prefix}{slug}"

    def frontend_path(self) -> str:
        return self.frontend_path_for(self.slug)

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        return parts[0], settings.FRONTEND_URL, self.frontend_path()

    def get_client_root_url(self, request):
        return settings.FRONTEND_URL + settings.CMS_PREVIEW_PATH

    @property
    def preview_modes(self):
        return [("", "Website"), (preview.SUMMARY_MODE, "Content summary")]

    def serve_preview(self, request, preview_mode):
        if preview_mode == preview.SUMMARY_MODE:
            return preview.render_summary(self, request)
        if not preview.frontend_reachable():
            # The token is still issued: the hint links to the frontend's preview route.
            page_preview = self.create_page_preview()
            page_preview.save()
            return preview.render_summary(
                self, request, preview_url=self.get_preview_url(request, page_preview.token)
            )
        return super().serve_preview(request, preview_mode)

    def serve(self, request, *args, **kwargs):
        # Headless: the page lives on the React site.
        return redirect(settings.FRONTEND_URL + self.frontend_path())

    def get_sitemap_urls(self, request=None):
        return [
            {
                "location": settings.FRONTEND_URL + self.frontend_path(),
                "lastmod": self.last_published_at or self.latest_revision_created_at,
            }
        ]


def _list_of_strings(label, **kwargs):
    return StreamField(
        [("item", blocks.CharBlock(max_length=200, label=label))], blank=True, **kwargs
    )


class HomePage(HeadlessPage):
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.ServiceIndexPage",
        "cms.ProjectIndexPage",
        "cms.BlogIndexPage",
        "cms.StandardPage",
        "cms.ProductIndexPage",
    ]
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]

    def frontend_path(self) -> str:
        return "/"


class IndexPage(HeadlessPage):
    intro = models.TextField(blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]

    class Meta:
        abstract = True

    def frontend_path(self) -> str:
        return self.index_path


class ServiceIndexPage(IndexPage):
    max_count = 1
    index_path = "/services"
    subpage_types = ["cms.ServicePage"]


class ProjectIndexPage(IndexPage):
    max_count = 1
    index_path = "/projects"
    subpage_types = ["cms.ProjectPage"]


class BlogIndexPage(IndexPage):
    max_count = 1
    index_path = "/blog"
    subpage_types = ["cms.BlogPostPage"]


class VatTreatment(models.TextChoices):
    """How invoicing taxes a booking of this service; blank follows the project-type rule
    in Settings > Tax and invoicing."""

    DEFAULT = "", "By project type (Tax settings)"
    STANDARD = "standard", "Standard rate"
    ZERO_RATED = "zero_rated", "Zero-rated (0%)"
    EXEMPT = "exempt", "Exempt"


class ServicePage(HeadlessPage):
    frontend_prefix = "/services/"
    parent_page_types = ["cms.ServiceIndexPage"]
    subpage_types = []

    summary = models.TextField(help_text="One or two sentences for cards and search results.")
    category = models.ForeignKey(
        "cms.ServiceCategory", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    price_from = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="KES")
    vat_treatment = models.CharField(
        "VAT",
        max_length=10,
        choices=VatTreatment.choices,
        blank=True,
        default=VatTreatment.DEFAULT,
        help_text="Used on invoices and receipts for bookings of this service.",
    )
    scope = models.TextField(blank=True)
    target_audience = models.TextField(blank=True)
    featured = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cms_services",
        help_text="The staff member responsible for this service.",
    )
    features = _list_of_strings("Feature")
    gallery = StreamField([("image", SizedImageChooserBlock(size="card"))], blank=True, max_num=12)
    pricing = StreamField([("package", PricingPackageBlock())], blank=True)
    faqs = StreamField([("faq", FaqItemBlock())], blank=True)
    body = StreamField(BodyBlock(), blank=True)

    api_fields = [
        APIField("summary"),
        APIField("category"),
        APIField("price_from"),
        APIField("currency"),
        APIField("scope"),
        APIField("target_audience"),
        APIField("featured"),
        APIField("features"),
        APIField("gallery"),
        APIField("pricing"),
        APIField("faqs"),
        APIField("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("featured"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("featured"), FieldPanel("author")],
            heading="Listing",
        ),
        MultiFieldPanel(
            [FieldPanel("price_from"), FieldPanel("currency"), FieldPanel("vat_treatment")],
            heading="Price",
        ),
        FieldPanel("gallery"),
        FieldPanel("features"),
        FieldPanel("scope"),
        FieldPanel("target_audience"),
        FieldPanel("body"),
        FieldPanel("pricing"),
        FieldPanel("faqs"),
    ]


class ProjectPage(HeadlessPage):
    frontend_prefix = "/project/"  # the SPA route is singular (FRONTEND.md §1.4.7)
    parent_page_types = ["cms.ProjectIndexPage"]
    subpage_types = []

    description = models.TextField()
    project_type = models.CharField(
        "type", max_length=60, blank=True, help_text="e.g. Web app, Mobile app, Website"
    )
    industry = models.CharField(max_length=80, blank=True)
    featured = models.BooleanField(default=False)
    demo_url = SafeURLField(
        "live demo link", blank=True, help_text="Where visitors can try the project."
    )
    repo_url = SafeURLField(
        "source code link", blank=True, help_text="A public repository, if there is one."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cms_projects",
    )
    gallery = StreamField([("image", SizedImageChooserBlock(size="card"))], blank=True, max_num=12)
    tech_stack = _list_of_strings("Technology")
    body = StreamField(BodyBlock(), blank=True)

    api_fields = [
        APIField("description"),
        APIField("project_type"),
        APIField("industry"),
        APIField("featured"),
        APIField("demo_url"),
        APIField("repo_url"),
        APIField("gallery"),
        APIField("tech_stack"),
        APIField("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("industry"),
        index.SearchField("body"),
        index.FilterField("featured"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("project_type"),
                FieldPanel("industry"),
                FieldPanel("featured"),
                FieldPanel("author"),
            ],
            heading="Listing",
        ),
        FieldPanel("gallery"),
        FieldPanel("tech_stack"),
        MultiFieldPanel([FieldPanel("demo_url"), FieldPanel("repo_url")], heading="Links"),
        FieldPanel("body"),
    ]


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.BlogPostPage", related_name="tagged_items", on_delete=models.CASCADE
    )


WORDS_PER_MINUTE = 200
_WORD = re.compile(r"\w+")


def reading_time_minutes(html: str) -> int:
    words = len(_WORD.findall(strip_tags(html or "")))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


class BlogPostPage(HeadlessPage):
    frontend_prefix = "/blog/"
    parent_page_types = ["cms.BlogIndexPage"]
    subpage_types = []

    subtitle = models.CharField(max_length=255, blank=True)
    excerpt = models.TextField(blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cover_image_alt = models.CharField(
        "cover image description (alt text)",
        max_length=255,
        blank=True,
        help_text="For screen readers. Leave empty to use the image's own description.",
    )
    category = models.ForeignKey(
        "cms.BlogCategory", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cms_posts",
    )
    featured = models.BooleanField(default=False)
    body = StreamField(BodyBlock(), blank=True)

    api_fields = [
        APIField("subtitle"),
        APIField("excerpt"),
        APIField("cover_image"),
        APIField("cover_image_alt"),
        APIField("category"),
        APIField("tags"),
        APIField("author"),
        APIField("featured"),
        APIField("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("excerpt"),
        index.SearchField("body"),
        index.FilterField("featured"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("subtitle"),
        FieldPanel("excerpt"),
        MultiFieldPanel(
            [FieldPanel("cover_image"), FieldPanel("cover_image_alt")], heading="Cover"
        ),
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldPanel("tags"),
                FieldPanel("author"),
                FieldPanel("featured"),
            ],
            heading="Listing",
        ),
        FieldPanel("body"),
    ]


class StandardPage(HeadlessPage):
    """About, privacy, terms...: served at FRONTEND_URL/<slug>."""

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    api_fields = [APIField("intro"), APIField("body")]

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
