"""Demo careers, products, solution pages and brand assets (called by cms.demo.load).
Idempotent: existing rows and pages, edited or not, are kept."""

import datetime
import json
import uuid
from pathlib import Path

from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from cms.demo_assets import asset_image, load_brand_assets
from cms.images import IMAGE_SIZES
from cms.models import (
    CareersContentSettings,
    HomeContentSettings,
    HomePage,
    JobPosting,
    ProductIndexPage,
    ProductPage,
    ServicePage,
    StaffProfile,
)
from cms.richtext import create_renditions


def _sid():
    return str(uuid.uuid4())


def _items(values, kind="item"):
    return [{"type": kind, "value": value, "id": _sid()} for value in values]


# The content itself: cms/demo/extra.json (jobs, culture values, benefits, products,
# solutions); this module only writes it.
_DATA = json.loads((Path(__file__).parent / "demo" / "extra.json").read_text())
JOBS, CULTURE, BENEFITS = _DATA["jobs"], _DATA["culture"], _DATA["benefits"]
PRODUCTS, SOLUTIONS = _DATA["products"], _DATA["solutions"]


def _jobs():
    for fields in JOBS:
        if JobPosting.objects.filter(slug=fields["slug"]).exists():
            continue
        fields = dict(fields)
        for name in ("responsibilities", "requirements", "preferred_qualifications"):
            fields[name] = _items(fields.get(name, []))
        fields["technologies"] = _items(fields["technologies"])
        fields["deadline"] = timezone.localdate() + datetime.timedelta(days=60)
        posting = JobPosting(**fields, live=False)
        posting.save()
        posting.save_revision().publish()


def _careers_content():
    content = CareersContentSettings.load()
    if content.culture_values or content.benefits:
        return  # only fill an untouched group
    content.culture_values = [
        {
            "type": "value",
            "id": _sid(),
            "value": {"key": key, "number": f"{i:02d}", "title": title, "description": text},
        }
        for i, (key, title, text) in enumerate(CULTURE, start=1)
    ]
    content.benefits = [
        {
            "type": "benefit",
            "id": _sid(),
            "value": {"key": key, "title": title, "description": text},
        }
        for key, title, text in BENEFITS
    ]
    content.save()


def _solutions():
    content = HomeContentSettings.load()
    if content.solutions:
        return
    content.solutions = [
        {
            "type": "solution",
            "id": _sid(),
            "value": {
                "slug": slug,
                "name": name,
                "headline": headline,
                "description": description,
                "features": _items(features),
            },
        }
        for slug, name, headline, description, features in SOLUTIONS
    ]
    content.save()


def _products(home):
    index = ProductIndexPage.objects.child_of(home).first()
    if index is None:
        index = ProductIndexPage(title="Products", slug="products", intro="Our own products.")
        home.add_child(instance=index)
        index.save_revision().publish()
    team = list(StaffProfile.objects.filter(is_public=True).order_by("sort_order")[:2])
    services = list(ServicePage.objects.live().order_by("path").values_list("id", flat=True)[:2])
    created = []
    for order, spec in enumerate(PRODUCTS):
        if ProductPage.objects.filter(slug=spec["slug"]).exists():
            continue
        page = ProductPage(
            title=spec["title"],
            slug=spec["slug"],
            tagline=spec["tagline"],
            description=spec["description"],
            status=spec["status"],
            features=_items(spec["features"]),
            faqs=_items(
                [
                    {
                        "question": f"Can {spec['title']} work with M-Pesa?",
                        "answer": "Yes: payments are confirmed automatically.",
                    },
                    {
                        "question": "Do you offer training?",
                        "answer": "Every plan includes on-site or online training for staff.",
                    },
                ],
                kind="faq",
            ),
            price_amount=spec["price"],
            pricing_type=spec["pricing_type"],
            price_label=spec["price_label"],
            logo=asset_image(spec["logo"]),
            banner=asset_image(spec["banner"]),
            screenshots=[
                {"type": "image", "value": asset_image(path).pk, "id": _sid()}
                for path in spec["screenshots"]
            ],
            related_services=_items(services, kind="service"),
            sort_order=order,
            featured=order == 0,
        )
        index.add_child(instance=page)
        page.team.set(team)
        page.save_revision().publish()
        created.append(ProductPage.objects.get(pk=page.pk))
    ids = {page.slug: page.pk for page in ProductPage.objects.all()}
    for page in created:  # link each new product to the next one
        others = [pk for slug, pk in ids.items() if slug != page.slug][:2]
        page.related_products = _items(others, kind="product")
        page.save_revision().publish()


def _renditions():
    """The product images' API sizes, so the first visitor does not wait for them."""
    ids = set()
    for page in ProductPage.objects.all():
        ids.update(filter(None, [page.logo_id, page.banner_id]))
        ids.update(item["value"] for item in page.screenshots.raw_data)
    filters = [Filter(IMAGE_SIZES[size]) for size in ("logo", "wide", "card")]
    wanted = []
    for image in (
        get_image_model()
        .objects.filter(id__in=ids)
        .prefetch_renditions(*(flt.spec for flt in filters))
    ):
        existing = image.find_existing_renditions(*filters)
        wanted.append((image, [flt for flt in filters if flt not in existing]))
    create_renditions([(image, missing) for image, missing in wanted if missing])


def load(home: HomePage) -> str:
    created = load_brand_assets()
    _jobs()
    _careers_content()
    _solutions()
    _products(home)
    _renditions()
    return (
        f"{created} brand assets drawn, {JobPosting.objects.filter(live=True).count()} job "
        f"postings, {ProductPage.objects.live().count()} products."
    )
