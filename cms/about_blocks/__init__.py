"""The About page: one block per key of the frontend contract §4.7, each with the content
shape the frontend deep-merges over its defaults. Child names are snake_case; the API
camel-cases them. List items get their `id` and `sortOrder` from their position
(cms.api.about), so editors only drag to reorder."""

from wagtail import blocks

from cms.about_blocks import offer, story
from cms.about_blocks.parts import heading_block, list_block

# key → (block, label). Order is the page's order in the frontend.
ABOUT_KEYS = {
    "heroSlides": (list_block(story.HeroSlide(), "Hero slides"), "Hero slides"),
    "intro": (story.Intro(), "Introduction"),
    "numbersHeading": (heading_block("AboutNumbersHeading")(), "In numbers: heading"),
    "numberStories": (list_block(story.NumberStory(), "Number stories"), "In numbers: stories"),
    "geography": (story.Geography(), "Geography"),
    "sustainability": (story.Sustainability(), "Sustainability"),
    "collaboration": (story.Collaboration(), "Collaboration"),
    "timelineHeading": (heading_block("AboutTimelineHeading")(), "Timeline: heading"),
    "timeline": (list_block(story.TimelineEntry(), "Timeline"), "Timeline: entries"),
    "industriesHeading": (heading_block("AboutIndustriesHeading")(), "Industries: heading"),
    "industries": (list_block(story.IndustryCard(), "Industries"), "Industries: cards"),
    "clientsHeading": (story.ClientsHeading(), "Clients: heading"),
    "clients": (list_block(story.Client(), "Clients"), "Clients: logos"),
    "clientStats": (story.ClientStats(), "Clients: figures"),
    "clientHighlights": (
        list_block(story.ClientHighlight(), "Client highlights"),
        "Clients: highlights",
    ),
    "testimonialsHeading": (story.TestimonialsHeading(), "Testimonials: heading"),
    "serviceMap": (offer.ServiceMap(), "Service map"),
    "transparency": (offer.Transparency(), "Transparency"),
    "partnerships": (offer.Partnerships(), "Partnerships"),
    "solutionTypes": (offer.SolutionTypes(), "Solution types"),
    "technologies": (offer.Technologies(), "Technologies"),
    "specializedCapabilities": (offer.SpecializedCapabilities(), "Specialised capabilities"),
    "whyGuarantee": (offer.WhyGuarantee(), "Why AngiSoft"),
    "pricing": (offer.Pricing(), "Pricing"),
    "pricingQuotation": (offer.PricingQuotation(), "Pricing quotation"),
    "cta": (offer.Cta(), "Final call to action"),
}


class AboutSectionsBlock(blocks.StreamBlock):
    class Meta:
        block_counts = {key: {"max_num": 1} for key in ABOUT_KEYS}


for _key, (_block, _label) in ABOUT_KEYS.items():
    AboutSectionsBlock.base_blocks[_key] = _block
    _block.set_name(_key)  # names the block, and would label it "Cta": label after
    _block.label = _label
