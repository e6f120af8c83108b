"""GET /uploads/public/images/<path>: the brand asset files the frontend loads from fixed
paths (FRONTEND.md §11), streamed from the Wagtail image or document an editor chose.

A raster image whose stored format differs from the path's extension is served as a
rendition converted to that format, so the Content-Type always matches the URL. Responses
carry an ETag from the file's hash (If-None-Match answers 304) and a public Cache-Control;
SVGs are sandboxed so a script inside one can never run on this origin."""

import hashlib

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseNotModified
from wagtail.images.models import Filter

from cms.assets import FORMATS, extension
from cms.models import BrandAsset
from cms.richtext import create_rendition
from core.exceptions import json_error_response

SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
_FORMAT_OF_EXTENSION = {"jpg": "jpeg", "jpeg": "jpeg", "png": "png", "webp": "webp"}


def _not_found():
    return json_error_response(404, "There is no image at this address.", "not_found")


def _source(asset: BrandAsset):
    """(file, content hash) to serve for `asset`, or None when nothing usable is chosen."""
    ext = extension(asset.path)
    if ext == "svg":
        document = asset.document
        if document is None or not document.file.name.lower().endswith(".svg"):
            return None
        return document.file, document.file_hash or document.file.name
    image = asset.image
    if image is None:
        return None
    wanted = _FORMAT_OF_EXTENSION[ext]
    stored = _FORMAT_OF_EXTENSION.get(extension(image.file.name))
    if stored == wanted:
        return image.file, image.file_hash or image.file.name
    # Another format was uploaded: serve (and keep) a converted copy.
    flt = Filter(f"original|format-{wanted}")
    existing = image.find_existing_renditions(flt)
    rendition = existing[flt] if existing else create_rendition(image, flt)
    return rendition.file, f"{image.file_hash or image.file.name}:{wanted}"


def brand_asset(request, path):
    if request.method not in ("GET", "HEAD"):
        response = json_error_response(
            405, "This method is not allowed here.", "method_not_allowed"
        )
        response["Allow"] = "GET, HEAD"
        return response
    asset = (
        BrandAsset.objects.select_related("image", "document").filter(path=path).first()
        if len(path) <= 255
        else None
    )
    source = _source(asset) if asset is not None else None
    if source is None:
        return _not_found()
    file, identity = source
    etag = '"' + hashlib.sha1(identity.encode(), usedforsecurity=False).hexdigest() + '"'
    headers = {
        "ETag": etag,
        "Cache-Control": f"public, max-age={settings.CMS_ASSET_MAX_AGE}",
        "X-Content-Type-Options": "nosniff",
    }
    content_type = FORMATS[extension(path)][0]
    if content_type == "image/svg+xml":
        headers["Content-Security-Policy"] = SVG_CSP
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    elif request.method == "HEAD":
        response = HttpResponse(content_type=content_type)
        response["Content-Length"] = str(file.size)
    else:
        try:
            handle = file.open("rb")
        except (FileNotFoundError, OSError):
            return _not_found()  # the stored file is gone (e.g. deleted from the bucket)
        response = FileResponse(handle, content_type=content_type)
    for name, value in headers.items():
        response[name] = value
    return response
