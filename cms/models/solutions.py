"""Solution pages (/solution/<slug>): their copy lives in one settings group, read by the
frontend from /api/site/home-content."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from cms.fields import StreamField


class SolutionBlock(blocks.StructBlock):
    slug = blocks.RegexBlock(
        regex=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        max_length=80,
        error_messages={"invalid": "Use lower-case letters, digits and hyphens, e.g. pos-systems."},
        help_text="The page is /solution/<slug>, e.g. pos-systems.",
    )
    name = blocks.CharBlock(max_length=120, help_text="e.g. POS Systems")
    headline = blocks.CharBlock(
        max_length=160, help_text="The page title; its last word is highlighted."
    )
    description = blocks.TextBlock()
    features = blocks.ListBlock(
        blocks.CharBlock(max_length=160, label="Feature"), help_text="Short lines, shown as a grid."
    )

    class Meta:
        icon = "pick"


@register_setting(icon="pick")
class HomeContentSettings(BaseGenericSetting):
    api_slug = "home-content"
    solutions = StreamField(
        [("solution", SolutionBlock())],
        blank=True,
        help_text="Each becomes a page at /solution/<slug>.",
    )

    panels = [FieldPanel("solutions")]

    class Meta:
        verbose_name = "solution pages"

    def clean(self):
        super().clean()
        slugs = [child.value["slug"] for child in self.solutions]
        repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if repeated:
            raise ValidationError(
                {"solutions": f"Each slug may be used once; repeated: {', '.join(repeated)}."}
            )
