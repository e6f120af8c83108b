"""Site settings, one per group of the frontend's /api/site/{slug}. Structured fields and
StreamFields only; cms.api.site turns each into the JSON the frontend reads."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from cms.blocks import (
    AboutSectionsBlock,
    FaqItemBlock,
    FooterColumnBlock,
    HeroSlideBlock,
    IndustryBlock,
    LabelBlock,
    LinkBlock,
    MegaMenuBlock,
    PricingTierBlock,
    ProcessStepBlock,
    ProjectTypeBlock,
    SocialLinkBlock,
    StepBlock,
    TechGroupBlock,
    UiHomeBlock,
    UiPagesBlock,
)
from cms.fields import StreamField
from cms.links import LinkTargetField, SafeURLField


def _image_fk():
    return models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


@register_setting(icon="list-ul")
class NavigationSettings(BaseGenericSetting):
    api_slug = "navigation"
    mega_menus = StreamField([("menu", MegaMenuBlock())], blank=True)
    simple_links = StreamField([("link", LinkBlock())], blank=True)
    cta_label = models.CharField(max_length=60, blank=True)
    cta_to = LinkTargetField(max_length=255, blank=True)

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
    phone = models.CharField(max_length=40, blank=True)
    whatsapp = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=80, blank=True)
    country = models.CharField(max_length=80, blank=True)
    map_url = SafeURLField(max_length=500, blank=True)
    working_hours = models.CharField(max_length=255, blank=True)
    social = StreamField([("link", SocialLinkBlock())], blank=True)

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


@register_setting(icon="placeholder")
class FooterSettings(BaseGenericSetting):
    api_slug = "footer"
    description = models.TextField(blank=True)
    columns = StreamField([("column", FooterColumnBlock())], blank=True)

    panels = [FieldPanel("description"), FieldPanel("columns")]

    class Meta:
        verbose_name = "footer"


@register_setting(icon="image")
class BrandingSettings(BaseGenericSetting):
    api_slug = "branding"
    site_name = models.CharField(max_length=120, default="AngiSoft Technologies")
    tagline = models.CharField(max_length=255, blank=True)
    logo = _image_fk()
    favicon = _image_fk()

    panels = [
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        FieldPanel("logo"),
        FieldPanel("favicon"),
    ]

    class Meta:
        verbose_name = "branding"


@register_setting(icon="home")
class HeroSettings(BaseGenericSetting):
    api_slug = "hero"
    eyebrow = models.CharField(max_length=120, blank=True)
    headline = models.CharField(max_length=255, blank=True)
    headline_highlight = models.CharField(max_length=120, blank=True)
    tagline = models.TextField(blank=True)
    background_image = _image_fk()
    cta_primary_label = models.CharField(max_length=60, blank=True)
    cta_primary_to = LinkTargetField(max_length=255, blank=True)
    cta_secondary_label = models.CharField(max_length=60, blank=True)
    cta_secondary_to = LinkTargetField(max_length=255, blank=True)
    slides = StreamField([("slide", HeroSlideBlock())], blank=True)

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


@register_setting(icon="date")
class BookingSettings(BaseGenericSetting):
    api_slug = "booking"
    hero_title = models.CharField(max_length=160, blank=True)
    hero_subtitle = models.TextField(blank=True)
    labels = StreamField([("label", LabelBlock())], blank=True)
    project_types = StreamField([("type", ProjectTypeBlock())], blank=True)
    steps = StreamField([("step", StepBlock())], blank=True)
    payment_step_title = models.CharField(max_length=160, blank=True)
    payment_step_description = models.TextField(blank=True)
    success_title = models.CharField(max_length=160, blank=True)
    success_message = models.TextField(blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_subtitle")], heading="Hero"),
        FieldPanel("labels"),
        FieldPanel("project_types"),
        FieldPanel("steps"),
        MultiFieldPanel(
            [FieldPanel("payment_step_title"), FieldPanel("payment_step_description")],
            heading="Payment step",
        ),
        MultiFieldPanel(
            [FieldPanel("success_title"), FieldPanel("success_message")], heading="Success"
        ),
    ]

    class Meta:
        verbose_name = "booking"


@register_setting(icon="tag")
class PricingSettings(BaseGenericSetting):
    api_slug = "pricing"
    title = models.CharField(max_length=160, blank=True)
    subtitle = models.CharField(max_length=255, blank=True)
    intro = models.TextField(blank=True)
    currency = models.CharField(max_length=3, default="KES")
    packages = StreamField(
        [("package", PricingTierBlock())],
        blank=True,
    )
    process = StreamField([("step", ProcessStepBlock())], blank=True)
    faq = StreamField([("faq", FaqItemBlock())], blank=True)
    cta_label = models.CharField(max_length=60, blank=True)
    cta_to = LinkTargetField(max_length=255, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("subtitle"),
        FieldPanel("intro"),
        FieldPanel("currency"),
        FieldPanel("packages"),
        FieldPanel("process"),
        FieldPanel("faq"),
        MultiFieldPanel([FieldPanel("cta_label"), FieldPanel("cta_to")], heading="Call to action"),
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
    title_highlight = models.CharField(max_length=120, blank=True)
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
    groups = StreamField([("group", TechGroupBlock())], blank=True)

    panels = [FieldPanel("groups")]

    class Meta:
        verbose_name = "tech platforms"


@register_setting(icon="group")
class AboutSettings(BaseGenericSetting):
    """The About page's sections in editor order (/api/about-sections)."""

    sections = StreamField(AboutSectionsBlock(), blank=True)

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
