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
    assert site["contact"]["social"]["github"] == "https://github.com/angisoft"
    about_keys = [s["key"] for s in client.get("/api/about-sections").json()]
    assert about_keys == ["intro", "timeline", "cta"]
    uploads = client.get("/api/uploads", {"ownerType": "general"}).json()
    assert {u["category"] for u in uploads} == {"Brand", "Logos"}
    assert client.get("/api/uploads", {"ownerType": "booking"}).json() == []
    # unapproved testimonials stay hidden
    names = [t["name"] for t in client.get("/api/testimonials").json()]
    assert "Unverified visitor" not in names


def test_site_groups_have_the_contract_fields(client):
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
    assert set(site["hero"]["slides"][0]) == {
        "id",
        "title",
        "highlight",
        "description",
        "imageUrl",
        "videoUrl",
        "ctaLabel",
        "ctaUrl",
        "badge",
    }
    assert set(site["booking"]) == {
        "hero",
        "labels",
        "projectTypes",
        "steps",
        "paymentStep",
        "success",
    }
    assert set(site["booking"]["success"]) == {"title", "message"}
    assert set(site["pricing"]) == {
        "title",
        "subtitle",
        "intro",
        "currency",
        "packages",
        "process",
        "faq",
        "cta",
    }
    assert set(site["pricing"]["packages"][0]) == {"slug", "serviceSlug", "title", "items"}
    assert set(site["pricing"]["process"][0]) == {"step", "title", "description"}
    assert set(site["ui"]) == {"home", "pages"}
    assert set(site["ui"]["home"]["blog"]) == {
        "badge",
        "title",
        "subtitle",
        "ctaLabel",
        "featuredLabel",
        "readLabel",
    }
    industries = client.get("/api/site/industries").json()
    assert set(industries) == {"badge", "title", "titleHighlight", "subtitle", "industries"}
    assert set(industries["industries"][0]) == {
        "id",
        "slug",
        "name",
        "icon",
        "description",
        "imageUrl",
        "services",
        "capabilities",
    }
    groups = client.get("/api/site/tech-platforms").json()["groups"]
    assert set(groups[0]) == {"id", "name", "items"}
    assert set(groups[0]["items"][0]) == {"name", "icon", "color"}
    stats = client.get("/api/company-stats").json()
    assert set(stats[0]) == {
        "id",
        "label",
        "value",
        "prefix",
        "suffix",
        "valueType",
        "useGrouping",
        "description",
        "order",
    }
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
    assert set(uploads[0]) == {"id", "url", "filename", "altText", "title", "category"}
