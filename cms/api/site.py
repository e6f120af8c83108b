"""Site settings groups → the JSON of /api/site/{slug}, in the shapes the React frontend
reads (the frontend contract, FRONTEND.md §3-§5). Empty values are left out (`prune`): the
frontend's defaults only apply to missing keys, and a null would crash or blank a section."""

from decimal import Decimal

from cms.api.resolver import Later, Resolver, camel, raw
from cms.links import safe_link

_EMPTY = (None, "")


def prune(data):
    """Drop None and "" values from dicts, recursively (lists keep their length)."""
    if isinstance(data, dict):
        return {k: prune(v) for k, v in data.items() if v not in _EMPTY}
    if isinstance(data, list):
        return [prune(v) for v in data]
    return data


def number(value):
    """A stored decimal (string) → a JSON number: an int when whole."""
    if value in _EMPTY:
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def _values(r: Resolver, stream_value) -> list:
    return r.stream_values(stream_value)


def _items(r: Resolver, stream_value) -> list:
    """[{id, **value}] of a single-type stream."""
    return [
        {"id": item["id"], **item["value"]}
        for item in r.stream(stream_value.stream_block, raw(stream_value))
    ]


def _link(label, to):
    return {"label": label, "to": safe_link(to)}


def navigation(obj, r):
    return {
        "megaMenus": _values(r, obj.mega_menus),
        "simpleLinks": _values(r, obj.simple_links),
        "cta": _link(obj.cta_label, obj.cta_to) if obj.cta_label else None,
    }


def contact(obj, r):
    # The contact page reads `address` as a string (§9.1); the footer's object form loses.
    return {
        "email": obj.email,
        "phone": obj.phone,
        "whatsapp": obj.whatsapp,
        "address": obj.address,
        "city": obj.city,
        "country": obj.country,
        "mapUrl": safe_link(obj.map_url),
        "workingHours": obj.working_hours,
        "social": _values(r, obj.social),
    }


def footer(obj, r):
    return {"description": obj.description, "columns": _values(r, obj.columns) or None}


def branding(obj, r):
    return {
        "siteName": obj.site_name,
        "tagline": obj.tagline,
        "logoUrl": r.image_url(obj.logo_id, "logo"),
        "faviconUrl": r.image_url(obj.favicon_id, "icon"),
    }


def hero(obj, r):
    slides = []
    for item in _items(r, obj.slides):
        item["imageUrl"] = item.pop("image")
        slides.append(item)
    return {
        "eyebrow": obj.eyebrow,
        "headline": obj.headline,
        "headlineHighlight": obj.headline_highlight,
        "tagline": obj.tagline,
        "backgroundImage": r.image_url(obj.background_image_id, "wide"),
        "ctaPrimary": _link(obj.cta_primary_label, obj.cta_primary_to),
        "ctaSecondary": _link(obj.cta_secondary_label, obj.cta_secondary_to),
        "slides": slides,
    }


def booking(obj, r):
    # Progress compares `step >= id`, so ids are the 1-based positions (§5.1).
    steps = [{"id": i, **value} for i, value in enumerate(_values(r, obj.steps), start=1)]
    payment = None
    if obj.payment_step_title:
        payment = {
            "id": len(steps) + 1,
            "title": obj.payment_step_title,
            "icon": obj.payment_step_icon,
        }
    return {
        "hero": {"badge": obj.hero_badge, "title": obj.hero_title, "highlight": obj.hero_highlight},
        "projectTypes": _values(r, obj.project_types),
        "steps": steps,
        "paymentStep": payment,
        "success": {"title": obj.success_title, "message": obj.success_message},
    }


def pricing(obj, r):
    ranges = []
    for value in _values(r, obj.estimated_ranges):
        ranges.append({**value, "startingFrom": number(value["startingFrom"])})
    packages = []
    for package in _values(r, obj.packages):
        items = [
            {**item, "priceFrom": number(item["priceFrom"]), "currency": item["currency"] or "KES"}
            for item in package["items"]
        ]
        packages.append({**package, "items": items})
    return {
        "badge": obj.badge,
        "title": obj.title,
        "subtitle": obj.subtitle,
        "intro": {"title": obj.intro_title, "description": obj.intro} if obj.intro else None,
        "currency": obj.currency,
        "estimatedRanges": ranges,
        "pricingFactors": _values(r, obj.pricing_factors),
        "engagementModels": _values(r, obj.engagement_models),
        "packages": packages,
        "process": _values(r, obj.process),
        "faq": _values(r, obj.faq),
        "note": obj.note,
        "cta": {
            "title": obj.cta_title,
            "subtitle": obj.cta_subtitle,
            "primaryButton": (
                {"label": obj.cta_label, "url": safe_link(obj.cta_to)} if obj.cta_label else None
            ),
            "secondaryButton": (
                {"label": obj.cta_secondary_label, "url": safe_link(obj.cta_secondary_to)}
                if obj.cta_secondary_label
                else None
            ),
        },
    }


def ui(obj, r):
    def sections(stream_value):
        return {
            item["type"]: item["value"]
            for item in r.stream(stream_value.stream_block, raw(stream_value))
        }

    return {"home": sections(obj.home), "pages": sections(obj.pages)}


def industries(obj, r):
    items = []
    for item in _items(r, obj.industries):
        item["imageUrl"] = item.pop("image")
        if not item["services"]:
            del item["services"]  # an empty list would hide the capabilities (§4.1)
        items.append(item)
    return {
        "badge": obj.badge,
        "title": obj.title,
        "titleHighlight": obj.title_highlight,
        "subtitle": obj.subtitle,
        "industries": items,
    }


def tech_platforms(obj, r):
    return {
        "badge": obj.badge,
        "title": obj.title,
        "subtitle": obj.subtitle,
        "groups": _items(r, obj.groups),
    }


SERIALIZERS = {
    "navigation": navigation,
    "contact": contact,
    "footer": footer,
    "branding": branding,
    "hero": hero,
    "booking": booking,
    "pricing": pricing,
    "ui": ui,
    "industries": industries,
    "tech-platforms": tech_platforms,
}


def _numbered(key, content):
    """List items get `id` (key-n) and `sortOrder` (n) from their position."""
    if not isinstance(content, list):
        return content
    return [
        {"id": f"{key}-{n}", **item, "sortOrder": n} if isinstance(item, dict) else item
        for n, item in enumerate(content, start=1)
    ]


def _number_nested(content):
    """Nested lists of objects (regions, models, services…) get position ids too."""
    if isinstance(content, dict):
        return {
            k: (
                [
                    {"id": f"{k}-{n}", **_number_nested(v)} if isinstance(v, dict) else v
                    for n, v in enumerate(value, start=1)
                ]
                if isinstance(value, list)
                else _number_nested(value)
            )
            for k, value in content.items()
        }
    return content


def about_sections(obj, r):
    out = []
    for order, item in enumerate(r.stream(obj.sections.stream_block, raw(obj.sections)), 1):
        key = item["type"]
        content = item["value"]
        if isinstance(content, list):
            content = _numbered(key, [_number_nested(v) for v in content])
        else:
            content = _number_nested(content)
        # `enabled` stays inside content: a row with enabled:false is ignored by the page,
        # which then shows its built-in copy; content.enabled:false hides the section.
        out.append(
            {"id": item["id"], "key": key, "enabled": True, "sortOrder": order, "content": content}
        )
    return out


__all__ = ["SERIALIZERS", "Later", "about_sections", "camel", "number", "prune"]
