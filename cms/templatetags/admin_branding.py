"""`{% admin_branding as brand %}`: the site name and logo editors set in the CMS
branding settings, for the admin's login page, sidebar and dashboard. It lives with the
branding settings it reads, so the platform app (core) names no cms model."""

import logging

from django import template
from django.conf import settings

register = template.Library()
logger = logging.getLogger(__name__)


def branding(request=None) -> dict:
    from cms.models import BrandingSettings

    cached = getattr(request, "_admin_branding", None)
    if cached is not None:
        return cached
    brand = {"name": settings.WAGTAIL_SITE_NAME, "logo_url": "", "favicon_url": ""}
    try:
        values = BrandingSettings.load(request_or_site=request)
        brand["name"] = values.site_name or brand["name"]
        if values.logo_id:
            brand["logo_url"] = values.logo.get_rendition("max-400x120").url
        if values.favicon_id:
            brand["favicon_url"] = values.favicon.get_rendition("fill-64x64|format-png").url
    except Exception:  # a missing image file must not lock editors out of the admin
        logger.warning("admin branding unavailable", exc_info=True)
    if request is not None:
        request._admin_branding = brand
    return brand


@register.simple_tag(takes_context=True)
def admin_branding(context):
    return branding(context.get("request"))
