"""Wagtail's API v2 (routing editor-created pages, rich text as HTML), the sitemap with
frontend URLs, and editor-managed redirects."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from cms.models import StandardPage
from tests.cms.factories import add_page, blog_post, make_image, service, sid

pytestmark = pytest.mark.django_db


def test_v2_pages_with_html_rich_text_and_frontend_links(tree, client):
    target = service(tree, 1)
    post = blog_post(
        tree,
        1,
        body=[
            {
                "type": "paragraph",
                "value": f'<p>See <a linktype="page" id="{target.pk}">this</a>.</p>',
                "id": sid(),
            }
        ],
        cover_image=make_image("Cover"),
    )
    response = client.get(
        "/api/v2/pages/",
        {"type": "cms.BlogPostPage", "fields": "*", "rich_text_format": "html"},
    )
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["id"] == post.pk
    paragraph = item["body"][0]["value"]
    assert '<a href="http://frontend.test/services/service-1">this</a>' in paragraph
    assert "linktype" not in paragraph
    assert item["meta"]["html_url"] == "http://frontend.test/blog/post-1"
    # the default format is HTML too
    default = client.get("/api/v2/pages/", {"type": "cms.BlogPostPage", "fields": "body"})
    assert "linktype" not in default.content.decode()
    assert "@" not in default.content.decode()  # no staff email leaks through `author`


def test_v2_find_routes_editor_created_pages(tree, client):
    page = add_page(tree.home, StandardPage(title="Careers", slug="careers", intro="Join us"))
    response = client.get("/api/v2/pages/find/", {"html_path": "/careers/"}, follow=True)
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == page.pk and data["intro"] == "Join us"
    missing = client.get("/api/v2/pages/find/", {"html_path": "/nope/"})
    assert missing.status_code == 404


def test_v2_images_and_documents(client, db):
    image = make_image("Logo")
    images = client.get("/api/v2/images/").json()
    assert [i["id"] for i in images["items"]] == [image.pk]
    assert client.get("/api/v2/documents/").status_code == 200


def test_sitemap_lists_frontend_urls_of_live_pages(tree, client):
    service(tree, 1)
    blog_post(tree, 1)
    blog_post(tree, 2, publish=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "<loc>http://frontend.test/services/service-1</loc>" in xml
    assert "<loc>http://frontend.test/blog/post-1</loc>" in xml
    assert "post-2" not in xml


def test_editor_redirects(tree, client):
    Redirect.objects.create(old_path="/old-services", redirect_link="http://frontend.test/services")
    response = client.get("/old-services")
    assert response.status_code in (301, 302)
    assert response["Location"] == "http://frontend.test/services"
