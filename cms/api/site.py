"""Site settings groups → the JSON of /api/site/{slug} (the frontend's API contract)."""

from cms.api.resolver import Resolver, camel, raw
from cms.links import safe_link


def _values(r: Resolver, stream_value) -> list:
    return r.stream_values(stream_value)


def _link(label, to):
    return {"label": label, "to": safe_link(to)}


def navigation(obj, r):
    return {
        "megaMenus": _values(r, obj.mega_menus),
        "simpleLinks": _values(r, obj.simple_links),
        "cta": _link(obj.cta_label, obj.cta_to),
    }


def contact(obj, r):
    return {
        "email": obj.email,
        "phone": obj.phone,
        "whatsapp": obj.whatsapp,
        "address": obj.address,
        "city": obj.city,
        "country": obj.country,
        "mapUrl": safe_link(obj.map_url),
        "workingHours": obj.working_hours,
        "social": {item["network"]: item["url"] for item in _values(r, obj.social)},
    }


def footer(obj, r):
    return {"description": obj.description, "columns": _values(r, obj.columns)}


def branding(obj, r):
    return {
        "siteName": obj.site_name,
        "tagline": obj.tagline,
        "logoUrl": r.image_url(obj.logo_id, "logo"),
        "faviconUrl": r.image_url(obj.favicon_id, "icon"),
    }


def hero(obj, r):
    slides = []
    for item in r.stream(obj.slides.stream_block, raw(obj.slides)):
        value = item["value"]
        image = value.pop("image")
        slides.append(
            {
                "id": item["id"],
                "title": value["title"],
                "highlight": value["highlight"],
                "description": value["description"],
                "imageUrl": r.image_url(image.key, "wide") if image else None,
                "videoUrl": value["videoUrl"],
                "ctaLabel": value["ctaLabel"],
                "ctaUrl": value["ctaUrl"],
                "badge": value["badge"],
            }
        )
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
    return {
        "hero": {"title": obj.hero_title, "subtitle": obj.hero_subtitle},
        "labels": {item["key"]: item["text"] for item in _values(r, obj.labels)},
        "projectTypes": _values(r, obj.project_types),
        "steps": _values(r, obj.steps),
        "paymentStep": {
            "title": obj.payment_step_title,
            "description": obj.payment_step_description,
        },
        "success": {"title": obj.success_title, "message": obj.success_message},
    }


def pricing(obj, r):
    return {
        "title": obj.title,
        "subtitle": obj.subtitle,
        "intro": obj.intro,
        "currency": obj.currency,
        "packages": _values(r, obj.packages),
        "process": _values(r, obj.process),
        "faq": _values(r, obj.faq),
        "cta": _link(obj.cta_label, obj.cta_to),
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
    for item in r.stream(obj.industries.stream_block, raw(obj.industries)):
        value = item["value"]
        image = value.pop("image")
        items.append(
            {
                "id": item["id"],
                **value,
                "imageUrl": r.image_url(image.key, "card") if image else None,
            }
        )
    return {
        "badge": obj.badge,
        "title": obj.title,
        "titleHighlight": obj.title_highlight,
        "subtitle": obj.subtitle,
        "industries": items,
    }


def tech_platforms(obj, r):
    return {
        "groups": [
            {"id": item["id"], **item["value"]}
            for item in r.stream(obj.groups.stream_block, raw(obj.groups))
        ]
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


def about_sections(obj, r):
    out = []
    for order, item in enumerate(r.stream(obj.sections.stream_block, raw(obj.sections))):
        content = dict(item["value"])
        enabled = content.pop("enabled", True)
        out.append(
            {
                "id": item["id"],
                "key": item["type"],
                "enabled": bool(enabled),
                "sortOrder": order,
                "content": content,
            }
        )
    return out


__all__ = ["SERIALIZERS", "about_sections", "camel"]
