"""A preview that still helps when the React frontend is not running: the headless
preview frames the frontend, which shows a browser error page when nothing listens there.
We probe the frontend first and, when it does not answer, render the draft's fields on the
server instead (the "Content summary" preview mode always does)."""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.shortcuts import render
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage

logger = logging.getLogger(__name__)

SUMMARY_MODE = "summary"
PROBE_TIMEOUT = 1.5  # seconds; a refused connection answers at once


def frontend_reachable() -> bool:
    try:
        requests.head(settings.FRONTEND_URL, timeout=PROBE_TIMEOUT, allow_redirects=False)
    except requests.RequestException:
        return False
    return True


def _field_names(panels) -> list[str]:
    names = []
    for panel in panels:
        if getattr(panel, "field_name", None):
            names.append(panel.field_name)
        names.extend(_field_names(getattr(panel, "children", ())))
    return names


def summary_rows(page) -> list[dict]:
    """(label, kind, value) for each field on the page's Content tab (a snippet's panels),
    in panel order."""
    rows = []
    panels = getattr(type(page), "content_panels", None) or getattr(type(page), "panels", [])
    for name in _field_names(panels):
        try:
            field = page._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        value = getattr(page, name, None)
        label = str(getattr(field, "verbose_name", name))
        row = {"label": label[:1].upper() + label[1:], "kind": "text", "value": value}
        if isinstance(field, StreamField):
            row["kind"] = "stream"
        elif isinstance(value, AbstractImage):
            row["kind"] = "image"
        elif name == "tags":
            row["value"] = ", ".join(tag.name for tag in page.tags.all())
        elif isinstance(field, models.BooleanField):
            row["value"] = "Yes" if value else "No"
        if row["value"] in (None, ""):
            row["kind"], row["value"] = "text", "—"
        rows.append(row)
    return rows


def render_summary(page, request, *, preview_url: str = ""):
    """The draft's fields as a plain page (or settings group); `preview_url` set means the
    frontend did not answer (the hint says so and links to where the real preview would be)."""
    return render(
        request,
        "cms/preview_summary.html",
        {
            "page": page,
            "title": getattr(page, "title", "") or str(page),
            "is_page": hasattr(page, "content_panels"),
            "rows": summary_rows(page),
            "frontend_down": bool(preview_url),
            "preview_url": preview_url,
            "frontend_url": settings.FRONTEND_URL,
        },
    )
