"""Contract tests: each content route answers in the exact shape the React frontend reads
(the frontend contract §3-§5, §12), from the demo settings (cms/demo/settings.json)."""

import numbers
from collections import defaultdict

import pytest

from bookings.models import ProjectType
from cms.demo import fill_settings
from cms.icons import (
    ABOUT_CAPABILITY,
    ABOUT_SERVICE_MAP,
    BOOKING_STEP,
    GENERAL,
    INDUSTRY_SHARED,
    TECH,
)
from cms.models import UploadsSettings
from cms.validation import frontend_slug
from tests.cms.factories import (
    BlogCategoryFactory,
    ReviewFactory,
    ServiceCategoryFactory,
    StaffProfileFactory,
    blog_post,
    make_image,
    service,
)

pytestmark = pytest.mark.django_db

ABOUT_KEYS = [
    "heroSlides",
    "intro",
    "numbersHeading",
    "numberStories",
    "geography",
    "sustainability",
    "collaboration",
    "timelineHeading",
    "timeline",
    "industriesHeading",
    "industries",
    "clientsHeading",
    "clients",
    "clientStats",
    "clientHighlights",
    "testimonialsHeading",
    "serviceMap",
    "transparency",
    "partnerships",
    "solutionTypes",
    "technologies",
    "specializedCapabilities",
    "whyGuarantee",
    "pricing",
    "pricingQuotation",
    "cta",
]
TECHNOLOGY_SLUGS = {
    "flutter",
    "kotlin",
    "react",
    "python",
    "tailwind-css",
    "html-css",
    "bash-shell",
}


@pytest.fixture
def site(tree):
    img = make_image("Demo")
    for slug in ("resume-writing", "web-development"):
        service(tree, slug=slug, title=slug.title())
    fill_settings(defaultdict(lambda: img))  # every image the settings name
    return tree


def _nulls(data, path="$"):
    """Paths of every null, and of every empty-string value, in a JSON document."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _nulls(v, f"{path}.{k}")]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _nulls(v, f"{path}[{i}]")]
    return [path] if data is None or data == "" else []


def _get(client, path, **params):
    response = client.get(f"/api/{path}", params)
    assert response.status_code == 200, (path, response.content[:300])
    body = response.json()
    assert _nulls(body) == [], path  # keys are omitted, never null (§1.4.6)
    return body


def _absolute(url):
    return isinstance(url, str) and url.startswith(("http://", "https://"))


def test_navigation(client, site):
    nav = _get(client, "site/navigation")
    assert set(nav) == {"megaMenus", "simpleLinks", "cta"}
    assert set(nav["cta"]) == {"label", "to"}
    for menu in nav["megaMenus"]:
        assert set(menu) == {"label", "icon", "items"}
        assert menu["icon"] in GENERAL
        for item in menu["items"]:
            assert {"label", "to"} <= set(item) <= {"label", "to", "icon", "description"}
            assert item.get("icon", "FaGlobe") in GENERAL
    assert all(set(link) == {"label", "to"} for link in nav["simpleLinks"])


def test_footer_columns_always_have_links(client, site):
    footer = _get(client, "site/footer")
    assert set(footer) == {"description", "columns"}
    assert isinstance(footer["description"], str)
    for column in footer["columns"]:
        assert set(column) == {"title", "links"}
        assert column["links"] and all(set(x) == {"label", "href"} for x in column["links"])


def test_contact_page_shape(client, site):
    contact = _get(client, "site/contact")
    assert set(contact) == {
        "email",
        "phone",
        "whatsapp",
        "address",
        "city",
        "country",
        "mapUrl",
        "workingHours",
        "social",
    }
    assert isinstance(contact["address"], str)  # the contact page's reading wins (§9.1)
    assert contact["mapUrl"].startswith("https://")
    assert isinstance(contact["social"], list)
    assert all(set(s) == {"platform", "url"} for s in contact["social"])


def test_hero_has_four_or_more_slides(client, site):
    hero = _get(client, "site/hero")
    assert len(hero["slides"]) >= 4
    for slide in hero["slides"]:
        assert {"id", "title", "imageUrl", "ctaLabel", "ctaUrl"} <= set(slide)
        assert set(slide) <= {
            "id",
            "title",
            "highlight",
            "description",
            "badge",
            "imageUrl",
            "videoUrl",
            "ctaLabel",
            "ctaUrl",
            "secondaryCtaLabel",
            "secondaryCtaUrl",
        }
        assert _absolute(slide["imageUrl"])
    assert set(hero["ctaPrimary"]) == {"label", "to"}


def test_booking_settings(client, site):
    booking = _get(client, "site/booking")
    assert set(booking) == {"hero", "steps", "paymentStep", "projectTypes", "success"}
    assert set(booking["hero"]) == {"badge", "title", "highlight"}
    assert len(booking["steps"]) == 4
    assert [s["id"] for s in booking["steps"]] == [1, 2, 3, 4]
    assert [s["icon"] for s in booking["steps"]] == BOOKING_STEP
    assert all(set(s) == {"id", "title", "icon"} for s in booking["steps"])
    assert booking["paymentStep"] == {"id": 5, "title": "Deposit", "icon": "FaCreditCard"}
    assert all(set(t) == {"value", "label"} for t in booking["projectTypes"])
    # every value is one POST /api/bookings accepts
    assert {t["value"] for t in booking["projectTypes"]} <= set(ProjectType.values)
    assert set(booking["success"]) == {"title", "message"}


def test_pricing_for_the_page_and_the_booking_form(client, site):
    pricing = _get(client, "site/pricing")
    assert set(pricing) == {
        "badge",
        "title",
        "subtitle",
        "intro",
        "currency",
        "estimatedRanges",
        "pricingFactors",
        "engagementModels",
        "packages",
        "process",
        "faq",
        "note",
        "cta",
    }
    assert set(pricing["intro"]) == {"title", "description"}
    assert set(pricing["cta"]) == {"title", "subtitle", "primaryButton", "secondaryButton"}
    assert set(pricing["cta"]["primaryButton"]) == {"label", "url"}
    for row in pricing["estimatedRanges"]:
        assert set(row) == {"category", "startingFrom", "currency", "description", "includes"}
        assert isinstance(row["startingFrom"], numbers.Number)
        assert all(isinstance(x, str) for x in row["includes"])
    assert all(set(f) == {"title", "description", "examples"} for f in pricing["pricingFactors"])
    assert all(set(m) == {"title", "description"} for m in pricing["engagementModels"])
    assert all(set(p) == {"step", "title", "description"} for p in pricing["process"])
    assert all(set(q) == {"question", "answer"} for q in pricing["faq"])
    services = {s["slug"] for s in _get(client, "services")}
    items = [item for package in pricing["packages"] for item in package["items"]]
    assert items
    for item in items:
        assert set(item) == {"slug", "serviceSlug", "name", "priceFrom", "pricingType", "currency"}
        assert isinstance(item["priceFrom"], numbers.Number)
        assert item["pricingType"] in {"fixed", "starting_from", "hourly", "custom_quote"}
        assert item["currency"] in {"KES", "USD", "EUR", "GBP"}
        assert item["serviceSlug"] in services


def test_ui_copy_of_projects_and_testimonials(client, site):
    pages = _get(client, "site/ui")["pages"]
    projects = pages["projects"]
    assert set(projects) == {"badge", "title", "subtitle", "emptyMessage", "stats", "cta"}
    assert set(projects["stats"]) == {"totalLabel", "categoriesLabel", "featuredLabel"}
    assert set(projects["cta"]) == {
        "title",
        "subtitle",
        "primaryLabel",
        "primaryLink",
        "secondaryLabel",
        "secondaryLink",
    }
    testimonials = pages["testimonials"]
    assert set(testimonials) == {"badge", "title", "subtitle", "stats"}
    assert set(testimonials["stats"]) == {"clientsLabel", "ratingLabel", "satisfactionLabel"}


def test_industries(client, site):
    body = _get(client, "site/industries")
    assert set(body) == {"badge", "title", "titleHighlight", "subtitle", "industries"}
    for industry in body["industries"]:
        assert set(industry) == {
            "id",
            "slug",
            "name",
            "icon",
            "description",
            "imageUrl",
            "capabilities",
        }  # `services: []` would hide the capabilities, so it is left out
        assert industry["icon"] in INDUSTRY_SHARED
        assert _absolute(industry["imageUrl"])
        assert all(isinstance(c, str) for c in industry["capabilities"])


def test_tech_platforms(client, site):
    body = _get(client, "site/tech-platforms")
    assert set(body) == {"badge", "title", "subtitle", "groups"}
    for group in body["groups"]:
        assert set(group) == {"id", "name", "items"}
        assert frontend_slug(group["name"]).strip("-") not in TECHNOLOGY_SLUGS
        for item in group["items"]:
            assert set(item) == {"name", "icon", "color"}
            assert item["icon"] in TECH


def test_about_sections_have_all_26_keys_and_their_shapes(client, site):
    rows = _get(client, "about-sections")
    assert [r["key"] for r in rows] == ABOUT_KEYS
    assert all(set(r) == {"id", "key", "enabled", "sortOrder", "content"} for r in rows)
    assert all(r["enabled"] is True for r in rows)  # a disabled row would show the defaults
    about = {r["key"]: r["content"] for r in rows}
    slide = about["heroSlides"][0]
    assert {"id", "enabled", "imageUrl", "mobileImageUrl", "imageAlt", "name", "role"} <= set(slide)
    assert slide["sortOrder"] == 1 and _absolute(slide["imageUrl"])
    assert set(about["intro"]["primaryCta"]) == {"label", "to"}
    assert {"highlightedHeadline", "philosophy", "descriptor"} <= set(about["intro"])
    for heading in ("numbersHeading", "timelineHeading", "industriesHeading"):
        assert set(about[heading]) == {"enabled", "eyebrow", "title", "description"}
    assert all({"statistic", "title"} <= set(s) for s in about["numberStories"])
    geo = about["geography"]
    assert {"regions", "locations", "delivery", "mapImageUrl"} <= set(geo)
    assert set(geo["regions"][0]) == {"id", "title", "lineOne", "lineTwo", "color"}
    assert isinstance(geo["locations"][0]["x"], numbers.Number)
    assert {"id", "title"} == set(geo["delivery"]["benefits"][0])
    assert set(about["sustainability"]["link"]) == {"label", "to", "type"}
    model = about["collaboration"]["models"][0]
    assert {"id", "title", "imageUrl", "items"} <= set(model)
    assert all(isinstance(x, str) for x in model["items"])
    assert all({"year", "description"} <= set(t) for t in about["timeline"])
    assert all(isinstance(m, str) for m in about["clientsHeading"]["targetMarkets"])
    assert {"id", "name", "logoUrl"} <= set(about["clients"][0])
    assert set(about["clientStats"]["metrics"][0]) == {"id", "value", "label"}
    assert set(about["clientHighlights"][0]["link"]) == {"label", "to"}
    assert about["testimonialsHeading"]["videoEnabled"] is False
    service_map = about["serviceMap"]
    assert set(service_map["introTile"]) == {"title", "to"}
    assert all(s["icon"] in ABOUT_SERVICE_MAP for s in service_map["services"])
    assert {"video", "items"} <= set(about["transparency"])
    assert about["partnerships"]["enabled"] is False
    assert {"featuredItems", "supportingItems", "items"} <= set(about["partnerships"])
    assert set(about["solutionTypes"]["solutions"][0]) == {"id", "title", "to"}
    column = about["technologies"]["columns"][0]
    group = column["sections"][0]["groups"][0]
    assert all(isinstance(t, str) for t in group["technologies"])
    caps = about["specializedCapabilities"]["capabilities"]
    assert all(c["icon"] in ABOUT_CAPABILITY for c in caps)
    assert all(isinstance(d, str) for d in about["whyGuarantee"]["items"][0]["details"])
    assert {"id", "title", "description", "bestFor"} <= set(about["pricing"]["models"][0])
    assert all(isinstance(a, str) for a in about["pricingQuotation"]["investmentAreas"])
    cta = about["cta"]
    assert set(cta["contact"]) == {"phone", "phoneLabel", "email", "whatsapp", "whatsappMessage"}
    assert set(cta["primaryCta"]) == {"label", "to"}


def test_about_sections_answer_2xx_when_empty(client, tree):
    assert _get(client, "about-sections") == []


def test_staff_department_and_lookup_by_username_or_id(client, tree):
    profile = StaffProfileFactory(username="ann", department="Engineering")
    listed = _get(client, "staff")
    assert listed[0]["department"] == "Engineering"
    by_name = _get(client, "staff/ann")
    by_id = _get(client, f"staff/{listed[0]['id']}")
    assert by_name == by_id and by_id["username"] == "ann"
    assert listed[0]["id"] == str(profile.user_id)
    assert client.get("/api/staff/999999").status_code == 404


def test_testimonials_send_avatar_url_and_image_url(client, tree):
    ReviewFactory(image=make_image("Face"))
    ReviewFactory(name="No photo")
    with_photo, without = sorted(_get(client, "testimonials"), key=lambda t: "imageUrl" in t)[::-1]
    assert with_photo["avatarUrl"] == with_photo["imageUrl"] and _absolute(with_photo["avatarUrl"])
    assert "avatarUrl" not in without and "imageUrl" not in without


def test_blog_tags_are_strings_and_category_a_string(client, tree):
    topic = BlogCategoryFactory(name="Engineering", slug="engineering")
    blog_post(tree, 1, category=topic)  # no tags: the home page shows [category]
    blog_post(tree, 2, tags=["python"])
    posts = {p["slug"]: p for p in _get(client, "blogs")}
    assert posts["post-1"]["category"] == "Engineering"
    assert posts["post-1"]["categoryRef"] == {
        "id": str(topic.pk),
        "name": "Engineering",
        "slug": "engineering",
    }
    assert posts["post-1"]["tags"] == []
    assert posts["post-2"]["tags"] == ["python"] and "category" not in posts["post-2"]
    assert _get(client, "blogs/post-1")["category"] == "Engineering"


def test_uploads_are_branding_rows(client, tree):
    from wagtail.models import Collection

    brand = Collection.get_first_root_node().add_child(name="Brand")
    cards = brand.add_child(name="Business cards")
    first, second = make_image("Mug"), make_image("Card")
    first.collection, second.collection = brand, cards
    first.save()
    second.save()
    settings_obj = UploadsSettings.load()
    settings_obj.brand_collection = brand
    settings_obj.save()
    rows = _get(client, "uploads", ownerType="general")
    assert {r["category"] for r in rows} == {"branding", "branding/business cards"}
    for row in rows:
        assert set(row) == {"id", "ownerType", "url", "filename", "altText", "title", "category"}
        assert "branding" in row["category"] and _absolute(row["url"])


def test_services_price_is_a_number_and_category_a_full_ref(client, tree):
    category = ServiceCategoryFactory(
        name="Software", slug="software", icon="FaCode", description="Code."
    )
    service(tree, 1, category=category, price_from="1500.50")
    service(tree, 2, price_from=None)
    by_slug = {s["slug"]: s for s in _get(client, "services")}
    priced, unpriced = by_slug["service-1"], by_slug["service-2"]
    assert priced["priceFrom"] == 1500.5 and isinstance(priced["priceFrom"], float)
    assert "priceFrom" not in unpriced and unpriced["currency"] == "KES"
    assert priced["categoryRef"] == {
        "id": str(category.pk),
        "name": "Software",
        "slug": "software",
        "description": "Code.",
        "icon": "FaCode",
        "order": 0,
    }
    assert all(isinstance(f, str) for f in priced["features"])
    assert "categoryRef" not in unpriced
    detail = _get(client, "services/service-1")
    assert detail["priceFrom"] == 1500.5
    missing = client.get("/api/services/nope").json()
    assert "not found" in missing["error"].lower()
