"""load_demo_content builds a full site, runs twice without duplicating anything, and
every content route answers from it."""

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cms.models import BlogPostPage, HomePage, ServicePage, StaffProfile
from cms.models import Testimonial as Review

pytestmark = pytest.mark.django_db

ROUTES = [
    "services",
    "services/web-development",
    "projects",
    "projects/duka-pos",
    "blogs",
    "blogs/cv-mistakes",
    "testimonials",
    "faqs",
    "staff",
    "staff/angela",
    "site/all",
    "site/navigation",
    "site/contact",
    "site/footer",
    "site/branding",
    "site/hero",
    "site/booking",
    "site/pricing",
    "site/ui",
    "site/industries",
    "site/tech-platforms",
    "company-stats",
    "about-sections",
    "uploads?ownerType=general",
]


def test_demo_content_is_complete_and_idempotent(client):
    call_command("load_demo_content")
    # Developers may draft blog posts on the demo blog index straight away.
    from wagtail.models import GroupPagePermission

    from cms.models import BlogIndexPage

    blog_index = BlogIndexPage.objects.get()
    assert GroupPagePermission.objects.filter(
        group__name="Developer", page=blog_index, permission__codename="add_page"
    ).exists()
    counts = (
        Page.objects.count(),
        get_image_model().objects.count(),
        StaffProfile.objects.count(),
        Review.objects.count(),
    )
    call_command("load_demo_content")
    assert (
        Page.objects.count(),
        get_image_model().objects.count(),
        StaffProfile.objects.count(),
        Review.objects.count(),
    ) == counts
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    assert ServicePage.objects.live().count() == 8
    assert BlogPostPage.objects.live().count() == 6

    for route in ROUTES:
        response = client.get(f"/api/{route}")
        assert response.status_code == 200, route
        assert response.json(), route
    site = client.get("/api/site/all").json()
    assert set(site) >= {
        "navigation",
        "contact",
        "footer",
        "branding",
        "hero",
        "booking",
        "pricing",
    }
    assert site["branding"]["logoUrl"].startswith("http://testserver/media/")
    assert {"platform": "GitHub", "url": "https://github.com/angisoft"} in site["contact"]["social"]
    about_keys = [s["key"] for s in client.get("/api/about-sections").json()]
    assert len(about_keys) == 26 and about_keys[0] == "heroSlides" and about_keys[-1] == "cta"
    # 4+ slides: the home slider crashes with 1 to 3
    assert len(site["hero"]["slides"]) >= 4
    assert len(site["booking"]["steps"]) == 4
    uploads = client.get("/api/uploads", {"ownerType": "general"}).json()
    assert {u["category"] for u in uploads} == {"branding", "branding/logos"}
    staff = client.get("/api/staff").json()
    assert {s["department"] for s in staff} == {"Engineering", "Documents"}
    assert client.get(f"/api/staff/{staff[0]['id']}").json()["username"] == staff[0]["username"]
    assert all("avatarUrl" in t for t in client.get("/api/testimonials").json())
    assert client.get("/api/uploads", {"ownerType": "booking"}).json() == []
    # unapproved testimonials stay hidden
    names = [t["name"] for t in client.get("/api/testimonials").json()]
    assert "Unverified visitor" not in names


def test_site_groups_have_the_contract_fields(client):
    """The demo's groups in the frontend's shapes (the details per route are in
    test_frontend_contract.py, which runs on the same demo settings)."""
    call_command("load_demo_content")
    site = client.get("/api/site/all").json()
    assert set(site["navigation"]) == {"megaMenus", "simpleLinks", "cta"}
    assert set(site["navigation"]["megaMenus"][0]["items"][0]) == {
        "label",
        "to",
        "icon",
        "description",
    }
    assert set(site["contact"]) == {
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
    assert set(site["footer"]["columns"][0]) == {"title", "links"}
    assert set(site["footer"]["columns"][0]["links"][0]) == {"label", "href"}
    assert set(site["branding"]) == {"siteName", "tagline", "logoUrl", "faviconUrl"}
    assert set(site["hero"]) == {
        "eyebrow",
        "headline",
        "headlineHighlight",
        "tagline",
        "backgroundImage",
        "ctaPrimary",
        "ctaSecondary",
        "slides",
    }
    assert set(site["booking"]) == {"hero", "projectTypes", "steps", "paymentStep", "success"}
    assert {"badge", "intro", "estimatedRanges", "packages", "cta"} <= set(site["pricing"])
    item = site["pricing"]["packages"][0]["items"][0]
    assert set(item) == {"slug", "serviceSlug", "name", "priceFrom", "pricingType", "currency"}
    services = {s["slug"] for s in client.get("/api/services").json()}
    assert all(
        i["serviceSlug"] in services for p in site["pricing"]["packages"] for i in p["items"]
    )
    assert set(site["ui"]["pages"]) >= {"projects", "testimonials"}
    industries = client.get("/api/site/industries").json()
    assert set(industries) == {"badge", "title", "titleHighlight", "subtitle", "industries"}
    assert set(industries["industries"][0]) == {
        "id",
        "slug",
        "name",
        "icon",
        "description",
        "imageUrl",
        "capabilities",
    }
    groups = client.get("/api/site/tech-platforms").json()["groups"]
    assert set(groups[0]) == {"id", "name", "items"}
    assert set(groups[0]["items"][0]) == {"name", "icon", "color"}
    stats = client.get("/api/company-stats").json()
    # empty prefix/description are left out, not sent as ""
    assert set(stats[0]) == {"id", "label", "value", "suffix", "valueType", "useGrouping", "order"}
    assert stats[0]["valueType"] in {
        "plain",
        "count",
        "year",
        "percentage",
        "currency",
        "decimal",
        "date",
    }
    about = client.get("/api/about-sections").json()
    assert set(about[0]) == {"id", "key", "enabled", "sortOrder", "content"}
    uploads = client.get("/api/uploads", {"ownerType": "general"}).json()
    assert set(uploads[0]) == {
        "id",
        "ownerType",
        "url",
        "filename",
        "altText",
        "title",
        "category",
    }
