"""About sections that tell what we offer: service map, transparency, partnerships,
solutions, technologies, capabilities, guarantees, pricing and the final call to action."""

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
from cms.about_blocks.story import TitledItem
from cms.blocks import icon_block, link_to, long_text, text
from cms.icons import capability_choices, service_map_choices
from cms.links import SafeURLBlock

ServiceTile = struct_block(
    "AboutServiceTile",
    {
        "title": text("Service", required=True),
        "icon": icon_block(service_map_choices),
        "image_url": image_block(size="card"),
        "image_alt": text("Image description"),
        "to": link_to(),
    },
)
ServiceMap = struct_block(
    "AboutServiceMap",
    {
        **heading_fields(),
        "intro_tile": struct_block("AboutIntroTile", {"title": text("Title"), "to": link_to()})(
            label="First tile"
        ),
        "services": list_block(ServiceTile(), "Services"),
    },
)
Video = struct_block(
    "AboutVideo",
    {
        "enabled": enabled_flag(),
        "provider": blocks.ChoiceBlock(
            choices=[("youtube", "YouTube"), ("file", "Video file")],
            required=False,
            label="Provider",
        ),
        "video_id": text("YouTube video ID", "The part after v= in a YouTube link.", max_length=40),
        "url": SafeURLBlock(required=False, label="Video URL"),
        "title": text("Video title"),
        "thumbnail_url": image_block("Cover image"),
        "thumbnail_alt": text("Cover description"),
    },
)
Transparency = struct_block(
    "AboutTransparency",
    {
        **heading_fields(),
        "video": Video(label="Video"),
        "items": list_block(TitledItem(), "Points"),
    },
)
Recognition = struct_block(
    "AboutRecognition",
    {
        "enabled": enabled_flag(),
        "verified": blocks.BooleanBlock(
            required=False, default=True, label="Verified", help_text="Only verified ones show."
        ),
        "title": text("Name", required=True),
        "caption": text("Caption"),
        "logo_url": image_block("Logo", size="logo"),
        "image_alt": text("Logo description"),
        "to": link_to(),
        "external_url": SafeURLBlock(required=False, label="Source URL"),
    },
)
Partnerships = struct_block(
    "AboutPartnerships",
    {
        **heading_fields(),
        "featured_items": list_block(Recognition(), "Featured (up to 2)"),
        "supporting_items": list_block(Recognition(), "Supporting"),
        "items": list_block(Recognition(), "Other"),
    },
)
SolutionType = struct_block(
    "AboutSolutionType", {"title": text("Solution", required=True), "to": link_to()}
)
SolutionTypes = struct_block(
    "AboutSolutionTypes", {**heading_fields(), "solutions": list_block(SolutionType(), "Solutions")}
)
TechGroup = struct_block("AboutTechGroup", {"technologies": strings_block("Technologies")})
TechSection = struct_block(
    "AboutTechSection",
    {"title": text("Title", required=True), "groups": list_block(TechGroup(), "Groups")},
)
TechColumn = struct_block("AboutTechColumn", {"sections": list_block(TechSection(), "Sections")})
Technologies = struct_block(
    "AboutTechnologies", {**heading_fields(), "columns": list_block(TechColumn(), "Columns")}
)
Capability = struct_block(
    "AboutCapability",
    {
        "title": text("Capability", required=True),
        "icon": icon_block(capability_choices),
        "to": link_to(),
    },
)
SpecializedCapabilities = struct_block(
    "AboutSpecializedCapabilities",
    {
        "enabled": enabled_flag("Untick to hide the whole section."),
        "eyebrow": text("Eyebrow"),
        "title": text("Title"),
        "introduction": long_text("Introduction"),
        "capabilities": list_block(Capability(), "Capabilities"),
    },
)
Guarantee = struct_block(
    "AboutGuarantee",
    {
        "title": text("Title", required=True),
        "description": long_text("Description"),
        "details": strings_block("Details"),
    },
)
WhyGuarantee = struct_block(
    "AboutWhyGuarantee",
    {**heading_fields(), "question": text("Question"), "items": list_block(Guarantee(), "Reasons")},
)
PricingModel = struct_block(
    "AboutPricingModel",
    {
        "title": text("Model", required=True),
        "description": long_text("Description"),
        "best_for": text("Best for"),
        "badge": text("Badge", max_length=40),
    },
)
Pricing = struct_block(
    "AboutPricing",
    {
        **heading_fields(),
        "models": list_block(PricingModel(), "Pricing models"),
        "note": long_text("Note"),
        "cta": cta_block("AboutPricingCta", "Button"),
    },
)
PricingQuotation = struct_block(
    "AboutPricingQuotation",
    {
        "enabled": enabled_flag("Untick to hide the whole section."),
        "image_url": image_block(),
        "image_alt": text("Image description"),
        "author": text("Author"),
        "role": text("Author's role"),
        "quote": long_text("Quote"),
        "introduction": long_text("Introduction"),
        "investment_areas": strings_block("Investment areas"),
    },
)
CtaContact = struct_block(
    "AboutCtaContact",
    {
        "phone": text("Phone", max_length=40),
        "phone_label": text("Phone label"),
        "email": blocks.EmailBlock(required=False, label="Email"),
        "whatsapp": text("WhatsApp number", "Digits with country code.", max_length=40),
        "whatsapp_message": text("WhatsApp greeting", "Pre-filled message."),
    },
)
Cta = struct_block(
    "AboutCta",
    {
        **heading_fields(),
        "image_url": image_block(),
        "mobile_image_url": image_block("Mobile image"),
        "image_alt": text("Image description"),
        "object_position": position_block(),
        "primary_cta": cta_block("AboutCtaPrimary", "Primary button"),
        "secondary_cta": cta_block("AboutCtaSecondary", "Secondary button"),
        "contact": CtaContact(label="Contact details"),
        "reassurance": text("Reassurance line"),
    },
)
