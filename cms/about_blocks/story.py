"""About sections that tell who we are: hero, introduction, numbers, geography,
sustainability, collaboration, timeline, industries, clients and testimonials."""

from wagtail import blocks

from cms.about_blocks.parts import (
    cta_block,
    enabled_flag,
    heading_fields,
    image_block,
    list_block,
    position_block,
    strings_block,
    struct_block,
)
from cms.blocks import link_to, long_text, text
from cms.links import SafeURLBlock

HeroSlide = struct_block(
    "AboutHeroSlide",
    {
        "enabled": enabled_flag(),
        "image_url": image_block(),
        "mobile_image_url": image_block("Mobile image"),
        "image_alt": text("Image description", "Read aloud by screen readers."),
        "name": text("Name"),
        "role": text("Role"),
        "object_position": position_block(),
        "to": link_to(),
    },
)

Intro = struct_block(
    "AboutIntro",
    {
        "enabled": enabled_flag("Untick to hide the whole section."),
        "eyebrow": text("Eyebrow"),
        "headline": text("Headline"),
        "highlighted_headline": text("Highlighted headline", "Shown in the accent colour."),
        "subtitle": text("Subtitle"),
        "descriptor": text("Descriptor"),
        "paragraph": long_text("Paragraph"),
        "philosophy": text("Philosophy line", "e.g. Innovate → Build → Empower"),
        "primary_cta": cta_block("AboutPrimaryCta", "Primary button"),
        "secondary_cta": cta_block("AboutSecondaryCta", "Secondary button"),
    },
)


NumberStory = struct_block(
    "AboutNumberStory",
    {
        "enabled": enabled_flag(),
        "statistic": text("Statistic", "The number itself, e.g. 2024 or 12. Required to show."),
        "prefix": text("Prefix", max_length=20),
        "suffix": text("Suffix", "e.g. +", max_length=20),
        "badge_label": text("Badge"),
        "title": text("Title", "Required to show."),
        "text": long_text("Text"),
        "image_url": image_block(),
        "image_alt": text("Image description"),
        "object_position": position_block(),
        "accent": text("Accent colour", "e.g. #0A3DFF", max_length=20),
        "link": cta_block("AboutStoryLink", "Link"),
    },
)

Region = struct_block(
    "AboutRegion",
    {
        "title": text("Region", required=True),
        "line_one": text("First line"),
        "line_two": text("Second line"),
        "color": text("Colour", "e.g. #0A3DFF", max_length=20),
    },
)
Location = struct_block(
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
TitledItem = struct_block(
    "AboutTitledItem",
    {"title": text("Title", required=True), "description": long_text("Description")},
)
Delivery = struct_block(
    "AboutDelivery",
    {
        "enabled": enabled_flag(),
        "introduction": long_text("Introduction"),
        "benefits": list_block(
            struct_block("AboutBenefit", {"title": text("Benefit")})(), "Benefits"
        ),
    },
)
Geography = struct_block(
    "AboutGeography",
    {
        "enabled": enabled_flag("Untick to hide the whole section."),
        "eyebrow": text("Eyebrow"),
        "title": text("Title"),
        "intro": long_text("Introduction"),
        "map_image_url": image_block("Map image"),
        "map_alt": text("Map description"),
        "regions": list_block(Region(), "Regions"),
        "locations": list_block(Location(), "Locations on the map"),
        "delivery": Delivery(label="Delivery"),
    },
)
Sustainability = struct_block(
    "AboutSustainability",
    {
        **heading_fields(),
        "image_url": image_block(),
        "image_alt": text("Image description"),
        "items": list_block(TitledItem(), "Points"),
        "link": struct_block(
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
CollaborationModel = struct_block(
    "AboutCollaborationModel",
    {
        "title": text("Model", required=True),
        "image_url": image_block(size="card"),
        "image_alt": text("Image description"),
        "items": strings_block("Points"),
    },
)
Collaboration = struct_block(
    "AboutCollaboration",
    {**heading_fields(), "models": list_block(CollaborationModel(), "Ways of working")},
)
Highlight = struct_block(
    "AboutTimelineHighlight",
    {
        "text": text("Highlight", required=True),
        "image_url": image_block(),
        "image_alt": text("Image description"),
    },
)
TimelineEntry = struct_block(
    "AboutTimelineEntry",
    {
        "enabled": enabled_flag(),
        "year": text("Year", "Required to show.", max_length=20),
        "short_year": text("Short year", "e.g. 24", max_length=20),
        "title": text("Title"),
        "description": long_text("Description", "Required unless there are highlights."),
        "highlights": list_block(Highlight(), "Highlights"),
        "image_url": image_block(),
        "image_alt": text("Image description"),
    },
)
IndustryCard = struct_block(
    "AboutIndustry",
    {
        "enabled": enabled_flag(),
        "title": text("Industry"),
        "description": long_text("Description"),
        "image_url": image_block(size="card"),
        "image_alt": text("Image description"),
        "to": link_to(),
    },
)
ClientsHeading = struct_block(
    "AboutClientsHeading",
    {
        **heading_fields(),
        "target_market_label": text("Target markets label"),
        "target_markets": strings_block("Target markets"),
    },
)
Client = struct_block(
    "AboutClient",
    {
        "enabled": enabled_flag(),
        "name": text("Client"),
        "logo_url": image_block("Logo", size="logo"),
        "logo_alt": text("Logo description"),
        "relationship": text("Relationship", "e.g. Client since 2025"),
        "description": long_text("Description"),
        "url": SafeURLBlock(required=False, label="Website"),
    },
)
Metric = struct_block(
    "AboutMetric", {"value": text("Value", required=True, max_length=40), "label": text("Label")}
)
ClientStats = struct_block(
    "AboutClientStats",
    {
        "enabled": enabled_flag("Untick to hide the whole section."),
        "description": long_text("Description"),
        "metrics": list_block(Metric(), "Figures"),
        "target_markets": strings_block("Target markets"),
    },
)
ClientHighlight = struct_block(
    "AboutClientHighlight",
    {
        "enabled": enabled_flag(),
        "title": text("Title"),
        "subtitle": text("Subtitle"),
        "summary": long_text("Summary"),
        "image_url": image_block(),
        "image_alt": text("Image description"),
        "link": cta_block("AboutHighlightLink", "Link"),
    },
)
TestimonialsHeading = struct_block(
    "AboutTestimonialsHeading",
    {
        **heading_fields(),
        "video_enabled": blocks.BooleanBlock(
            required=False, label="Show video testimonials", help_text="Needs video testimonials."
        ),
    },
)
