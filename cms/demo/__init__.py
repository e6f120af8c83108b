"""The demo AngiSoft site (load_demo_content), built idempotently from data files beside
this module: content.json (images, people, categories, pages, snippets) and settings.json
(the settings groups in the frontend contract's shapes). Images are drawn with Pillow once;
nothing is downloaded. What already exists is kept, so editors' changes survive a reload.

References inside the data: {"$image": title}, {"$page": "/services/"},
{"$user": email}, {"$record": [model label, lookup]}, and id="$page:/about/" in rich
text links. Stream children ({"type", "value"}) get their ids when loaded."""

import io
import json
import re
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_save
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Collection, Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from accounts.roles import sync_roles
from cms import demo_assets, demo_extra
from cms.images import IMAGE_SIZES
from cms.models import BlogPostPage, HomePage, ProjectPage, ServicePage, UploadsSettings
from cms.models.publishing import PublishedSetting
from cms.richtext import create_renditions
from cms.services import content_changes_batched, settings_group_publish

PALETTE = [
    ((14, 35, 74), (39, 110, 241)),
    ((20, 83, 45), (52, 211, 153)),
    ((88, 28, 135), (236, 72, 153)),
    ((124, 45, 18), (251, 146, 60)),
    ((15, 23, 42), (56, 189, 248)),
    ((30, 41, 59), (148, 163, 184)),
]


def _sid():
    return str(uuid.uuid4())


def stream(kind, values):
    return [{"type": kind, "value": v, "id": _sid()} for v in values]


def draw_image(title, size=(1200, 800), index=0):
    """A gradient with the title written on it, as a JPEG in memory."""
    top, bottom = PALETTE[index % len(PALETTE)]
    width, height = size
    img = PILImage.new("RGB", size, top)
    draw = ImageDraw.Draw(img)
    for y in range(0, height, 4):
        t = y / height
        colour = tuple(int(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
        draw.rectangle([0, y, width, y + 4], fill=colour)
    for k in range(6):
        r = 40 + 30 * k
        draw.ellipse(
            [width - 260 - r, 120 - r // 2, width - 260 + r, 120 + r],
            outline=(255, 255, 255),
        )
    draw.text((60, height - 120), title, fill=(255, 255, 255))
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=82)
    return buffer


def get_image(title, *, collection=None, size=(1200, 800), index=0, description=""):
    image = get_image_model().objects.filter(title=title).first()
    if image is None:
        slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
        image = demo_assets.add_image(
            draw_image(title, size, index).getvalue(),
            f"{slug}.jpg",
            title=title,
            description=description or title,
            collection=collection or Collection.get_first_root_node(),
        )
    return image


def upsert_child(parent, model, slug, **fields):
    """Create and publish the child page `slug` of `parent` unless it exists."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        return page  # already there: editors' changes are kept
    tags = fields.pop("tags", None)
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    if tags:
        page.tags.set(tags)
    page.save_revision().publish()
    return model.objects.get(pk=page.pk)


def ensure_home():
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(title="AngiSoft Technologies", slug="angisoft-home")
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", root_page=home, is_default_site=True, site_name="AngiSoft"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "AngiSoft Technologies"
        site.save()
    # Wagtail's placeholder welcome page is not part of the site.
    Page.objects.filter(depth=2, content_type__model="page", slug="home").delete()
    return HomePage.objects.get(pk=home.pk)


def paragraph(text, link_page=None):
    link = ""
    if link_page is not None:
        link = f' See <a linktype="page" id="{link_page.pk}">{link_page.title}</a>.'
    return {"type": "paragraph", "value": f"<p>{text}{link}</p>", "id": _sid()}


DATA = Path(__file__).parent
PAGE_LINK = re.compile(r'id="\$page:([^"]+)"')


def _data(name):
    return json.loads((DATA / name).read_text())


class _Refs:
    """Turns the data files' references into the objects or ids they name."""

    def __init__(self, images, pages=None):
        self.images, self.pages = images, pages or {}

    def field(self, value):
        """A model field's value: references become instances."""
        if isinstance(value, dict) and len(value) == 1:
            ((key, ref),) = value.items()
            if key == "$image":
                return self.images[ref]
            if key == "$page":
                return self.pages[ref]
            if key == "$user":
                return get_user_model().objects.get(email=ref)
            if key == "$record":
                label, lookup = ref
                return apps.get_model(label).objects.get(**self.fields(lookup))
        return self.json(value)

    def fields(self, values):
        return {name: self.field(value) for name, value in values.items()}

    def json(self, value):
        """A value inside a StreamField or JSON: references become ids."""
        if isinstance(value, list):
            return [self.json(item) for item in value]
        if isinstance(value, str):
            return PAGE_LINK.sub(lambda m: f'id="{self.pages[m[1]].pk}"', value)
        if not isinstance(value, dict):
            return value
        if len(value) == 1 and next(iter(value)).startswith("$"):
            return self.field(value).pk
        out = {key: self.json(item) for key, item in value.items()}
        if set(out) == {"type", "value"}:
            out["id"] = _sid()
        return out


def fill_settings(images):
    """Fill each settings group of settings.json while it is untouched (its `unless`
    field is empty). `images` maps an image title to the image."""
    refs = _Refs(images)
    for name, group in _data("settings.json").items():
        settings = apps.get_model("cms", name).load()
        if getattr(settings, group["unless"]):
            continue
        for field, value in group["fields"].items():
            setattr(settings, field, refs.field(value))
        if isinstance(settings, PublishedSetting):
            settings_group_publish(settings)  # published with a first revision, as an editor
        else:
            settings.save()


def _collections():
    root = Collection.get_first_root_node()
    brand = root.get_children().filter(name="Brand").first() or root.add_child(name="Brand")
    logos = brand.get_children().filter(name="Logos").first() or brand.add_child(name="Logos")
    return {None: root, "Brand": Collection.objects.get(pk=brand.pk), "Logos": logos}


def _renditions(brand):
    """The renditions the API will ask for, so the first visitor does not wait."""
    brand_ids = set(brand.get_descendants(inclusive=True).values_list("id", flat=True))
    content_sizes = ("card", "wide", "avatar")
    brand_sizes = ("original", "logo", "icon")
    specs = [IMAGE_SIZES[size] for size in content_sizes + brand_sizes]
    # Brand assets are served as files; cms.demo_extra renders the few that pages use.
    images = get_image_model().objects.exclude(collection__name=demo_assets.COLLECTION_NAME)
    wanted = []
    for image in images.prefetch_renditions(*specs):
        sizes = brand_sizes if image.collection_id in brand_ids else content_sizes
        filters = [Filter(IMAGE_SIZES[size]) for size in sizes]
        existing = image.find_existing_renditions(*filters)
        wanted.append((image, [flt for flt in filters if flt not in existing]))
    create_renditions([(image, filters) for image, filters in wanted if filters])


@contextmanager
def _references_indexed_once():
    """Wagtail re-indexes an object's references on every save, and a new page is saved
    three times (created, revised, published): index each saved object once, at the end."""
    saved = set()

    def collect(sender, instance, raw=False, **kwargs):
        if not raw and sender in ReferenceIndex.tracked_models:
            saved.add((sender._meta.app_label, sender._meta.model_name, str(instance.pk)))

    post_save.connect(collect, weak=False, dispatch_uid="demo-reference-index")
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid="demo-reference-index")
    for app_label, model_name, pk in sorted(saved):
        update_reference_index_task.call(app_label, model_name, pk)


@transaction.atomic
def load(stdout=None):
    with _references_indexed_once(), content_changes_batched():
        _load(stdout)


def _load(stdout):
    content = _data("content.json")
    home = ensure_home()
    collections = _collections()
    images = {
        spec["title"]: get_image(
            spec["title"],
            collection=collections[spec["collection"]],
            size=tuple(spec["size"]),
            index=spec["index"],
            description=spec["description"],
        )
        for spec in content["images"]
    }
    refs = _Refs(images, {"/": home})
    for record in content["records"]:
        apps.get_model(record["model"]).objects.get_or_create(
            defaults=refs.fields(record["defaults"]), **refs.fields(record["lookup"])
        )
    for spec in content["pages"]:
        page = upsert_child(
            refs.pages[spec["parent"]],
            apps.get_model("cms", spec["model"]),
            spec["slug"],
            **refs.fields(spec["fields"]),
        )
        refs.pages[f"{spec['parent']}{spec['slug']}/"] = page
    fill_settings(images)
    uploads = UploadsSettings.load()
    if not uploads.brand_collection:  # only fill an untouched group
        uploads.brand_collection = collections["Brand"]
        uploads.save()
    _renditions(collections["Brand"])
    # Role permissions that hang off pages (developers' blog drafts) need the blog index.
    sync_roles()
    extra = demo_extra.load(home)
    if stdout is not None:
        stdout.write(extra)
        stdout.write(
            f"Demo content ready: {ServicePage.objects.count()} services, "
            f"{ProjectPage.objects.count()} projects, {BlogPostPage.objects.count()} posts."
        )
