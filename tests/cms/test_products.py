"""GET /api/products and /api/products/{slug} (FRONTEND.md §4.8)."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from cms.models import ProductIndexPage, ProductPage
from tests.cms.factories import (
    ServiceCategoryFactory,
    StaffProfileFactory,
    add_page,
    make_image,
    service,
    sid,
    stream,
)

pytestmark = pytest.mark.django_db

PRODUCT_KEYS = {
    "id",
    "slug",
    "name",
    "tagline",
    "description",
    "shortDescription",
    "status",
    "category",
    "categoryRef",
    "logoUrl",
    "bannerUrl",
    "screenshots",
    "features",
    "faqs",
    "pricing",
    "demoUrl",
    "relatedServiceIds",
    "relatedProductSlugs",
    "seoTitle",
    "seoDesc",
    "featured",
    "published",
    "sortOrder",
    "createdAt",
    "updatedAt",
}
STATUSES = {"PLANNED", "DEVELOPMENT", "BETA", "LIVE", "MAINTENANCE", "DEPRECATED"}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def products(tree):
    return add_page(tree.home, ProductIndexPage(title="Products", slug="products"))


def product(index, slug, publish=True, **fields):
    values = {
        "title": slug.title(),
        "description": f"{slug} does things.",
        "features": stream("item", ["Fast", "Offline"]),
        "faqs": stream("faq", [{"question": "Q?", "answer": "A."}]),
        "price_amount": 2500,
        **fields,
    }
    return add_page(index, ProductPage(slug=slug, **values), publish=publish)


def get(client, path):
    response = client.get(f"/api/{path}")
    return response.status_code, response.json()


def test_list_shape_and_types(client, tree, products):
    svc = service(tree, 1)
    logo, shot = make_image("Logo"), make_image("Shot")
    other = product(products, "other", sort_order=2)
    product(
        products,
        "petroflow",
        tagline="Fuel",
        status="BETA",
        logo=logo,
        banner=shot,
        screenshots=[{"type": "image", "value": shot.pk, "id": sid()}],
        related_services=[{"type": "service", "value": svc.pk, "id": sid()}],
        related_products=[{"type": "product", "value": other.pk, "id": sid()}],
        sort_order=1,
    )
    status, body = get(client, "products")
    assert status == 200 and isinstance(body, list)
    assert [p["slug"] for p in body] == ["petroflow", "other"]  # by sortOrder
    item = body[0]
    assert set(item) == PRODUCT_KEYS - {"category", "categoryRef"}  # no category: omitted
    assert None not in item.values()
    assert item["name"] == "Petroflow" and item["status"] in STATUSES
    assert item["features"] == ["Fast", "Offline"]
    assert item["faqs"] == [{"question": "Q?", "answer": "A."}]
    assert item["pricing"] == {"amount": 2500.0, "currency": "KES", "type": "starting_from"}
    assert item["logoUrl"].startswith("http://testserver/")
    assert item["bannerUrl"].startswith("http://testserver/")
    assert [s.startswith("http://testserver/") for s in item["screenshots"]] == [True]
    assert item["relatedServiceIds"] == [str(svc.pk)]
    assert item["relatedProductSlugs"] == ["other"]
    assert item["sortOrder"] == 1 and item["published"] is True
    assert "logoUrl" not in body[1] and body[1]["screenshots"] == []


def test_only_live_products_and_live_related_slugs(client, products):
    draft = product(products, "draft", publish=False)
    related = [{"type": "product", "value": draft.pk, "id": sid()}]
    product(products, "live", related_products=related)
    status, body = get(client, "products")
    assert [p["slug"] for p in body] == ["live"]
    assert body[0]["relatedProductSlugs"] == []
    status, body = get(client, "products/draft")
    assert status == 404 and body == {"error": "Product not found.", "code": "not_found"}
    assert get(client, "products/nothing")[0] == 404


def test_detail_has_faqs_and_public_team(client, products):
    member = StaffProfileFactory(username="ann", public_title="Engineer")
    member.user.first_name, member.user.last_name = "Ann", "Kim"
    member.user.save()
    hidden = StaffProfileFactory(username="zed", is_public=False)
    page = product(products, "duka-flow", price_amount=None, price_label="Free")
    page.team.set([member, hidden])
    page.save_revision().publish()
    status, body = get(client, "products/duka-flow")
    assert status == 200
    missing = {"category", "categoryRef", "logoUrl", "bannerUrl"}  # none chosen: omitted
    assert set(body) == (PRODUCT_KEYS - missing) | {"team"}
    assert body["team"] == [
        {"id": str(member.user_id), "username": "ann", "name": "Ann Kim", "role": "Engineer"}
    ]
    assert body["pricing"] == {"currency": "KES", "label": "Free", "type": "starting_from"}
    assert body["faqs"][0]["question"] == "Q?"
    assert get(client, f"products/{page.pk}")[1]["slug"] == "duka-flow"  # by id too


def test_category_is_a_slug_and_a_ref(client, products):
    category = ServiceCategoryFactory(slug="retail", name="Retail")
    product(products, "shop", category=category)
    item = get(client, "products")[1][0]
    assert item["category"] == "retail"
    assert item["categoryRef"] == {"slug": "retail", "name": "Retail"}


def test_publish_and_unpublish_invalidate_the_cache(client, products, commit):
    page = commit(product, products, "one")
    assert [p["slug"] for p in get(client, "products")[1]] == ["one"]
    assert client.get("/api/products")["X-Cache"] == "HIT"
    page.title = "Renamed"
    commit(page.save_revision().publish)
    assert get(client, "products")[1][0]["name"] == "Renamed"
    assert get(client, "products/one")[1]["name"] == "Renamed"
    commit(Page.objects.get(pk=page.pk).unpublish)
    assert get(client, "products")[1] == []
    assert get(client, "products/one")[0] == 404


def test_editor_opens_the_product_editors(client, admin_user, products):
    client.force_login(admin_user)
    page = product(products, "one")
    add = reverse("wagtailadmin_pages:add", args=["cms", "productpage", products.pk])
    assert client.get(add).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
