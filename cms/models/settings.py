"""Site settings, one per group of the frontend's /api/site/{slug}. Structured fields and
StreamFields only; cms.api.site turns each into the JSON the frontend reads. The groups
editors change often are PublishedSetting snippets (draft, preview, revisions, Publish);
the rest are Wagtail settings that go live on Save."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from cms.about_blocks import AboutSectionsBlock
from cms.blocks import (
    BookingStepsBlock,
    EngagementModelBlock,
    EstimatedRangeBlock,
    FaqItemBlock,
    FooterColumnBlock,
    HeroSlidesBlock,
    IndustryBlock,
    LinkBlock,
    MegaMenuBlock,
    PricingFactorBlock,
    PricingTierBlock,
    ProcessStepBlock,
    ProjectTypeBlock,
    SocialLinkBlock,
    TechGroupBlock,
    UiHomeBlock,
    UiPagesBlock,
)
from cms.choices import CURRENCIES
from cms.fields import StreamField
from cms.icons import booking_step_choices
from cms.links import LinkTargetField, SafeURLField
from cms.models.publishing import PublishedSetting
from cms.validation import check_embeddable_url, check_whatsapp_number


def _image_fk():
    return models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class NavigationSettings(PublishedSetting):
    api_slug = "navigation"
    mega_menus = StreamField(
        [("menu", MegaMenuBlock())], blank=True, verbose_name="drop-down menus"
    )
    simple_links = StreamField([("link", LinkBlock())], blank=True, verbose_name="plain links")
    cta_label = models.CharField(
        "button text", max_length=60, blank=True, help_text="Empty: “Start a Project”."
    )
    cta_to = LinkTargetField(
        "button link", max_length=255, blank=True, help_text="A site path such as /booking."
    )

    panels = [
        FieldPanel("mega_menus"),
        FieldPanel("simple_links"),
        MultiFieldPanel([FieldPanel("cta_label"), FieldPanel("cta_to")], heading="Call to action"),
    ]

    class Meta:
        verbose_name = "navigation"


@register_setting(icon="mail")
class ContactSettings(BaseGenericSetting):
    api_slug = "contact"
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True, help_text="e.g. +254 710 398 690")
    whatsapp = models.CharField(
        "WhatsApp number",
        max_length=40,
        blank=True,
        validators=[check_whatsapp_number],
        help_text="Digits with the country code, e.g. +254710398690.",
    )
    address = models.CharField(
        max_length=255, blank=True, help_text="Street and building, e.g. Ngong Road, Nairobi."
    )
    city = models.CharField(max_length=80, blank=True)
    country = models.CharField(max_length=80, blank=True)
    map_url = SafeURLField(
        "map URL",
        max_length=500,
        blank=True,
        validators=[check_embeddable_url],
        help_text="An embeddable map address (e.g. Google Maps “Embed a map” or "
        "openstreetmap.org/export/embed.html), shown in a frame on the contact page.",
    )
    working_hours = models.CharField(
        max_length=255, blank=True, help_text="e.g. Mon-Fri 8:00-18:00"
    )
    social = StreamField(
        [("link", SocialLinkBlock())], blank=True, verbose_name="social media profiles"
    )

    panels = [
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("whatsapp"),
        FieldPanel("address"),
        FieldPanel("city"),
        FieldPanel("country"),
        FieldPanel("map_url"),
        FieldPanel("working_hours"),
        FieldPanel("social"),
    ]

    class Meta:
        verbose_name = "contact"


class FooterSettings(PublishedSetting):
    api_slug = "footer"
    description = models.TextField(blank=True, help_text="A sentence under the logo.")
    columns = StreamField(
        [("column", FooterColumnBlock())],
        blank=True,
        verbose_name="link columns",
        help_text="Empty: the site's built-in columns.",
    )

    panels = [FieldPanel("description"), FieldPanel("columns")]

    class Meta:
        verbose_name = "footer"


@register_setting(icon="image")
class BrandingSettings(BaseGenericSetting):
    api_slug = "branding"
    site_name = models.CharField(
        max_length=120, default="AngiSoft Technologies", help_text="Shown above the home hero."
    )
    tagline = models.CharField(max_length=255, blank=True)
    logo = _image_fk()
    favicon = _image_fk()
    favicon.help_text = "A square image; the API sends a 64x64 PNG."

    panels = [
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        FieldPanel("logo"),
        FieldPanel("favicon"),
    ]

    class Meta:
        verbose_name = "branding"


class HeroSettings(PublishedSetting):
    api_slug = "hero"
    eyebrow = models.CharField(
        max_length=120, blank=True, help_text="Used by slides that have no badge of their own."
    )
    headline = models.CharField(
        max_length=255, blank=True, help_text="Used by slides that have no headline."
    )
    headline_highlight = models.CharField("highlighted words", max_length=120, blank=True)
    tagline = models.TextField(blank=True, help_text="Used by slides with no description.")
    background_image = _image_fk()
    background_image.help_text = "Used by slides that have no image."
    cta_primary_label = models.CharField("first button text", max_length=60, blank=True)
    cta_primary_to = LinkTargetField(
        "first button link", max_length=255, blank=True, help_text="e.g. /booking"
    )
    cta_secondary_label = models.CharField("second button text", max_length=60, blank=True)
    cta_secondary_to = LinkTargetField(
        "second button link", max_length=255, blank=True, help_text="e.g. /projects"
    )
    slides = StreamField(
        HeroSlidesBlock(),
        blank=True,
        help_text="None (the site's built-in slides) or at least 4.",
    )

    panels = [
        FieldPanel("eyebrow"),
        FieldPanel("headline"),
        FieldPanel("headline_highlight"),
        FieldPanel("tagline"),
        FieldPanel("background_image"),
        MultiFieldPanel(
            [
                FieldPanel("cta_primary_label"),
                FieldPanel("cta_primary_to"),
                FieldPanel("cta_secondary_label"),
                FieldPanel("cta_secondary_to"),
            ],
            heading="Calls to action",
        ),
        FieldPanel("slides"),
    ]

    class Meta:
        verbose_name = "hero"


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


@register_setting(icon="doc-full")
class UiCopySettings(BaseGenericSetting):
    """Section copy of the home and listing pages (/api/site/ui)."""

    api_slug = "ui"
    home = StreamField(UiHomeBlock(), blank=True)
    pages = StreamField(UiPagesBlock(), blank=True)

    panels = [FieldPanel("home"), FieldPanel("pages")]

    class Meta:
        verbose_name = "UI copy"


@register_setting(icon="site")
class IndustriesSettings(BaseGenericSetting):
    api_slug = "industries"
    badge = models.CharField(max_length=60, blank=True)
    title = models.CharField(max_length=160, blank=True)
    title_highlight = models.CharField(
        max_length=120, blank=True, help_text="The words of the title in the accent colour."
    )
    subtitle = models.TextField(blank=True)
    industries = StreamField([("industry", IndustryBlock())], blank=True)

    panels = [
        FieldPanel("badge"),
        FieldPanel("title"),
        FieldPanel("title_highlight"),
        FieldPanel("subtitle"),
        FieldPanel("industries"),
    ]

    class Meta:
        verbose_name = "industries"


@register_setting(icon="cogs")
class TechPlatformsSettings(BaseGenericSetting):
    api_slug = "tech-platforms"
    badge = models.CharField(max_length=60, blank=True)
    title = models.CharField(max_length=160, blank=True)
    subtitle = models.TextField(blank=True)
    groups = StreamField([("group", TechGroupBlock())], blank=True)

    panels = [
        FieldPanel("badge"),
        FieldPanel("title"),
        FieldPanel("subtitle"),
        FieldPanel("groups"),
    ]

    class Meta:
        verbose_name = "tech platforms"


@register_setting(icon="group")
class AboutSettings(BaseGenericSetting):
    """The About page's sections in editor order (/api/about-sections)."""

    sections = StreamField(
        AboutSectionsBlock(),
        blank=True,
        help_text="Each section at most once; a section left out shows the site's built-in copy.",
    )

    panels = [FieldPanel("sections")]

    class Meta:
        verbose_name = "about page sections"


@register_setting(icon="image")
class UploadsSettings(BaseGenericSetting):
    """Which image collection holds the brand images of /api/uploads?ownerType=general."""

    brand_collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Images in this collection (and its children) are listed; the child "
        "collection's name is the image's category.",
    )

    panels = [FieldPanel("brand_collection")]

    class Meta:
        verbose_name = "brand images"


# One lookup for /api/site/{slug}; /api/site/all returns every group in this order.
SITE_GROUPS = {
    cls.api_slug: cls
    for cls in (
        NavigationSettings,
        ContactSettings,
        FooterSettings,
        BrandingSettings,
        HeroSettings,
        BookingSettings,
        PricingSettings,
        UiCopySettings,
        IndustriesSettings,
        TechPlatformsSettings,
    )
}
