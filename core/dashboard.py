"""The admin dashboard's "needs attention" panels. Each app contributes its own (bookings,
enquiries, payments: see their wagtail_hooks.py), so the platform names no app. A panel
shows only what its reader may see, with a count, the few oldest items and a link to the
full list.

To add a panel: in the app's wagtail_hooks.py, register a function
`(request) -> AttentionPanel | None` under ATTENTION_PANEL_HOOK; return None when the user
may not see that kind of item. Panels show by their `order`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

ATTENTION_PANEL_HOOK = "register_attention_panel"

SHOWN = 5


@dataclass
class AttentionRow:
    title: str
    detail: str
    url: str


@dataclass
class AttentionPanel(Component):
    key: str
    heading: str
    total: int
    list_url: str
    empty_text: str
    rows: list[AttentionRow] = field(default_factory=list)
    order: int = 50  # before Wagtail's own panels (pages for moderation is 200)
    template_name = "wagtailadmin/home/attention_panel.html"

    @property
    def name(self):
        return f"attention_{self.key}"

    def get_context_data(self, parent_context):
        return {"panel": self}


def admin_url(name, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # a viewset renamed or not installed: show the panel anyway
        return ""


def attention_panels(request) -> list[AttentionPanel]:
    builders = hooks.get_hooks(ATTENTION_PANEL_HOOK)
    panels = [panel for build in builders if (panel := build(request)) is not None]
    return sorted(panels, key=lambda panel: panel.order)
