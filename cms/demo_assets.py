"""Demo brand assets: one Wagtail image (or SVG document) drawn for every frontend path
(cms.assets.FRONTEND_ASSET_PATHS), mapped by a BrandAsset. Idempotent: paths that already
have an asset, edited or not, are left alone."""

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
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
    Image, Document = get_image_model(), get_document_model()
    for path in missing:
        name = path.rsplit("/", 1)[-1]
        asset = BrandAsset(path=path, note=_note(path))
        if is_svg(path):
            document = Document(title=path, collection=collection)
            document.file.save(name, ContentFile(draw_svg(path)), save=False)
            document.save()
            asset.document = document
        else:
            image = Image(
                title=path,
                description=subject(path),
                collection=collection,
                file=ImageFile(ContentFile(draw_raster(path)), name=name),
            )
            image.save()
            asset.image = image
        asset.save()
    return len(missing)


def asset_image(path: str):
    """The Wagtail image behind a raster brand asset (demo pages reuse them)."""
    asset = BrandAsset.objects.select_related("image").filter(path=path).first()
    return asset.image if asset else None
