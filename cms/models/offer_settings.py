"""The settings groups behind the booking form and the pricing page (/api/site/booking,
/api/site/pricing): publishable, with their block streams. Listed in SITE_GROUPS."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from cms.blocks import (
    BookingStepsBlock,
    EngagementModelBlock,
    EstimatedRangeBlock,
    FaqItemBlock,
    PricingFactorBlock,
    PricingTierBlock,
    ProcessStepBlock,
    ProjectTypeBlock,
)
from cms.choices import CURRENCIES
from cms.fields import StreamField
from cms.icons import booking_step_choices
from cms.links import LinkTargetField
from cms.models.publishing import PublishedSetting


class BookingSettings(PublishedSetting):
    api_slug = "booking"
    hero_badge = models.CharField("badge", max_length=60, blank=True)
    hero_title = models.CharField("title", max_length=160, blank=True)
    hero_highlight = models.CharField(
        "highlighted words", max_length=120, blank=True, help_text="Shown after the title."
    )
    project_types = StreamField(
        [("type", ProjectTypeBlock())],
        blank=True,
        verbose_name="project types",
        help_text="The first one is preselected; empty hides the choice.",
    )
    steps = StreamField(
        BookingStepsBlock(),
        blank=True,
        help_text="3 steps: no deposit at booking. 4 steps: the deposit box on step 3.",
    )
    payment_step_title = models.CharField(
        "title",
        max_length=160,
        blank=True,
        help_text="Added after the steps while the visitor ticks the deposit box.",
    )
    payment_step_icon = models.CharField(
        "icon", max_length=40, choices=booking_step_choices(), default="FaCreditCard"
    )
    success_title = models.CharField("title", max_length=160, blank=True)
    success_message = models.TextField("message", blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("hero_badge"), FieldPanel("hero_title"), FieldPanel("hero_highlight")],
            heading="Hero",
        ),
        FieldPanel("project_types"),
        FieldPanel("steps"),
        MultiFieldPanel(
            [FieldPanel("payment_step_title"), FieldPanel("payment_step_icon")],
            heading="Deposit step",
        ),
        MultiFieldPanel(
            [FieldPanel("success_title"), FieldPanel("success_message")],
            heading="After sending",
        ),
    ]

    class Meta:
        verbose_name = "booking"


class PricingSettings(PublishedSetting):
    api_slug = "pricing"
    badge = models.CharField(max_length=60, blank=True)
    title = models.CharField(max_length=160, blank=True)
    subtitle = models.CharField(max_length=255, blank=True)
    intro_title = models.CharField("introduction title", max_length=160, blank=True)
    intro = models.TextField("introduction", blank=True)
    currency = models.CharField(
        max_length=3,
        choices=CURRENCIES,
        default="KES",
        help_text="The currency of the page's prices.",
    )
    estimated_ranges = StreamField(
        [("range", EstimatedRangeBlock())], blank=True, verbose_name="price ranges"
    )
    pricing_factors = StreamField(
        [("factor", PricingFactorBlock())], blank=True, verbose_name="what affects the price"
    )
    engagement_models = StreamField(
        [("model", EngagementModelBlock())], blank=True, verbose_name="ways to work with us"
    )
    packages = StreamField(
        [("package", PricingTierBlock())],
        blank=True,
        help_text="Bookable packages: /booking?service=<service>&package=<code> uses them.",
    )
    process = StreamField([("step", ProcessStepBlock())], blank=True)
    faq = StreamField([("faq", FaqItemBlock())], blank=True, verbose_name="FAQ")
    note = models.TextField(blank=True, help_text="Small print under the prices.")
    cta_title = models.CharField("title", max_length=160, blank=True)
    cta_subtitle = models.CharField("subtitle", max_length=255, blank=True)
    cta_label = models.CharField("first button text", max_length=60, blank=True)
    cta_to = LinkTargetField("first button link", max_length=255, blank=True)
    cta_secondary_label = models.CharField("second button text", max_length=60, blank=True)
    cta_secondary_to = LinkTargetField("second button link", max_length=255, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("badge"), FieldPanel("title"), FieldPanel("subtitle")], heading="Header"
        ),
        MultiFieldPanel([FieldPanel("intro_title"), FieldPanel("intro")], heading="Introduction"),
        FieldPanel("currency"),
        FieldPanel("estimated_ranges"),
        FieldPanel("pricing_factors"),
        FieldPanel("engagement_models"),
        FieldPanel("packages"),
        FieldPanel("process"),
        FieldPanel("faq"),
        FieldPanel("note"),
        MultiFieldPanel(
            [
                FieldPanel("cta_title"),
                FieldPanel("cta_subtitle"),
                FieldPanel("cta_label"),
                FieldPanel("cta_to"),
                FieldPanel("cta_secondary_label"),
                FieldPanel("cta_secondary_to"),
            ],
            heading="Call to action",
        ),
    ]

    class Meta:
        verbose_name = "pricing"
