"""Legacy `Setting` key/value rows, `AboutSection`, `Industry` and `Solution` rows -> our
settings groups. The old values are the frontend's JSON (the same shapes our
/api/site/{slug} serves), so each key maps camelCase paths onto our fields; StreamField
lists go through the block's own validation. Whatever has no field here is reported."""

import re
import uuid

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks

from cms.models import (
    AboutSettings,
    BookingSettings,
    BrandingSettings,
    CareersContentSettings,
    ContactSettings,
    FooterSettings,
    HeroSettings,
    HomeContentSettings,
    IndustriesSettings,
    NavigationSettings,
    PricingSettings,
    TechPlatformsSettings,
    UiCopySettings,
)
from legacy.importers.media import legacy_image
from legacy.runner import SkipRow, TableImporter, save_published

# key -> (group, {field: "json.path"}, {stream field: ("json.path", block type | None)},
#         {image field: "json.path"}). A None block type: a dict of sections keyed by type.
SETTING_GROUPS = {
    "site_navigation": (
        NavigationSettings,
        {"cta_label": "cta.label", "cta_to": "cta.to"},
        {"mega_menus": ("megaMenus", "menu"), "simple_links": ("simpleLinks", "link")},
        {},
    ),
    "site_contact": (
        ContactSettings,
        {f: f for f in ("email", "phone", "whatsapp", "address", "city", "country")}
        | {"map_url": "mapUrl", "working_hours": "workingHours"},
        {"social": ("social", "link")},
        {},
    ),
    "site_footer": (
        FooterSettings,
        {"description": "description"},
        {"columns": ("columns", "column")},
        {},
    ),
    "site_branding": (
        BrandingSettings,
        {"site_name": "siteName", "tagline": "tagline"},
        {},
        {"logo": "logoUrl", "favicon": "faviconUrl"},
    ),
    "site_hero": (
        HeroSettings,
        {
            "eyebrow": "eyebrow",
            "headline": "headline",
            "headline_highlight": "headlineHighlight",
            "tagline": "tagline",
            "cta_primary_label": "ctaPrimary.label",
            "cta_primary_to": "ctaPrimary.to",
            "cta_secondary_label": "ctaSecondary.label",
            "cta_secondary_to": "ctaSecondary.to",
        },
        {"slides": ("slides", "slide")},
        {"background_image": "backgroundImage"},
    ),
    "site_booking": (
        BookingSettings,
        {
            "hero_badge": "hero.badge",
            "hero_title": "hero.title",
            "hero_highlight": "hero.highlight",
            "payment_step_title": "paymentStep.title",
            "payment_step_icon": "paymentStep.icon",
            "success_title": "success.title",
            "success_message": "success.message",
        },
        {"project_types": ("projectTypes", "type"), "steps": ("steps", "step")},
        {},
    ),
    "site_pricing": (
        PricingSettings,
        {
            "badge": "badge",
            "title": "title",
            "subtitle": "subtitle",
            "intro_title": "intro.title",
            "intro": "intro.description",
            "currency": "currency",
            "note": "note",
            "cta_title": "cta.title",
            "cta_subtitle": "cta.subtitle",
            "cta_label": "cta.primaryButton.label",
            "cta_to": "cta.primaryButton.url",
            "cta_secondary_label": "cta.secondaryButton.label",
            "cta_secondary_to": "cta.secondaryButton.url",
        },
        {
            "estimated_ranges": ("estimatedRanges", "range"),
            "pricing_factors": ("pricingFactors", "factor"),
            "engagement_models": ("engagementModels", "model"),
            "packages": ("packages", "package"),
            "process": ("process", "step"),
            "faq": ("faq", "faq"),
        },
        {},
    ),
    "site_ui": (UiCopySettings, {}, {"home": ("home", None), "pages": ("pages", None)}, {}),
    "site_industries": (
        IndustriesSettings,
        {
            "badge": "badge",
            "title": "title",
            "title_highlight": "titleHighlight",
            "subtitle": "subtitle",
        },
        {"industries": ("industries", "industry")},
        {},
    ),
    "site_tech_platforms": (
        TechPlatformsSettings,
        {"badge": "badge", "title": "title", "subtitle": "subtitle"},
        {"groups": ("groups", "group")},
        {},
    ),
    "site_about": (AboutSettings, {}, {"sections": ("", None)}, {}),
    "site_home_content": (HomeContentSettings, {}, {"solutions": ("solutions", "solution")}, {}),
    "careers_content": (
        CareersContentSettings,
        {},
        {"culture_values": ("cultureValues", "value"), "benefits": ("benefits", "benefit")},
        {},
    ),
}
# Keys the old site used that have no settings group here (their pages are built from
# pages and snippets instead): reported as skipped with this reason.
NO_GROUP = {
    "site_success_stories": "success stories come from projects and testimonials here",
    "site_products_page": "the products page copy is the Products index page here",
    "site_services_page": "the services page copy is the Services index page here",
}


def snake(data):
    if isinstance(data, dict):
        return {re.sub(r"(?<!^)(?=[A-Z])", "_", k).lower(): snake(v) for k, v in data.items()}
    if isinstance(data, list):
        return [snake(v) for v in data]
    return data


def dig(data, path: str):
    for part in path.split(".") if path else []:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _unknown_keys(block, value) -> set[str]:
    if isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        return set(value) - set(block.child_blocks) - {"id"}
    return set()


def stream_data(stream_block, kind, value) -> tuple[list, set[str]]:
    """Frontend JSON -> raw stream data, and the keys our blocks have no place for."""
    unknown: set[str] = set()
    if kind is None:  # {sectionType: value}
        items = [(key, v, None) for key, v in (value or {}).items()]
    else:
        items = [(kind, v, v.get("id") if isinstance(v, dict) else None) for v in value or []]
    data = []
    for kind_, raw, legacy_id in items:
        child = stream_block.child_blocks.get(kind_)
        if child is None:
            unknown.add(kind_)
            continue
        converted = snake(raw)
        if isinstance(converted, dict):
            if "key" in getattr(child, "child_blocks", {}) and "key" not in converted:
                converted["key"] = converted.get("id")  # careers items: the id is the key
            unknown |= _unknown_keys(child, converted)
            converted.pop("id", None)
        data.append({"type": kind_, "value": converted, "id": str(legacy_id or uuid.uuid4())})
    return data, unknown


def set_stream(obj, field: str, data: list) -> None:
    """Validate stream data with the block itself, then store it (ValidationError when
    the old data does not fit; the caller reports it)."""
    stream_block = obj._meta.get_field(field).stream_block
    stream_block.clean(stream_block.to_python(data))
    setattr(obj, field, data)


class SettingImporter(TableImporter):
    table = "Setting"
    columns = ["key", "value"]
    order_by = "key"

    def fetch(self):
        rows = super().fetch()
        for row in rows:
            row["id"] = row["key"]  # the key is the primary key
        return rows

    def apply(self, row, existing):
        key = row["key"]
        if key in NO_GROUP:
            raise SkipRow(f"no settings group here: {NO_GROUP[key]}")
        if key not in SETTING_GROUPS:
            raise SkipRow("unmapped key: no settings group here")
        value = row["value"]
        if not isinstance(value, dict):
            raise SkipRow(f"value is {type(value).__name__}, not an object")
        model, fields, streams, images = SETTING_GROUPS[key]
        obj = model.load()
        used, problems = set(), []
        for field, path in fields.items():
            found = dig(value, path)
            if found is None:
                continue
            used.add(path.split(".")[0])
            text = str(found)
            limit = model._meta.get_field(field).max_length
            setattr(obj, field, text[:limit] if limit else text)
        for field, path in images.items():
            if dig(value, path):
                used.add(path)
                image = legacy_image(self.ctx, dig(value, path), title=field, where=key)
                setattr(obj, field, image or getattr(obj, field))
        for field, (path, kind) in streams.items():
            found = value if path == "" else dig(value, path)
            if found is None:
                continue
            used |= set(value) if path == "" else {path}
            if not isinstance(found, dict if kind is None else list):
                problems.append(f"{path or 'sections'} not carried (unexpected shape)")
                continue
            data, unknown = stream_data(obj._meta.get_field(field).stream_block, kind, found)
            try:
                set_stream(obj, field, data)
            except ValidationError as exc:
                problems.append(f"{path or 'sections'} not carried ({_short(exc)})")
            if unknown:
                problems.append(f"{path or 'sections'}: no place for {', '.join(sorted(unknown))}")
        left = sorted(set(value) - used)
        if left:
            problems.append(f"keys not carried: {', '.join(left)}")
        for problem in problems:
            self.ctx.report.note(f"Setting {key}: {problem}")
        obj.full_clean()
        save_published(obj)
        return obj


def _short(exc: ValidationError) -> str:
    return "; ".join(str(m) for m in exc.messages)[:200]


class StreamRowImporter(TableImporter):
    """Rows that become one item of a settings group's stream, identified by the legacy
    id as the block id so a re-run replaces the item instead of adding another."""

    field = ""
    kind = ""
    match_on = ""  # an item with the same value here is the same thing (replaced)
    one_per_type = False  # blocks allowed once: the legacy one replaces ours

    def item(self, row) -> dict:
        raise NotImplementedError

    def apply(self, row, existing):
        obj = self.model.load()
        value = self.item(row)
        stream = [dict(item) for item in getattr(obj, self.field).raw_data]
        same = [
            i
            for i, item in enumerate(stream)
            if item.get("id") == str(row["id"])
            or (self.one_per_type and item["type"] == self.kind)
            or (
                item["type"] == self.kind
                and self.match_on
                and isinstance(item["value"], dict)
                and item["value"].get(self.match_on) == value.get(self.match_on)
            )
        ]
        new = {"type": self.kind, "value": value, "id": str(row["id"])}
        if same:
            stream[same[0]] = new
            stream = [item for i, item in enumerate(stream) if i not in same[1:]]
        else:
            stream.append(new)
        set_stream(obj, self.field, stream)
        save_published(obj)
        return obj


class AboutSectionImporter(StreamRowImporter):
    table = "AboutSection"
    columns = ["id", "key", "title", "enabled", "sortOrder", "content"]
    order_by = "sortOrder"
    model = AboutSettings
    field = "sections"
    one_per_type = True

    def apply(self, row, existing):
        if row["enabled"] is False:
            raise SkipRow("disabled in the old site (the About page here has no hidden sections)")
        if row["key"] not in self.model._meta.get_field(self.field).stream_block.child_blocks:
            raise SkipRow(f"section key {row['key']!r} has no block here")
        self.kind = row["key"]
        return super().apply(row, existing)

    def item(self, row):
        content = snake(row["content"]) if row["content"] is not None else {}
        block = self.model._meta.get_field(self.field).stream_block.child_blocks[row["key"]]
        unknown = _unknown_keys(block, content)
        if unknown:
            missing = ", ".join(sorted(unknown))
            self.ctx.report.note(f"AboutSection {row['id']} ({row['key']}): no place for {missing}")
        return content


class IndustryImporter(StreamRowImporter):
    table = "Industry"
    columns = ["id", "name", "slug", "description", "icon", "sortOrder", "active"]
    order_by = "sortOrder"
    model = IndustriesSettings
    field = "industries"
    kind = "industry"
    match_on = "slug"

    def apply(self, row, existing):
        if row["active"] is False:
            raise SkipRow("inactive in the old site")
        return super().apply(row, existing)

    def item(self, row):
        block = self.model._meta.get_field(self.field).stream_block.child_blocks[self.kind]
        icons = {value for value, _ in block.child_blocks["icon"].field.choices}
        icon = row["icon"] or ""
        if icon and icon not in icons:
            self.ctx.report.note(f"Industry {row['id']}: icon {icon!r} unknown, dropped")
            icon = ""
        return {
            "slug": slugify(row["slug"] or row["name"] or ""),
            "name": (row["name"] or "")[:120],
            "icon": icon,
            "description": row["description"] or "",
            "image": None,
            "services": [],
            "capabilities": [],
        }


class SolutionImporter(StreamRowImporter):
    table = "Solution"
    columns = ["id", "name", "slug", "description", "icon", "sortOrder", "active"]
    order_by = "sortOrder"
    model = HomeContentSettings
    field = "solutions"
    kind = "solution"
    match_on = "slug"

    def apply(self, row, existing):
        if row["active"] is False:
            raise SkipRow("inactive in the old site")
        if row["icon"]:
            self.ctx.report.note(f"Solution {row['id']}: icon {row['icon']!r} not carried")
        return super().apply(row, existing)

    def item(self, row):
        name = (row["name"] or "")[:120]
        return {
            "slug": slugify(row["slug"] or name),
            "name": name,
            "headline": name[:160],
            "description": row["description"] or name,
            "features": [],
        }
