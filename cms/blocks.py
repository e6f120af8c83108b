"""StreamField blocks. Each serialises to plain JSON through cms.api.resolver, which reads
the stored raw data and batches every image / page / document lookup of a response."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cms.choices import (
    currency_choices,
    pricing_type_choices,
    project_type_choices,
    service_slug_choices,
)
from cms.icons import booking_step_choices, general_choices, industry_choices, tech_choices
from cms.links import LinkTargetBlock, SafeURLBlock
from cms.validation import (
    check_booking_step_count,
    check_hero_slide_count,
    check_tech_group_name,
)


class SizedImageChooserBlock(ImageChooserBlock):
    """An image chooser that says which allow-listed size (cms.images) the API serves."""

    def __init__(self, size="wide", **kwargs):
        self.rendition_size = size
        super().__init__(**kwargs)

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return "wagtail.images.blocks.ImageChooserBlock", args, kwargs


class ImageUrlChooserBlock(SizedImageChooserBlock):
    """An image the API sends as its absolute URL string (the frontend's `imageUrl`)."""

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return "wagtail.images.blocks.ImageChooserBlock", args, kwargs


def icon_block(choices, label="Icon", required=False, help_text=None, **kwargs):
    return blocks.ChoiceBlock(
        choices=choices,
        required=required,
        label=label,
        help_text=help_text or "Icons the website knows; anything else would show a fallback.",
        **kwargs,
    )


def text(label, help_text=None, required=False, max_length=255):
    return blocks.CharBlock(
        label=label, help_text=help_text, required=required, max_length=max_length
    )


def long_text(label, help_text=None, required=False):
    return blocks.TextBlock(label=label, help_text=help_text, required=required)


def link_to(label="Link", help_text="A site path such as /services, or a full URL."):
    return LinkTargetBlock(label=label, help_text=help_text, required=False, max_length=255)


def slug_block(label, help_text, required=True):
    return blocks.RegexBlock(
        regex=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        max_length=80,
        required=required,
        label=label,
        help_text=help_text,
        error_messages={"invalid": "Use lower-case letters, digits and single dashes only."},
    )


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80, label="Text")
    to = LinkTargetBlock(
        max_length=255, label="Link", help_text="A frontend path (/services) or a URL."
    )

    class Meta:
        icon = "link"


class FooterLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80, label="Text")
    href = LinkTargetBlock(
        max_length=255, label="Link", help_text="A frontend path (/about) or a URL."
    )

    class Meta:
        icon = "link"


class MenuItemBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80, label="Text")
    to = LinkTargetBlock(max_length=255, label="Link", help_text="e.g. /services/web-development")
    icon = icon_block(general_choices, help_text="Leave empty to use the menu's icon.")
    description = text("Description", "One short line under the item.")


class MegaMenuBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80, label="Menu title")
    icon = icon_block(general_choices)
    items = blocks.ListBlock(MenuItemBlock(), label="Items")

    class Meta:
        icon = "list-ul"


class FooterColumnBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80, label="Column title")
    links = blocks.ListBlock(FooterLinkBlock(), label="Links")


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.CharBlock(
        max_length=40, label="Platform", help_text="Shown as written, e.g. LinkedIn, GitHub, X."
    )
    url = SafeURLBlock(label="Profile URL")


class ImageBlock(blocks.StructBlock):
    image = SizedImageChooserBlock(size="wide")
    caption = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "image"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"


class CodeBlock(blocks.StructBlock):
    language = blocks.CharBlock(required=False, max_length=30)
    code = blocks.TextBlock()

    class Meta:
        icon = "code"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = LinkTargetBlock(
        required=False,
        max_length=255,
        label="Link",
        help_text="A path such as /contact or a full URL; used when no page is chosen.",
    )

    class Meta:
        icon = "pick"
        label = "Call to action"


class BodyBlock(blocks.StreamBlock):
    """The rich body of services, projects, blog posts and standard pages."""

    heading = blocks.CharBlock(max_length=160, form_classname="title", icon="title")
    paragraph = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "image"]
    )
    image = ImageBlock()
    quote = QuoteBlock()
    code = CodeBlock()
    embed = EmbedBlock(icon="media")
    document = DocumentChooserBlock(icon="doc-full")
    cta = CallToActionBlock()


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=255)
    answer = blocks.TextBlock()

    class Meta:
        icon = "help"


class PricingPackageBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80)
    price = blocks.DecimalBlock(required=False, decimal_places=2)
    period = blocks.CharBlock(required=False, max_length=40)
    description = blocks.TextBlock(required=False)
    items = blocks.ListBlock(blocks.CharBlock(max_length=160))
    highlighted = blocks.BooleanBlock(required=False)


def _count_checked(stream_block_class, check):
    """A StreamBlock whose number of children must pass `check` (cms.validation)."""

    def clean(self, value):
        cleaned = super(cls, self).clean(value)
        try:
            check(len(cleaned))
        except ValidationError as error:
            raise StreamBlockValidationError(non_block_errors=[error]) from None
        return cleaned

    cls = type(stream_block_class.__name__, (stream_block_class,), {"clean": clean})
    return cls


class HeroSlideBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160, label="Headline")
    highlight = text("Highlighted words", "Shown in the accent colour after the headline.")
    description = long_text("Description")
    badge = text("Badge", "A short label above the headline.")
    image = ImageUrlChooserBlock(size="wide", required=False, label="Image")
    video_url = SafeURLBlock(
        required=False, label="Video URL", help_text="An MP4 address makes this a video slide."
    )
    cta_label = text("Button text")
    cta_url = link_to("Button link")
    secondary_cta_label = text("Second button text")
    secondary_cta_url = link_to("Second button link")

    class Meta:
        icon = "image"


class _HeroSlides(blocks.StreamBlock):
    slide = HeroSlideBlock()


HeroSlidesBlock = _count_checked(_HeroSlides, check_hero_slide_count)


class ProjectTypeBlock(blocks.StructBlock):
    value = blocks.ChoiceBlock(
        choices=project_type_choices,
        label="Booking type",
        help_text="The type recorded on the booking.",
    )
    label = blocks.CharBlock(max_length=80, label="Text shown", help_text="e.g. Software project")


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, label="Step title")
    icon = icon_block(booking_step_choices, required=True)


class _BookingSteps(blocks.StreamBlock):
    step = StepBlock()


BookingStepsBlock = _count_checked(_BookingSteps, check_booking_step_count)


class ProcessStepBlock(blocks.StructBlock):
    step = blocks.IntegerBlock(min_value=1, label="Step number")
    title = blocks.CharBlock(max_length=120, label="Title")
    description = long_text("Description")


class PricingFactorBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, label="Factor")
    description = long_text("Explanation")
    examples = blocks.ListBlock(
        blocks.CharBlock(max_length=160), label="Examples", default=[], min_num=0
    )


class EstimatedRangeBlock(blocks.StructBlock):
    category = blocks.CharBlock(max_length=120, label="Category", help_text="e.g. Websites")
    starting_from = blocks.DecimalBlock(
        min_value=0, decimal_places=2, label="Starting from", help_text="A number, no currency."
    )
    currency = blocks.ChoiceBlock(choices=currency_choices, default="KES", label="Currency")
    description = long_text("Description")
    includes = blocks.ListBlock(
        blocks.CharBlock(max_length=160), label="Includes", default=[], min_num=0
    )


class EngagementModelBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, label="Model")
    description = long_text("Description")


class PackageItemBlock(blocks.StructBlock):
    slug = slug_block("Package code", "Used in /booking?package=<code>, e.g. cv-basic.")
    service_slug = blocks.ChoiceBlock(
        choices=service_slug_choices,
        label="Service",
        help_text="The published service this package books.",
    )
    name = blocks.CharBlock(max_length=120, label="Package name")
    price_from = blocks.DecimalBlock(
        min_value=0, decimal_places=2, required=False, label="Price from", help_text="A number."
    )
    pricing_type = blocks.ChoiceBlock(
        choices=pricing_type_choices, default="fixed", label="Pricing type"
    )
    currency = blocks.ChoiceBlock(choices=currency_choices, default="KES", label="Currency")


class PricingTierBlock(blocks.StructBlock):
    slug = blocks.CharBlock(max_length=80, label="Group code", help_text="e.g. documents")
    title = blocks.CharBlock(max_length=120, label="Group title")
    items = blocks.ListBlock(PackageItemBlock(), label="Packages")


class IndustryBlock(blocks.StructBlock):
    slug = slug_block("Page address", "/industries/<address>, e.g. retail")
    name = blocks.CharBlock(max_length=120, label="Name")
    icon = icon_block(industry_choices)
    description = long_text("Description")
    image = ImageUrlChooserBlock(size="card", required=False, label="Background image")
    services = blocks.ListBlock(
        blocks.CharBlock(max_length=120),
        label="Services",
        help_text="When set, shown instead of the capabilities.",
        default=[],
        min_num=0,
    )
    capabilities = blocks.ListBlock(
        blocks.CharBlock(max_length=160), label="Capabilities", default=[], min_num=0
    )


class TechItemBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80, label="Technology")
    icon = icon_block(tech_choices)
    color = blocks.RegexBlock(
        regex=r"^#[0-9A-Fa-f]{3}([0-9A-Fa-f]{3})?$",
        required=False,
        label="Colour",
        help_text="A hex colour such as #3776AB; empty for the brand blue.",
        error_messages={"invalid": "Use a hex colour such as #3776AB."},
    )


class TechGroupBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        max_length=80,
        label="Group name",
        help_text="A category such as Backend or Mobile, not a technology's name.",
    )
    items = blocks.ListBlock(TechItemBlock(), label="Technologies")

    def clean(self, value):
        cleaned = super().clean(value)
        try:
            check_tech_group_name(cleaned.get("name"))
        except ValidationError as error:
            raise StructBlockValidationError(block_errors={"name": error}) from None
        return cleaned
