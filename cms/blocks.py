"""StreamField blocks. Each serialises to plain JSON through cms.api.resolver, which reads
the stored raw data and batches every image / page / document lookup of a response."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cms.links import LinkTargetBlock, SafeURLBlock


class SizedImageChooserBlock(ImageChooserBlock):
    """An image chooser that says which allow-listed size (cms.images) the API serves."""

    def __init__(self, size="wide", **kwargs):
        self.rendition_size = size
        super().__init__(**kwargs)

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return "wagtail.images.blocks.ImageChooserBlock", args, kwargs


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80)
    to = LinkTargetBlock(max_length=255, help_text="A frontend path (/services) or a URL.")

    class Meta:
        icon = "link"


class FooterLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80)
    href = LinkTargetBlock(max_length=255)

    class Meta:
        icon = "link"


class MenuItemBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80)
    to = LinkTargetBlock(max_length=255)
    icon = blocks.CharBlock(max_length=60, required=False)
    description = blocks.CharBlock(max_length=255, required=False)


class MegaMenuBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80)
    items = blocks.ListBlock(MenuItemBlock())

    class Meta:
        icon = "list-ul"


class FooterColumnBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    links = blocks.ListBlock(FooterLinkBlock())


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.CharBlock(max_length=40, help_text="e.g. linkedin, github, x, facebook")
    url = SafeURLBlock()


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
    url = LinkTargetBlock(required=False, max_length=255)

    class Meta:
        icon = "pick"


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


class HeroSlideBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160)
    highlight = blocks.CharBlock(required=False, max_length=120)
    description = blocks.TextBlock(required=False)
    image = SizedImageChooserBlock(size="wide", required=False)
    video_url = SafeURLBlock(required=False)
    cta_label = blocks.CharBlock(required=False, max_length=60)
    cta_url = LinkTargetBlock(required=False, max_length=255)
    badge = blocks.CharBlock(required=False, max_length=60)


class LabelBlock(blocks.StructBlock):
    key = blocks.CharBlock(max_length=60)
    text = blocks.CharBlock(max_length=255)


class ProjectTypeBlock(blocks.StructBlock):
    value = blocks.CharBlock(max_length=40, help_text="SOFTWARE, RESUME, DOCUMENT_EDIT, ...")
    label = blocks.CharBlock(max_length=80)
    description = blocks.CharBlock(required=False, max_length=255)
    icon = blocks.CharBlock(required=False, max_length=60)


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    description = blocks.TextBlock(required=False)


class ProcessStepBlock(blocks.StructBlock):
    step = blocks.IntegerBlock(min_value=1)
    title = blocks.CharBlock(max_length=120)
    description = blocks.TextBlock(required=False)


class PricingTierBlock(blocks.StructBlock):
    slug = blocks.CharBlock(max_length=80)
    service_slug = blocks.CharBlock(max_length=80, required=False)
    title = blocks.CharBlock(max_length=120)
    items = blocks.ListBlock(blocks.CharBlock(max_length=200))


class IndustryBlock(blocks.StructBlock):
    slug = blocks.CharBlock(max_length=80)
    name = blocks.CharBlock(max_length=120)
    icon = blocks.CharBlock(required=False, max_length=60)
    description = blocks.TextBlock(required=False)
    image = SizedImageChooserBlock(size="card", required=False)
    services = blocks.ListBlock(blocks.CharBlock(max_length=120))
    capabilities = blocks.ListBlock(blocks.CharBlock(max_length=160))


class TechItemBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80)
    icon = blocks.CharBlock(required=False, max_length=60)
    color = blocks.CharBlock(required=False, max_length=20)


class TechGroupBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80)
    items = blocks.ListBlock(TechItemBlock())


# --- UI copy: each section a struct with the exact keys the frontend reads.
def _copy(*names, **extra):
    fields = {name: blocks.CharBlock(required=False, max_length=255) for name in names}
    fields.update(extra)
    return fields


def _section(name, *fields, **extra):
    return type(name, (blocks.StructBlock,), _copy(*fields, **extra))


StatBlock = _section("StatBlock", "label", "value")

UI_HOME_SECTIONS = {
    "hero": _section("HomeHeroCopy", "welcome_label", "showreel_label"),
    "about": _section("HomeAboutCopy", "badge", "story_label", "values_title", "values_subtitle"),
    "services": _section("HomeServicesCopy", "badge", "title", "subtitle", "cta"),
    "projects": _section("HomeProjectsCopy", "badge", "title", "subtitle", "cta_label"),
    "team": _section("HomeTeamCopy", "badge", "title", "subtitle", "cta_label"),
    "testimonials": _section("HomeTestimonialsCopy", "badge", "title", "subtitle"),
    "blog": _section(
        "HomeBlogCopy", "badge", "title", "subtitle", "cta_label", "featured_label", "read_label"
    ),
    "contact": _section(
        "HomeContactCopy", "badge", "title", "subtitle", "intro_title", "intro_subtitle"
    ),
    "skills": _section("HomeSkillsCopy", "title", "subtitle"),
}
UI_PAGE_SECTIONS = {
    "services": _section(
        "PageServicesCopy",
        "badge",
        "title",
        "subtitle",
        feature_badges=blocks.ListBlock(blocks.CharBlock(max_length=80)),
    ),
    "projects": _section(
        "PageProjectsCopy",
        "badge",
        "title",
        "subtitle",
        "cta",
        "empty_message",
        stats=blocks.ListBlock(StatBlock()),
    ),
    "staff": _section(
        "PageStaffCopy", "badge", "title", "subtitle", stats=blocks.ListBlock(StatBlock())
    ),
    "testimonials": _section(
        "PageTestimonialsCopy", "badge", "title", "subtitle", stats=blocks.ListBlock(StatBlock())
    ),
    "blog": _section("PageBlogCopy", "badge", "title", "subtitle", "cta_label"),
}


class UiHomeBlock(blocks.StreamBlock):
    class Meta:
        block_counts = {name: {"max_num": 1} for name in UI_HOME_SECTIONS}


class UiPagesBlock(blocks.StreamBlock):
    class Meta:
        block_counts = {name: {"max_num": 1} for name in UI_PAGE_SECTIONS}


for _name, _cls in UI_HOME_SECTIONS.items():
    UiHomeBlock.base_blocks[_name] = _cls()
    UiHomeBlock.base_blocks[_name].set_name(_name)
for _name, _cls in UI_PAGE_SECTIONS.items():
    UiPagesBlock.base_blocks[_name] = _cls()
    UiPagesBlock.base_blocks[_name].set_name(_name)


# --- About page sections: each key a block type; the frontend falls back for missing keys.
class TimelineEntryBlock(blocks.StructBlock):
    year = blocks.CharBlock(max_length=20)
    title = blocks.CharBlock(max_length=120)
    description = blocks.TextBlock(required=False)


class ClientBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120)
    logo = SizedImageChooserBlock(size="logo", required=False)
    url = SafeURLBlock(required=False)


class AboutIntroBlock(blocks.StructBlock):
    enabled = blocks.BooleanBlock(required=False, default=True)
    title = blocks.CharBlock(max_length=160)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])
    image = SizedImageChooserBlock(size="wide", required=False)


class AboutTimelineBlock(blocks.StructBlock):
    enabled = blocks.BooleanBlock(required=False, default=True)
    title = blocks.CharBlock(max_length=160)
    entries = blocks.ListBlock(TimelineEntryBlock())


class AboutClientsBlock(blocks.StructBlock):
    enabled = blocks.BooleanBlock(required=False, default=True)
    title = blocks.CharBlock(max_length=160)
    clients = blocks.ListBlock(ClientBlock())


class AboutTechnologiesBlock(blocks.StructBlock):
    enabled = blocks.BooleanBlock(required=False, default=True)
    title = blocks.CharBlock(max_length=160)
    items = blocks.ListBlock(TechItemBlock())


class AboutCtaBlock(blocks.StructBlock):
    enabled = blocks.BooleanBlock(required=False, default=True)
    title = blocks.CharBlock(max_length=160)
    text = blocks.TextBlock(required=False)
    cta = LinkBlock()


class AboutSectionsBlock(blocks.StreamBlock):
    intro = AboutIntroBlock()
    timeline = AboutTimelineBlock()
    clients = AboutClientsBlock()
    partnerships = AboutClientsBlock()
    technologies = AboutTechnologiesBlock()
    cta = AboutCtaBlock()
