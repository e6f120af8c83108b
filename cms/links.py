"""The one rule for link targets editors type: http(s), mailto, tel or a site path.

Anything else (javascript:, data:, vbscript:, protocol-relative //host) would become an
href in the frontend. Editors get `validate_link` (a clear message); serialisers call
`safe_link` again, so rows saved before the rule are neutralised (an empty target)."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from wagtail import blocks

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
MESSAGE = (
    "Use a web address (https://…), a mailto: or tel: link, or a site path starting "
    "with / (for example /services)."
)
# Removed before judging a target (browsers drop tabs and newlines anywhere; the rest
# cannot appear in a real link target).
_IGNORED = re.compile(r"[\x00-\x20\x7f]")


def is_safe_link(value) -> bool:
    if not isinstance(value, str) or value != value.strip():
        return False
    if not value:
        return True
    # Judge what a browser parses: it drops tabs and newlines anywhere, so "java\tscript:"
    # is javascript: and "/\t/evil.test" is protocol-relative.
    parsed = _IGNORED.sub("", value)
    if "\\" in parsed.split("?", 1)[0].split("#", 1)[0]:
        return False  # browsers read "/\host" and "\\host" as another host
    if parsed.startswith("/"):
        return not parsed.startswith("//")
    try:
        parts = urlsplit(parsed)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return False
    if scheme in ("http", "https"):
        return bool(parts.netloc) and parsed.lower().startswith(f"{scheme}://")
    return bool(parts.path)


def safe_link(value) -> str:
    """The target if it is safe, else "" (a link to nowhere rather than a script)."""
    if value is None:
        return ""
    return value if is_safe_link(value) else ""


def validate_link(value) -> None:
    if not is_safe_link(value):
        raise ValidationError(MESSAGE, code="unsafe_link")


class LinkTargetBlock(blocks.CharBlock):
    """A CharBlock for an href: validated in the editor, sanitised by the API resolver."""

    def __init__(self, *args, validators=(), **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, validators=[*validators, validate_link], **kwargs)

    def deconstruct(self):
        # Stored and migrated as a plain CharBlock with the caller's own arguments (Wagtail
        # records those): the link rule is code, not schema.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.CharBlock", args, kwargs


class LinkTargetField(models.CharField):
    """A CharField for an href, validated the same way (no schema change)."""

    default_validators = [validate_link]

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


_WEB_ONLY = [URLValidator(schemes=["http", "https"]), validate_link]


class SafeURLBlock(blocks.URLBlock):
    """A URLBlock limited to http(s) (Django's default also takes ftp)."""

    def __init__(self, *args, validators=(), **kwargs):
        super().__init__(*args, validators=[*validators, *_WEB_ONLY], **kwargs)

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.URLBlock", args, kwargs


class SafeURLField(models.URLField):
    default_validators = _WEB_ONLY

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs
