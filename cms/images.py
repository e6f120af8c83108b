"""The allow-list of image sizes the API serves. Callers name a size; they never choose a
filter, so the set of renditions (and the work to make them) stays bounded."""

from django.conf import settings

IMAGE_SIZES: dict[str, str] = {
    "thumb": "fill-480x320",
    "card": "fill-800x533",
    "wide": "width-1600",
    "square": "fill-600x600",
    "avatar": "fill-256x256",
    "logo": "max-600x200",
    "icon": "fill-64x64|format-png",
    "original": "max-2000x2000",
}


def spec_for(size: str) -> str:
    return IMAGE_SIZES[size]


def absolute_url(url: str) -> str:
    """Renditions on local storage have site-relative URLs; the frontend needs absolute."""
    if url.startswith("/"):
        return settings.BACKEND_URL + url
    return url
