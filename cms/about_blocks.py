"""The About page: one block per key of the frontend contract §4.7, each with the content
shape the frontend deep-merges over its defaults. Child names are snake_case; the API
camel-cases them. List items get their `id` and `sortOrder` from their position
(cms.api.about), so editors only drag to reorder."""

from wagtail import blocks

from cms.blocks import ImageUrlChooserBlock, icon_block, link_to, long_text, text
from cms.icons import capability_choices, service_map_choices
from cms.links import SafeURLBlock


def _struct(name, fields, icon=None, label=None):
    meta = type("Meta", (), {"icon": icon or "doc-full", "label": label})
    return type(name, (blocks.StructBlock,), {**fields, "Meta": meta})


def _enabled(help_text="Untick to hide this from the page."):
    return blocks.BooleanBlock(required=False, default=True, label="Show", help_text=help_text)


def _strings(label, help_text=None):
    return blocks.ListBlock(
        blocks.CharBlock(max_length=255), label=label, help_text=help_text, default=[], min_num=0
    )


def _list(child, label, help_text=None):
    return blocks.ListBlock(child, label=label, help_text=help_text, default=[], min_num=0)


def _image(label="Image", size="wide"):
    return ImageUrlChooserBlock(size=size, required=False, label=label)


def _position():
    return text(
        "Image focus", "CSS object-position, e.g. center top; empty for centre.", max_length=40
    )


def _cta(name, label):
    return _struct(name, {"label": text("Button text"), "to": link_to("Button link")})(
        label=label, required=False
    )


def _heading_fields():
    return {
        "enabled": _enabled("Untick to hide the whole section."),
        "eyebrow": text("Eyebrow", "Small line above the title."),
        "title": text("Title"),
        "description": long_text("Description"),
    }


HeroSlide = _struct(
    "AboutHeroSlide",
    {
        "enabled": _enabled(),
        "image_url": _image(),
        "mobile_image_url": _image("Mobile image"),
        "image_alt": text("Image description", "Read aloud by screen readers."),
        "name": text("Name"),
        "role": text("Role"),
        "object_position": _position(),
        "to": link_to(),
    },
)

Intro = _struct(
    "AboutIntro",
    {
        "enabled": _enabled("Untick to hide the whole section."),
        "eyebrow": text("Eyebrow"),
        "headline": text("Headline"),
        "highlighted_headline": text("Highlighted headline", "Shown in the accent colour."),
        "subtitle": text("Subtitle"),
        "descriptor": text("Descriptor"),
        "paragraph": long_text("Paragraph"),
        "philosophy": text("Philosophy line", "e.g. Innovate → Build → Empower"),
        "primary_cta": _cta("AboutPrimaryCta", "Primary button"),
        "secondary_cta": _cta("AboutSecondaryCta", "Secondary button"),
    },
)


def _heading(name):
    return _struct(name, _heading_fields(), icon="title")


NumberStory = _struct(
    "AboutNumberStory",
    {
        "enabled": _enabled(),
        "statistic": text("Statistic", "The number itself, e.g. 2024 or 12. Required to show."),
        "prefix": text("Prefix", max_length=20),
        "suffix": text("Suffix", "e.g. +", max_length=20),
        "badge_label": text("Badge"),
        "title": text("Title", "Required to show."),
        "text": long_text("Text"),
        "image_url": _image(),
        "image_alt": text("Image description"),
        "object_position": _position(),
        "accent": text("Accent colour", "e.g. #0A3DFF", max_length=20),
        "link": _cta("AboutStoryLink", "Link"),
    },
)

Region = _struct(
    "AboutRegion",
    {
        "title": text("Region", required=True),
        "line_one": text("First line"),
        "line_two": text("Second line"),
        "color": text("Colour", "e.g. #0A3DFF", max_length=20),
    },
)
Location = _struct(
    "AboutLocation",
    {
        "label": text("Place", required=True),
        "detail": text("Detail"),
        "x": blocks.FloatBlock(label="Across (%)", help_text="0 = left edge, 100 = right edge."),
        "y": blocks.FloatBlock(label="Down (%)", help_text="0 = top edge, 100 = bottom edge."),
        "region_index": blocks.IntegerBlock(
            min_value=0, required=False, label="Region number", help_text="0 for the first region."
        ),
        "label_position": blocks.ChoiceBlock(
            choices=[(v, v.capitalize()) for v in ("top", "right", "bottom", "left")],
            required=False,
            label="Label side",
        ),
    },
)
TitledItem = _struct(
    "AboutTitledItem",
    {"title": text("Title", required=True), "description": long_text("Description")},
)
Delivery = _struct(
    "AboutDelivery",
    {
        "enabled": _enabled(),
        "introduction": long_text("Introduction"),
        "benefits": _list(_struct("AboutBenefit", {"title": text("Benefit")})(), "Benefits"),
    },
)
Geography = _struct(
    "AboutGeography",
    {
        "enabled": _enabled("Untick to hide the whole section."),
        "eyebrow": text("Eyebrow"),
        "title": text("Title"),
        "intro": long_text("Introduction"),
        "map_image_url": _image("Map image"),
        "map_alt": text("Map description"),
        "regions": _list(Region(), "Regions"),
        "locations": _list(Location(), "Locations on the map"),
        "delivery": Delivery(label="Delivery"),
    },
)
Sustainability = _struct(
    "AboutSustainability",
    {
        **_heading_fields(),
        "image_url": _image(),
        "image_alt": text("Image description"),
        "items": _list(TitledItem(), "Points"),
        "link": _struct(
            "AboutSustainabilityLink",
            {
                "label": text("Link text"),
                "to": link_to(),
                "type": blocks.ChoiceBlock(
                    choices=[("internal", "Page on this site"), ("external", "Other website")],
                    required=False,
                    label="Link type",
                ),
            },
        )(label="Link"),
    },
)
CollaborationModel = _struct(
    "AboutCollaborationModel",
    {
        "title": text("Model", required=True),
        "image_url": _image(size="card"),
        "image_alt": text("Image description"),
        "items": _strings("Points"),
    },
)
Collaboration = _struct(
    "AboutCollaboration",
    {**_heading_fields(), "models": _list(CollaborationModel(), "Ways of working")},
)
Highlight = _struct(
    "AboutTimelineHighlight",
    {
        "text": text("Highlight", required=True),
        "image_url": _image(),
        "image_alt": text("Image description"),
    },
)
TimelineEntry = _struct(
    "AboutTimelineEntry",
    {
        "enabled": _enabled(),
        "year": text("Year", "Required to show.", max_length=20),
        "short_year": text("Short year", "e.g. 24", max_length=20),
        "title": text("Title"),
        "description": long_text("Description", "Required unless there are highlights."),
        "highlights": _list(Highlight(), "Highlights"),
        "image_url": _image(),
        "image_alt": text("Image description"),
    },
)
IndustryCard = _struct(
    "AboutIndustry",
    {
        "enabled": _enabled(),
        "title": text("Industry"),
        "description": long_text("Description"),
        "image_url": _image(size="card"),
        "image_alt": text("Image description"),
        "to": link_to(),
    },
)
ClientsHeading = _struct(
    "AboutClientsHeading",
    {
        **_heading_fields(),
        "target_market_label": text("Target markets label"),
        "target_markets": _strings("Target markets"),
    },
)
Client = _struct(
    "AboutClient",
    {
        "enabled": _enabled(),
        "name": text("Client"),
        "logo_url": _image("Logo", size="logo"),
        "logo_alt": text("Logo description"),
        "relationship": text("Relationship", "e.g. Client since 2025"),
        "description": long_text("Description"),
        "url": SafeURLBlock(required=False, label="Website"),
    },
)
Metric = _struct(
    "AboutMetric", {"value": text("Value", required=True, max_length=40), "label": text("Label")}
)
ClientStats = _struct(
    "AboutClientStats",
    {
        "enabled": _enabled("Untick to hide the whole section."),
        "description": long_text("Description"),
        "metrics": _list(Metric(), "Figures"),
        "target_markets": _strings("Target markets"),
    },
)
ClientHighlight = _struct(
    "AboutClientHighlight",
    {
        "enabled": _enabled(),
        "title": text("Title"),
        "subtitle": text("Subtitle"),
        "summary": long_text("Summary"),
        "image_url": _image(),
        "image_alt": text("Image description"),
        "link": _cta("AboutHighlightLink", "Link"),
    },
)
TestimonialsHeading = _struct(
    "AboutTestimonialsHeading",
    {
        **_heading_fields(),
        "video_enabled": blocks.BooleanBlock(
            required=False, label="Show video testimonials", help_text="Needs video testimonials."
        ),
    },
)
ServiceTile = _struct(
    "AboutServiceTile",
    {
        "title": text("Service", required=True),
        "icon": icon_block(service_map_choices),
        "image_url": _image(size="card"),
        "image_alt": text("Image description"),
        "to": link_to(),
    },
)
ServiceMap = _struct(
    "AboutServiceMap",
    {
        **_heading_fields(),
        "intro_tile": _struct("AboutIntroTile", {"title": text("Title"), "to": link_to()})(
            label="First tile"
        ),
        "services": _list(ServiceTile(), "Services"),
    },
)
Video = _struct(
    "AboutVideo",
    {
        "enabled": _enabled(),
        "provider": blocks.ChoiceBlock(
            choices=[("youtube", "YouTube"), ("file", "Video file")],
            required=False,
            label="Provider",
        ),
        "video_id": text("YouTube video id", "The part after v= in a YouTube link.", max_length=40),
        "url": SafeURLBlock(required=False, label="Video URL"),
        "title": text("Video title"),
        "thumbnail_url": _image("Cover image"),
        "thumbnail_alt": text("Cover description"),
    },
)
Transparency = _struct(
    "AboutTransparency",
    {**_heading_fields(), "video": Video(label="Video"), "items": _list(TitledItem(), "Points")},
)
Recognition = _struct(
    "AboutRecognition",
    {
        "enabled": _enabled(),
        "verified": blocks.BooleanBlock(
            required=False, default=True, label="Verified", help_text="Only verified ones show."
        ),
        "title": text("Name", required=True),
        "caption": text("Caption"),
        "logo_url": _image("Logo", size="logo"),
        "image_alt": text("Logo description"),
        "to": link_to(),
        "external_url": SafeURLBlock(required=False, label="Source URL"),
    },
)
Partnerships = _struct(
    "AboutPartnerships",
    {
        **_heading_fields(),
        "featured_items": _list(Recognition(), "Featured (up to 2)"),
        "supporting_items": _list(Recognition(), "Supporting"),
        "items": _list(Recognition(), "Other"),
    },
)
SolutionType = _struct(
    "AboutSolutionType", {"title": text("Solution", required=True), "to": link_to()}
)
SolutionTypes = _struct(
    "AboutSolutionTypes", {**_heading_fields(), "solutions": _list(SolutionType(), "Solutions")}
)
TechGroup = _struct("AboutTechGroup", {"technologies": _strings("Technologies")})
TechSection = _struct(
    "AboutTechSection",
    {"title": text("Title", required=True), "groups": _list(TechGroup(), "Groups")},
)
TechColumn = _struct("AboutTechColumn", {"sections": _list(TechSection(), "Sections")})
Technologies = _struct(
    "AboutTechnologies", {**_heading_fields(), "columns": _list(TechColumn(), "Columns")}
)
Capability = _struct(
    "AboutCapability",
    {
        "title": text("Capability", required=True),
        "icon": icon_block(capability_choices),
        "to": link_to(),
    },
)
SpecializedCapabilities = _struct(
    "AboutSpecializedCapabilities",
    {
        "enabled": _enabled("Untick to hide the whole section."),
        "eyebrow": text("Eyebrow"),
        "title": text("Title"),
        "introduction": long_text("Introduction"),
        "capabilities": _list(Capability(), "Capabilities"),
    },
)
Guarantee = _struct(
    "AboutGuarantee",
    {
        "title": text("Title", required=True),
        "description": long_text("Description"),
        "details": _strings("Details"),
    },
)
WhyGuarantee = _struct(
    "AboutWhyGuarantee",
    {**_heading_fields(), "question": text("Question"), "items": _list(Guarantee(), "Reasons")},
)
PricingModel = _struct(
    "AboutPricingModel",
    {
        "title": text("Model", required=True),
        "description": long_text("Description"),
        "best_for": text("Best for"),
        "badge": text("Badge", max_length=40),
    },
)
Pricing = _struct(
    "AboutPricing",
    {
        **_heading_fields(),
        "models": _list(PricingModel(), "Pricing models"),
        "note": long_text("Note"),
        "cta": _cta("AboutPricingCta", "Button"),
    },
)
PricingQuotation = _struct(
    "AboutPricingQuotation",
    {
        "enabled": _enabled("Untick to hide the whole section."),
        "image_url": _image(),
        "image_alt": text("Image description"),
        "author": text("Author"),
        "role": text("Author's role"),
        "quote": long_text("Quote"),
        "introduction": long_text("Introduction"),
        "investment_areas": _strings("Investment areas"),
    },
)
CtaContact = _struct(
    "AboutCtaContact",
    {
        "phone": text("Phone", max_length=40),
        "phone_label": text("Phone label"),
        "email": blocks.EmailBlock(required=False, label="Email"),
        "whatsapp": text("WhatsApp number", "Digits with country code.", max_length=40),
        "whatsapp_message": text("WhatsApp greeting", "Pre-filled message."),
    },
)
Cta = _struct(
    "AboutCta",
    {
        **_heading_fields(),
        "image_url": _image(),
        "mobile_image_url": _image("Mobile image"),
        "image_alt": text("Image description"),
        "object_position": _position(),
        "primary_cta": _cta("AboutCtaPrimary", "Primary button"),
        "secondary_cta": _cta("AboutCtaSecondary", "Secondary button"),
        "contact": CtaContact(label="Contact details"),
        "reassurance": text("Reassurance line"),
    },
)

# key → (block, label). Order is the page's order in the frontend.
ABOUT_KEYS = {
    "heroSlides": (_list(HeroSlide(), "Hero slides"), "Hero slides"),
    "intro": (Intro(), "Introduction"),
    "numbersHeading": (_heading("AboutNumbersHeading")(), "In numbers: heading"),
    "numberStories": (_list(NumberStory(), "Number stories"), "In numbers: stories"),
    "geography": (Geography(), "Geography"),
    "sustainability": (Sustainability(), "Sustainability"),
    "collaboration": (Collaboration(), "Collaboration"),
    "timelineHeading": (_heading("AboutTimelineHeading")(), "Timeline: heading"),
    "timeline": (_list(TimelineEntry(), "Timeline"), "Timeline: entries"),
    "industriesHeading": (_heading("AboutIndustriesHeading")(), "Industries: heading"),
    "industries": (_list(IndustryCard(), "Industries"), "Industries: cards"),
    "clientsHeading": (ClientsHeading(), "Clients: heading"),
    "clients": (_list(Client(), "Clients"), "Clients: logos"),
    "clientStats": (ClientStats(), "Clients: figures"),
    "clientHighlights": (_list(ClientHighlight(), "Client highlights"), "Clients: highlights"),
    "testimonialsHeading": (TestimonialsHeading(), "Testimonials: heading"),
    "serviceMap": (ServiceMap(), "Service map"),
    "transparency": (Transparency(), "Transparency"),
    "partnerships": (Partnerships(), "Partnerships"),
    "solutionTypes": (SolutionTypes(), "Solution types"),
    "technologies": (Technologies(), "Technologies"),
    "specializedCapabilities": (SpecializedCapabilities(), "Specialised capabilities"),
    "whyGuarantee": (WhyGuarantee(), "Why AngiSoft"),
    "pricing": (Pricing(), "Pricing"),
    "pricingQuotation": (PricingQuotation(), "Pricing quotation"),
    "cta": (Cta(), "Final call to action"),
}


class AboutSectionsBlock(blocks.StreamBlock):
    class Meta:
        block_counts = {key: {"max_num": 1} for key in ABOUT_KEYS}


for _key, (_block, _label) in ABOUT_KEYS.items():
    _block.label = _label
    AboutSectionsBlock.base_blocks[_key] = _block
    _block.set_name(_key)
