"""Services, projects, blog posts and products become pages; categories become snippets."""

from datetime import datetime

import pytest
from psycopg.types.json import Jsonb
from rest_framework.test import APIClient
from wagtail.images import get_image_model

from cms.models import (
    BlogCategory,
    BlogPostPage,
    ProductPage,
    ProjectPage,
    ServiceCategory,
    ServicePage,
)
from tests.legacy.test_import import mapped, run

pytestmark = pytest.mark.django_db

CONTENT_TABLES = "Employee,ServiceCategory,Service,Project,BlogCategory,BlogPost,Product"


@pytest.fixture
def content(legacy):
    c = {}
    c["author"] = legacy.employee(firstName="Angela", role="BLOG_MANAGER")
    c["cover"] = legacy.upload_image("cover.png")
    c["inline"] = legacy.upload_image("inline.png", colour=(0, 90, 200))
    c["shot"] = legacy.upload_image("shot.png", colour=(0, 200, 90))
    c["web"] = legacy.row("ServiceCategory", name="Web", slug="web", icon="not-an-icon", order=2)
    c["service"] = legacy.row(
        "Service", title="Company websites", slug="company-websites",
        description="<p>Fast <b>sites</b>.</p><script>alert(1)</script><p>Second.</p>",
        categoryId=c["web"], priceFrom=25000.0, currency="kes", features=["SEO", "CMS"],
        images=[c["shot"], "/uploads/missing.png"], authorId=c["author"], published=True,
        featured=True, seoTitle="Websites in Nairobi",
        pricing=Jsonb([{"name": "Starter", "price": 25000, "items": ["5 pages"]}, "junk"]),
    )  # fmt: skip
    c["draft_service"] = legacy.row(
        "Service", title="Secret service", slug="secret", description="Soon", published=False
    )
    c["project"] = legacy.row(
        "Project", title="Shop app", slug="shop-app", description="An online shop.",
        type="Web app", images=[c["shot"]], techStack=["Django", "React"], industry="Retail",
        demoUrl="https://shop.example.test", published=True,
    )  # fmt: skip
    c["news"] = legacy.row("BlogCategory", name="News", slug="news", description="Updates")
    c["html_post"] = legacy.row(
        "BlogPost", title="We moved", slug="we-moved", authorId=c["author"],
        categoryId=c["news"], tags=["office", "Nairobi"], published=True,
        publishedAt=datetime(2026, 2, 1, 9, 0), coverImage=c["cover"], excerpt="New office.",
        content=f'<h2>New office</h2><p>See <a href="https://x.test">map</a> '
        '<a href="javascript:alert(1)">here</a></p>'
        f'<p><img src="{c["inline"]}" alt="The door"></p><p>Come by.</p>',
    )  # fmt: skip
    c["md_post"] = legacy.row(
        "BlogPost", title="Markdown post", slug="md-post", authorId=c["author"],
        content=f"# Title\n\nSome **bold** text.\n\n![Chart]({c['inline']})\n\n- one\n- two\n",
        published=True, mediaUrl="https://podcast.example.test/ep1.mp3", contentType="podcast",
    )  # fmt: skip
    c["product"] = legacy.row(
        "Product", name="POS Lite", slug="pos-lite", description="<p>Sell faster.</p>",
        tagline="Tills for shops", status="BETA", logoUrl=c["cover"],
        screenshots=Jsonb([{"url": c["shot"]}]), features=Jsonb(["Offline", {"title": "M-Pesa"}]),
        pricing=Jsonb({"type": "subscription", "amount": 2500, "currency": "KES"}),
        published=True, category="Web",
    )  # fmt: skip
    return c


def test_pages_categories_bodies_and_images(legacy, content):
    out = run(legacy, "--only", CONTENT_TABLES)

    web = mapped("ServiceCategory", content["web"], ServiceCategory)
    assert (web.name, web.slug, web.icon, web.order) == ("Web", "web", "", 2)
    assert "icon 'not-an-icon' unknown" in out

    service = mapped("Service", content["service"], ServicePage)
    assert service.live and service.slug == "company-websites"
    assert (service.category, service.price_from, service.currency) == (web, 25000, "KES")
    assert service.seo_title == "Websites in Nairobi" and service.featured
    assert service.author.first_name == "Angela"
    assert [f.value for f in service.features] == ["SEO", "CMS"]
    assert [p.value["name"] for p in service.pricing] == ["Starter"]
    assert "pricing entry 'junk' not carried" in out
    html = "".join(str(block.value) for block in service.body)
    assert "<b>sites</b>" in html and "Second." in html and "script" not in html
    assert len(service.gallery) == 1  # the missing image is reported, not invented
    assert "image /uploads/missing.png not found" in out
    draft = mapped("Service", content["draft_service"], ServicePage)
    assert not draft.live and draft.has_unpublished_changes

    project = mapped("Project", content["project"], ProjectPage)
    assert (project.project_type, project.industry, project.demo_url) == (
        "Web app", "Retail", "https://shop.example.test"
    )  # fmt: skip
    assert [t.value for t in project.tech_stack] == ["Django", "React"]
    assert project.gallery[0].value == service.gallery[0].value  # one image per file

    post = mapped("BlogPost", content["html_post"], BlogPostPage)
    assert post.category == mapped("BlogCategory", content["news"], BlogCategory)
    assert sorted(post.tags.names()) == ["Nairobi", "office"]
    assert post.first_published_at.date() == datetime(2026, 2, 1).date()
    assert post.cover_image is not None and post.excerpt == "New office."
    kinds = [block.block_type for block in post.body]
    assert kinds == ["paragraph", "image", "paragraph"]
    assert post.body[1].value["caption"] == "The door"
    assert 'href="https://x.test"' in str(post.body[0].value)
    assert "javascript" not in str(post.body[0].value) and "here" in str(post.body[0].value)
    assert "link 'javascript:alert(1)' is not safe, text kept" in out
    md = mapped("BlogPost", content["md_post"], BlogPostPage)
    md_html = "".join(str(b.value) for b in md.body if b.block_type == "paragraph")
    assert "<b>bold</b>" in md_html and ">one</li>" in md_html
    assert "podcast.example.test/ep1.mp3" in md_html
    assert [b.block_type for b in md.body] == ["paragraph", "paragraph", "image", "paragraph"]

    product = mapped("Product", content["product"], ProductPage)
    assert (product.status, product.pricing_type, product.price_amount) == (
        "BETA", "subscription", 2500
    )  # fmt: skip
    assert product.category == web and product.logo is not None
    assert [f.value for f in product.features] == ["Offline", "M-Pesa"]
    assert product.description == "Sell faster."

    # The public API serves them.
    api = APIClient()
    assert api.get("/api/services/company-websites").status_code == 200
    assert api.get("/api/services/secret").status_code == 404


def test_content_second_run_updates_and_never_duplicates(legacy, content):
    run(legacy, "--only", CONTENT_TABLES)
    pages = (ServicePage.objects.count(), BlogPostPage.objects.count())
    images = get_image_model().objects.count()
    legacy.execute(
        'UPDATE "Service" SET title = %s WHERE id = %s', ("Websites", content["service"])
    )
    legacy.execute('UPDATE "Service" SET published = false WHERE id = %s', (content["service"],))

    out = run(legacy, "--only", CONTENT_TABLES)

    assert (ServicePage.objects.count(), BlogPostPage.objects.count()) == pages
    assert get_image_model().objects.count() == images
    service = mapped("Service", content["service"], ServicePage)
    assert service.title == "Websites" and not service.live
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].isupper()}
    assert lines["Service"] == ["2", "2", "0", "1", "1", "0"]
    assert lines["BlogPost"] == ["2", "2", "0", "0", "2", "0"]


def test_slug_taken_by_an_existing_page_is_not_overwritten(legacy, content):
    from cms.demo import ensure_home
    from cms.models import ServiceIndexPage

    index = ensure_home().add_child(instance=ServiceIndexPage(title="Services", slug="services"))
    ours = index.add_child(
        instance=ServicePage(title="Ours", slug="company-websites", summary="Written here")
    )

    out = run(legacy, "--only", "Service")

    imported = mapped("Service", content["service"], ServicePage)
    assert imported.slug == "company-websites-legacy" and imported.pk != ours.pk
    assert ServicePage.objects.get(pk=ours.pk).title == "Ours"
    assert "slug 'company-websites' is taken; used company-websites-legacy" in out


def test_dry_run_writes_no_pages_or_images(legacy, content):
    out = run(legacy, "--only", CONTENT_TABLES, "--dry-run")

    assert "DRY RUN" in out and f"Service {content['service']}: image" in out
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].isupper()}
    assert lines["Service"] == ["2", "2", "2", "0", "0", "0"]
    assert lines["BlogPost"] == ["2", "2", "2", "0", "0", "0"]
    assert not ServicePage.objects.exists() and not BlogPostPage.objects.exists()
    assert not get_image_model().objects.exists() and not ServiceCategory.objects.exists()
