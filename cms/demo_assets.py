"""Demo brand assets: one Wagtail image (or SVG document) drawn for every frontend path
(cms.assets.FRONTEND_ASSET_PATHS), mapped by a BrandAsset. Idempotent: paths that already
have an asset, edited or not, are left alone."""

import io

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.assets import FRONTEND_ASSET_PATHS, is_svg
from cms.assets.drawing import draw_raster, draw_svg, subject
from cms.models import BrandAsset

COLLECTION_NAME = "Brand assets"

# Where the frontend shows each folder (for the editor's note).
NOTES = {
    "Logos/": "Logos: header, footer, home success stories, product cards.",
    "Branding/": "Home 'brand' gallery (always shown).",
    "Business-Cards/": "Home 'brand' gallery.",
    "Wallpapers/": "Fallback when a hero image fails to load.",
    "services/": "Home services tabs, 'Solutions we deliver' and solution pages.",
    "trends/": "Home technology trends.",
    "about/": "About page (shown while that section has no image in the CMS).",
}


def brand_collection() -> Collection:
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=COLLECTION_NAME).first()
    return found or root.add_child(name=COLLECTION_NAME)


def _note(path: str) -> str:
    for prefix, note in NOTES.items():
        if path.startswith(prefix):
            return note
    return "Home hero, services hero and project placeholders."


def load_brand_assets() -> int:
    """Create the missing assets; returns how many were created."""
    have = set(BrandAsset.objects.values_list("path", flat=True))
    missing = [path for path in FRONTEND_ASSET_PATHS if path not in have]
    if not missing:
        return 0
    collection = brand_collection()
    Document = get_document_model()
    for path in missing:
        name = path.rsplit("/", 1)[-1]
        asset = BrandAsset(path=path, note=_note(path))
        if is_svg(path):
            document = Document(title=path, collection=collection)
            document.file.save(name, ContentFile(draw_svg(path)), save=False)
            document.save()
            asset.document = document
        else:
            asset.image = add_image(
                draw_raster(path),
                name,
                title=path,
                description=subject(path),
                collection=collection,
            )
        asset.save()
    return len(missing)


def add_image(content: bytes, name: str, **fields):
    """A new Wagtail image (saved) whose file is `content`. Its size comes from the file's
    header: given a file object, Django's ImageField decodes the whole picture for it, once
    on assignment and again on save."""
    Image = get_image_model()
    field = Image._meta.get_field("file")
    with PILImage.open(io.BytesIO(content)) as header:
        width, height = header.size
    name = field.generate_filename(Image(**fields), name)
    stored = field.storage.save(name, ContentFile(content), max_length=field.max_length)
    image = Image(**fields, file=stored, width=width, height=height)
    image.save()
    return image


def asset_image(path: str):
    """The Wagtail image behind a raster brand asset (demo pages reuse them)."""
    asset = BrandAsset.objects.select_related("image").filter(path=path).first()
    return asset.image if asset else None
