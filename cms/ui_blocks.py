"""The UI copy blocks (cms.models.settings.UiCopySettings): each section a struct with the
exact keys the frontend reads, for the home page and the other pages."""

from wagtail import blocks

from cms.links import LinkTargetBlock

# Field names that would read as jargon once turned into labels.
COPY_LABELS = {"cta": "Button text", "cta_label": "Button text"}


def _copy(*names, **extra):
    fields = {
        # *_link names are hrefs: the link rule applies (same stored definition).
        name: (LinkTargetBlock if name.endswith("_link") else blocks.CharBlock)(
            required=False,
            max_length=255,
            label=COPY_LABELS.get(name, name.replace("_", " ").capitalize()),
        )
        for name in names
    }
    fields.update(extra)
    return fields


def _section(name, *fields, **extra):
    return type(name, (blocks.StructBlock,), _copy(*fields, **extra))


StatBlock = _section("StatBlock", "label", "value")
ProjectsStatsCopy = _section(
    "ProjectsStatsCopy", "total_label", "categories_label", "featured_label"
)
ProjectsCtaCopy = _section(
    "ProjectsCtaCopy",
    "title",
    "subtitle",
    "primary_label",
    "primary_link",
    "secondary_label",
    "secondary_link",
)
TestimonialsStatsCopy = _section(
    "TestimonialsStatsCopy", "clients_label", "rating_label", "satisfaction_label"
)

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
        "empty_message",
        stats=ProjectsStatsCopy(label="Statistics labels"),
        cta=ProjectsCtaCopy(label="Call to action at the bottom"),
    ),
    "staff": _section(
        "PageStaffCopy", "badge", "title", "subtitle", stats=blocks.ListBlock(StatBlock())
    ),
    "testimonials": _section(
        "PageTestimonialsCopy",
        "badge",
        "title",
        "subtitle",
        stats=TestimonialsStatsCopy(label="Statistics labels"),
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
