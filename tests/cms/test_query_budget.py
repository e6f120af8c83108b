"""A list response costs the same number of queries for 10 items as for 30: images,
renditions, linked pages and rich text are fetched in bulk for the whole response (and,
once the item fragments are cached, a list that misses the response cache is one query)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cms.factories import (
    BlogCategoryFactory,
    ServiceCategoryFactory,
    StaffProfileFactory,
    blog_post,
    make_image,
    project,
    service,
    sid,
    stream,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 6


def count_queries(client, path):
    cache.clear()  # measure the uncached path: no response, no item fragments
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    assert response["X-Cache"] == "MISS"
    return len(ctx.captured_queries), response.json()


def count_fragment_queries(client, path):
    """A response-cache miss whose items are all cached fragments."""
    client.get(path + "?fragments=0")  # caches the fragments
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path + "?fragments=1")
    assert response["X-Cache"] == "MISS"
    return len(ctx.captured_queries)


def _post(tree, n, target, author, category, image):
    body = [
        {
            "type": "paragraph",
            "value": (
                f'<p>Post {n} links to <a linktype="page" id="{target.pk}">a service</a>.</p>'
                f'<embed embedtype="image" id="{image.pk}" format="left" alt="inline"/>'
            ),
            "id": sid(),
        },
        {"type": "image", "value": {"image": image.pk, "caption": "c"}, "id": sid()},
        {
            "type": "cta",
            "value": {"title": "Go", "text": "", "label": "Go", "page": target.pk, "url": ""},
            "id": sid(),
        },
    ]
    return blog_post(
        tree,
        n,
        body=body,
        author=author,
        category=category,
        cover_image=image,
        tags=[f"tag{n % 3}"],
    )


def test_blog_list_queries_do_not_grow_with_items(tree, client):
    target = service(tree, 0)
    authors = [StaffProfileFactory(avatar=make_image(f"Face {i}")).user for i in range(3)]
    categories = [BlogCategoryFactory() for _ in range(3)]
    images = [make_image(f"Cover {i}") for i in range(4)]

    def add(start, stop):
        for n in range(start, stop):
            _post(tree, n, target, authors[n % 3], categories[n % 3], images[n % 4])

    add(0, 10)
    client.get("/api/blogs")  # first request makes the renditions
    small, items = count_queries(client, "/api/blogs")
    assert len(items) == 10
    assert items[0]["author"]["avatarUrl"].startswith("http://testserver/")
    assert 'href="http://frontend.test/services/service-0"' in items[0]["content"]
    assert "fill-800x533" in items[0]["content"]  # the inline image is a rendition
    assert '<a href="http://frontend.test/services/service-0">Go</a>' in items[0]["content"]

    add(10, 30)
    client.get("/api/blogs")
    large, items = count_queries(client, "/api/blogs")
    assert len(items) == 30
    assert small == large
    # +2: rich-text inline images are a second image batch; +1: the ids and revisions come
    # first, to look the item fragments up.
    assert large <= MAX_QUERIES + 3
    assert count_fragment_queries(client, "/api/blogs") == 1


def test_service_and_project_lists_are_constant(tree, client):
    category = ServiceCategoryFactory()
    author = StaffProfileFactory(avatar=make_image("Face")).user
    images = [make_image(f"Shot {i}") for i in range(3)]

    def add(start, stop):
        for n in range(start, stop):
            gallery = stream("image", [images[n % 3].pk, images[(n + 1) % 3].pk])
            service(tree, n, category=category, author=author, gallery=gallery)
            project(tree, n, author=author, gallery=gallery)

    add(0, 10)
    client.get("/api/services"), client.get("/api/projects")
    small = [count_queries(client, "/api/services")[0], count_queries(client, "/api/projects")[0]]
    add(10, 30)
    client.get("/api/services"), client.get("/api/projects")
    big_services, services = count_queries(client, "/api/services")
    big_projects, projects = count_queries(client, "/api/projects")
    assert (len(services), len(projects)) == (30, 30)
    assert small == [big_services, big_projects]
    assert big_services <= MAX_QUERIES + 1 and big_projects <= MAX_QUERIES + 1
    assert count_fragment_queries(client, "/api/services") == 1
    assert count_fragment_queries(client, "/api/projects") == 1
