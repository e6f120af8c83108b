"""Rules that keep editors from saving content the React frontend cannot render
(the frontend contract). Each raises a ValidationError with a sentence an editor can act on;
the blocks and models call them, and the unit tests call them directly."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

# The home hero's autoplay timer assumes 4 slides whenever it has any (§4.1).
MIN_HERO_SLIDES = 4
# Step 3 holds the deposit box, so 3 steps mean "no deposit" and 4 offer it (§5.1).
BOOKING_STEPS = (3, 4)
# /technology/<slug> renders a group whose slug matches as a plain list and crashes (§4.11).
TECHNOLOGY_SLUGS = frozenset(
    ["flutter", "kotlin", "react", "python", "tailwind-css", "html-css", "bash-shell"]
)
_WHATSAPP = re.compile(r"^\+?[0-9 ]{7,20}$")


def check_hero_slide_count(count: int) -> None:
    if 0 < count < MIN_HERO_SLIDES:
        raise ValidationError(
            f"Add at least {MIN_HERO_SLIDES} slides, or remove them all to show the built-in "
            f"ones: the home page slider breaks with 1 to 3 slides (you have {count}).",
            code="hero_slide_count",
        )


def check_booking_step_count(count: int) -> None:
    low, high = BOOKING_STEPS
    if not low <= count <= high:
        raise ValidationError(
            f"The booking form needs {low} or {high} steps (you have {count}): "
            f"{low} for no deposit at booking, {high} to offer the deposit on step 3.",
            code="booking_step_count",
        )


def frontend_slug(name: str) -> str:
    """How the frontend matches a group to /technology/<slug> (CategoryDetail.jsx)."""
    return re.sub(r"[^a-z0-9]+", "-", (name or "").lower())


def check_tech_group_name(name: str) -> None:
    slug = frontend_slug(name)
    if slug in TECHNOLOGY_SLUGS or slug.strip("-") in TECHNOLOGY_SLUGS:
        raise ValidationError(
            f"“{name}” is the name of a technology page on the site (/technology/"
            f"{slug.strip('-')}); name the group after a category instead, e.g. "
            "“Mobile” or “Frontend”.",
            code="tech_group_name",
        )


def check_embeddable_url(url: str) -> None:
    if url and urlsplit(url).scheme not in ("http", "https"):
        raise ValidationError(
            "Use an http:// or https:// address (the map is shown in an embedded frame).",
            code="embeddable_url",
        )


def check_whatsapp_number(number: str) -> None:
    if number and not _WHATSAPP.match(number):
        raise ValidationError(
            "Enter the WhatsApp number in digits, with the country code, e.g. +254710398690.",
            code="whatsapp_number",
        )
