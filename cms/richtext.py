"""Rich text for a headless site: internal page links point at the React frontend, document
links and images are absolute, and every lookup is one bulk query per response."""

import os
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.utils.html import escape
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Page
from wagtail.rich_text import EmbedHandler, LinkHandler

from cms.images import absolute_url, spec_for
from core.request import parse_id

# Rich text image formats (the editor's choice) mapped to allow-listed sizes.
RICH_TEXT_IMAGE_SIZES = {"fullwidth": "wide", "left": "card", "right": "card"}


def frontend_url_for(content_type_id: int, slug: str) -> str:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is not None and hasattr(model, "frontend_path"):
        if hasattr(model, "index_path"):
            return settings.FRONTEND_URL + model.index_path
        if model.__name__ == "HomePage":
            return settings.FRONTEND_URL + "/"
        return settings.FRONTEND_URL + model.frontend_path_for(slug)
    return settings.FRONTEND_URL + "/" + slug


class FrontendPageLinkHandler(LinkHandler):
    identifier = "page"

    @staticmethod
    def get_model():
        return Page

    @classmethod
    def expand_db_attributes(cls, attrs):
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        ids = {str(attrs.get("id")) for attrs in attrs_list}
        pages = {
            str(p.id): p
            for p in Page.objects.filter(id__in=[i for i in ids if parse_id(i) is not None]).only(
                "id", "slug", "content_type_id", "live"
            )
        }
        tags = []
        for attrs in attrs_list:
            page = pages.get(str(attrs.get("id")))
            if page is None or not page.live:
                tags.append("<a>")
            else:
                url = frontend_url_for(page.content_type_id, page.slug)
                tags.append(f'<a href="{escape(url)}">')
        return tags

    @classmethod
    def extract_references(cls, attrs):
        yield Page, attrs["id"], "", ""


class AbsoluteDocumentLinkHandler(LinkHandler):
    identifier = "document"

    @staticmethod
    def get_model():
        return get_document_model()

    @classmethod
    def expand_db_attributes(cls, attrs):
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            f'<a href="{escape(absolute_url(doc.url))}">' if doc else "<a>"
            for doc in cls.get_many(attrs_list)
        ]

    @classmethod
    def extract_references(cls, attrs):
        yield cls.get_model(), attrs["id"], "", ""


class RenditionImageEmbedHandler(EmbedHandler):
    """<embed embedtype="image"> → <img> of an allow-listed rendition, absolute URL.
    Renditions are prefetched for all images of the response at once."""

    identifier = "image"

    @staticmethod
    def get_model():
        return get_image_model()

    @classmethod
    def expand_db_attributes(cls, attrs):
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        ids = {str(a.get("id")) for a in attrs_list if parse_id(a.get("id")) is not None}
        specs = {spec_for(size) for size in RICH_TEXT_IMAGE_SIZES.values()}
        images = {
            str(img.id): img
            for img in get_image_model().objects.filter(id__in=ids).prefetch_renditions(*specs)
        }
        tags = []
        for attrs in attrs_list:
            image = images.get(str(attrs.get("id")))
            if image is None:
                tags.append('<img alt="">')
                continue
            fmt = attrs.get("format", "fullwidth")
            size = RICH_TEXT_IMAGE_SIZES.get(fmt, "wide")
            data = rendition_data(image, size, attrs.get("alt") or None)
            tags.append(
                f'<img class="richtext-image {escape(fmt)}" src="{escape(data["url"])}" '
                f'width="{data["width"]}" height="{data["height"]}" alt="{escape(data["alt"])}">'
            )
        return tags

    @classmethod
    def extract_references(cls, attrs):
        yield cls.get_model(), attrs["id"], "", ""


def rendition_data(image, size: str, alt: str | None = None) -> dict:
    """{url, width, height, alt} of an allow-listed rendition. Reads prefetched renditions
    directly (no cache round trip); creates the rendition only the first time."""
    flt = Filter(spec=spec_for(size))
    rendition = image.find_existing_renditions(flt).get(flt)
    if rendition is None:
        rendition = create_rendition(image, flt)
    return {
        "url": absolute_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt if alt is not None else (image.description or image.title),
    }


def create_rendition(image, flt):
    """Image.create_rendition, but closing the generated temporary file (Wagtail leaves it
    to the garbage collector, which warns)."""
    generated = image.generate_rendition_file(flt)
    try:
        rendition, _ = image.renditions.get_or_create(
            filter_spec=flt.spec,
            focal_point_key=flt.get_cache_key(image),
            defaults={"file": generated},
        )
    finally:
        generated.close()
    return rendition


def create_renditions(wanted) -> int:
    """Create the renditions `wanted` names ([(image, [Filter, ...]), ...], none of them
    existing yet) in bulk, for the demo content: each original is read once, the files are
    made on a few threads (Pillow lets go of the GIL while it decodes, resizes and encodes),
    each rendition's size comes from its file's header (Django's ImageField would decode
    the file for it on assignment and again on save) and the rows go in as one insert."""
    if not wanted:
        return 0
    Rendition = get_image_model().get_rendition_model()
    field = Rendition._meta.get_field("file")

    def generate(job):
        image, source, flt = job
        generated = image.generate_rendition_file(
            flt, source=File(BytesIO(source), name=image.file.name)
        )
        with PILImage.open(generated) as header:  # reads the header only
            size = header.size
        generated.seek(0)
        return generated, size

    jobs = []
    for image, filters in wanted:
        with image.open_file() as original:
            source = original.read()
        jobs += [(image, source, flt) for flt in filters]
    renditions = []
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        for (image, _, flt), (generated, (width, height)) in zip(
            jobs, pool.map(generate, jobs), strict=True
        ):
            try:
                name = field.generate_filename(Rendition(image=image), generated.name)
                stored = field.storage.save(name, generated, max_length=field.max_length)
            finally:
                generated.close()
            renditions.append(
                Rendition(
                    image=image,
                    filter_spec=flt.spec,
                    focal_point_key=flt.get_cache_key(image),
                    file=stored,
                    width=width,
                    height=height,
                )
            )
    Rendition.objects.bulk_create(renditions)
    return len(renditions)
