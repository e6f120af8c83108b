"""Products (/products, /products/<slug>): pages under one Products index, so editors get
drafts, revisions, scheduling, search, previews and sitemap entries as for services."""

from django import forms
from django.core.validators import MinValueValidator
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import SizedImageChooserBlock
from cms.fields import StreamField
from cms.links import SafeURLField
from cms.models.pages import CURRENCIES, HeadlessPage, IndexPage


class ProductIndexPage(IndexPage):
    max_count = 1
    index_path = "/products"
    subpage_types = ["cms.ProductPage"]


class ProductFaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=255)
    answer = blocks.TextBlock()

    class Meta:
        icon = "help"


class ProductPage(HeadlessPage):
    class Status(models.TextChoices):
        PLANNED = "PLANNED", "Planned"
        DEVELOPMENT = "DEVELOPMENT", "In development"
        BETA = "BETA", "Beta"
        LIVE = "LIVE", "Live"
        MAINTENANCE = "MAINTENANCE", "Maintenance"
        DEPRECATED = "DEPRECATED", "Deprecated"

    class PricingType(models.TextChoices):
        FIXED = "fixed", "Fixed price"
        STARTING_FROM = "starting_from", "Starting from"
        SUBSCRIPTION = "subscription", "Subscription"
        CUSTOM_QUOTE = "custom_quote", "Custom quote"

    frontend_prefix = "/products/"
    parent_page_types = ["cms.ProductIndexPage"]
    subpage_types = []

    tagline = models.CharField(max_length=160, blank=True, help_text="One line under the name.")
    short_description = models.CharField(
        max_length=255, blank=True, help_text="For the product card (default: the description)."
    )
    description = models.TextField(help_text="What the product does, in plain text.")
    status = models.CharField(
        "product status",
        max_length=12,
        choices=Status.choices,
        default=Status.LIVE,
        help_text="Where the product is in its life; shown as a badge.",
    )
    category = models.ForeignKey(
        "cms.ServiceCategory", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    banner = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    screenshots = StreamField(
        [("image", SizedImageChooserBlock(size="wide"))], blank=True, max_num=12
    )
    features = StreamField(
        [("item", blocks.CharBlock(max_length=200, label="Feature"))], blank=True
    )
    faqs = StreamField([("faq", ProductFaqBlock())], blank=True)
    price_amount = models.DecimalField(
        "price",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Leave empty for 'custom quote'.",
    )
    price_currency = models.CharField("currency", max_length=3, choices=CURRENCIES, default="KES")
    pricing_type = models.CharField(
        max_length=16, choices=PricingType.choices, default=PricingType.STARTING_FROM
    )
    price_label = models.CharField(
        max_length=80, blank=True, help_text="Replaces the price text, e.g. 'KES 2,500 / month'."
    )
    demo_url = SafeURLField(blank=True)
    related_services = StreamField(
        [("service", blocks.PageChooserBlock(page_type="cms.ServicePage"))], blank=True
    )
    related_products = StreamField(
        [("product", blocks.PageChooserBlock(page_type="cms.ProductPage"))], blank=True
    )
    team = ParentalManyToManyField(
        "cms.StaffProfile", blank=True, related_name="products", help_text="Who builds it."
    )
    featured = models.BooleanField(default=False)
    sort_order = models.IntegerField(default=0, help_text="Lower numbers are listed first.")

    api_fields = [
        APIField("tagline"),
        APIField("short_description"),
        APIField("description"),
        APIField("status"),
        APIField("features"),
        APIField("faqs"),
        APIField("demo_url"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("tagline"),
        index.SearchField("description"),
        index.FilterField("status"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("tagline"),
        FieldPanel("short_description"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("category"),
                FieldPanel("featured"),
                FieldPanel("sort_order"),
            ],
            heading="Listing",
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("banner"), FieldPanel("screenshots")],
            heading="Images",
        ),
        FieldPanel("features"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("price_amount"), FieldPanel("price_currency")]),
                FieldPanel("pricing_type"),
                FieldPanel("price_label"),
            ],
            heading="Pricing",
        ),
        FieldPanel("faqs"),
        FieldPanel("demo_url"),
        FieldPanel("team", widget=forms.CheckboxSelectMultiple),
        FieldPanel("related_services"),
        FieldPanel("related_products"),
    ]

    class Meta:
        verbose_name = "product"


# For the API schema's enum name (drf-spectacular imports choices by dotted path).
PRODUCT_STATUS_CHOICES = ProductPage.Status.choices
