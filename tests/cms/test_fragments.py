"""Per-item fragment cache: a list, detail, filter or search that misses the response cache
reuses each item's cached JSON (one query for the ids), and every change a fragment
depends on (publish, unpublish, move, delete, image renditions, settings) refreshes it.

"Cold" requests below add a query string the views ignore, so they always miss the
response cache and exercise the fragments. A "sneaky" update writes a row without
signals: it shows up only when the fragment of that item is rebuilt."""

import io
import itertools

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.test import APIRequestFactory

from cms.api import selectors
from cms.api import serializers as out
from cms.api.views import PublicView
from cms.models import BlogPostPage, BrandingSettings, ServicePage
from tests.cms.factories import (
    BlogCategoryFactory,
    StaffProfileFactory,
    blog_post,
    make_image,
    service,
    sid,
    stream,
)

pytestmark = pytest.mark.django_db
_bust = itertools.count()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def cold(client, path):
    sep = "&" if "?" in path else "?"
    response = client.get(f"{path}{sep}cold={next(_bust)}")
    assert response.status_code == 200, response.content
    assert response["X-Cache"] == "MISS"
    return response


def linking_post(tree, n, target, **kw):
    body = [
        {
            "type": "paragraph",
            "value": f'<p>See <a linktype="page" id="{target.pk}">this</a>.</p>',
            "id": sid(),
        }
    ]
    return blog_post(tree, n, body=body, **kw)


@pytest.fixture
def content(tree, commit):
    target = commit(service, tree, 0)
    image = make_image("Cover")
    author = StaffProfileFactory(avatar=make_image("Face")).user
    category = BlogCategoryFactory()
    posts = [
        commit(linking_post, tree, n, target, cover_image=image, author=author, category=category)
        for n in range(3)
    ]
    return {"target": target, "image": image, "posts": posts}


def sneak(post, excerpt="Sneaky"):
    BlogPostPage.objects.filter(pk=post.pk).update(excerpt=excerpt)


def excerpts(client, path="/api/blogs"):
    return {item["slug"]: item["excerpt"] for item in cold(client, path).json()}


def test_cold_list_is_one_query_and_byte_identical(content, client):
    first = cold(client, "/api/blogs")
    with CaptureQueriesContext(connection) as ctx:
        second = cold(client, "/api/blogs")
    assert len(ctx.captured_queries) == 1  # the ids and revisions; items come from the cache
    assert second.content == first.content

    view = PublicView()
    view.request = Request(APIRequestFactory().get("/api/blogs"))
    whole = view.render_many(selectors.blogs_list(), out.BlogSerializer)
    # The API's own renderer: it puts the camelCase on the serializers' Python names.
    renderer = api_settings.DEFAULT_RENDERER_CLASSES[0]()
    assert first.content == renderer.render(whole.data)


def test_detail_filter_search_and_pages_reuse_fragments(content, client):
    cold(client, "/api/blogs/post-1")
    category = content["posts"][0].category.slug
    for path in (
        "/api/blogs/post-1",
        f"/api/blogs?category={category}",
        "/api/blogs?page=2&pageSize=1",
        "/api/services/service-0",
        "/api/services",
    ):
        cold(client, path)  # fills the fragments this route uses
        with CaptureQueriesContext(connection) as ctx:
            response = cold(client, path)
        assert len(ctx.captured_queries) <= 2, path  # + the count when paginated
    assert response.json()[0]["slug"] == "service-0"
    paged = cold(client, "/api/blogs?page=2&pageSize=1")
    assert paged["X-Total-Count"] == "3" and 'rel="next"' in paged["Link"]
    assert len(paged.json()) == 1
    assert [p["slug"] for p in cold(client, "/api/blogs?search=post").json()]


def test_publish_refreshes_its_own_fragment_and_keeps_the_others(content, client, commit):
    post, other = content["posts"][0], content["posts"][1]
    excerpts(client)
    commit(lambda: post.save_revision().publish())  # first known publish: all refresh
    excerpts(client)
    sneak(other)
    post.excerpt = "Edited"
    commit(lambda: post.save_revision().publish())  # same title and slug
    seen = excerpts(client)
    assert seen["post-0"] == "Edited"
    assert seen["post-1"] == "Excerpt"  # still the cached fragment: nothing it shows changed


def test_publish_with_a_new_slug_refreshes_pages_that_link_to_it(content, client, commit):
    target = content["target"]
    assert "/services/service-0" in cold(client, "/api/blogs/post-1").json()["content"]
    target.slug = "renamed"
    commit(lambda: target.save_revision().publish())
    assert "/services/renamed" in cold(client, "/api/blogs/post-1").json()["content"]
    assert "/services/renamed" in cold(client, "/api/blogs").json()[0]["content"]


def test_unpublish_and_delete_refresh_pages_that_link_to_it(content, client, commit):
    target = content["target"]
    cold(client, "/api/blogs")
    commit(target.unpublish)
    assert 'href="' not in cold(client, "/api/blogs/post-1").json()["content"]
    assert [s["slug"] for s in cold(client, "/api/services").json()] == []

    commit(lambda: target.save_revision().publish())
    assert "/services/service-0" in cold(client, "/api/blogs/post-1").json()["content"]
    commit(ServicePage.objects.get(pk=target.pk).delete)
    assert 'href="' not in cold(client, "/api/blogs/post-1").json()["content"]


def test_move_refreshes_fragments(content, client, commit, tree):
    excerpts(client)
    sneak(content["posts"][2])
    commit(lambda: content["target"].move(tree.home, pos="last-child"))
    assert excerpts(client)["post-2"] == "Sneaky"


def test_focal_point_change_refreshes_fragments(tree, client, commit):
    image = make_image("Shot", size=(1600, 1000))
    commit(service, tree, 0, gallery=stream("image", [image.pk]))
    before = cold(client, "/api/services").json()[0]["images"]
    assert cold(client, "/api/services").json()[0]["images"] == before
    image.focal_point_x, image.focal_point_y = 100, 100
    image.focal_point_width, image.focal_point_height = 50, 50
    commit(image.save)
    after = cold(client, "/api/services").json()[0]["images"]
    assert after != before  # a fill rendition for the new focal point (a new file)


def test_image_file_change_refreshes_fragments(tree, client, commit):
    image = make_image("Shot", size=(640, 400))
    commit(service, tree, 0, gallery=stream("image", [image.pk]))
    post = commit(
        blog_post,
        tree,
        1,
        body=[{"type": "image", "value": {"image": image.pk, "caption": ""}, "id": sid()}],
    )
    assert 'width="640"' in cold(client, f"/api/blogs/{post.slug}").json()["content"]

    buffer = io.BytesIO()
    PILImage.new("RGB", (300, 200), (200, 0, 0)).save(buffer, "PNG")
    image.file = ImageFile(buffer, name="shot-2.png")
    image.width, image.height = 300, 200
    image.renditions.all().delete()  # as the admin's edit view does for a new file

    commit(image.save)
    content = cold(client, f"/api/blogs/{post.slug}").json()["content"]
    assert 'width="300"' in content and 'width="640"' not in content


def test_settings_change_refreshes_fragments(content, client, commit, settings):
    excerpts(client)
    sneak(content["posts"][0])
    branding = BrandingSettings.load()
    branding.site_name = "Renamed"
    commit(branding.save)
    assert excerpts(client)["post-0"] == "Sneaky"

    settings.FRONTEND_URL = "https://new.example"
    assert "https://new.example/services/" in cold(client, "/api/blogs").json()[0]["content"]


def test_every_page_type_of_the_app_invalidates_on_delete(content, client, commit):
    from django.db.models.signals import post_delete
    from wagtail.models import get_page_models

    cms_pages = [m for m in get_page_models() if m._meta.app_label == "cms"]
    assert len(cms_pages) >= 10
    for model in cms_pages:
        assert post_delete.has_listeners(model), model
    excerpts(client)
    sneak(content["posts"][0])
    commit(ServicePage.objects.get(pk=content["target"].pk).delete)
    assert excerpts(client)["post-0"] == "Sneaky"
