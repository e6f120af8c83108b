"""API responses are cached and invalidated by every kind of content change: publish,
unpublish, delete, scheduled publish, snippets and settings. ETag/Cache-Control headers."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Revision

from cms import tasks
from cms.models import BlogPostPage, ContactSettings
from tests.cms.factories import ReviewFactory, blog_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (cache bump, webhooks) as a real commit would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def slugs(client, path="/api/blogs"):
    response = client.get(path)
    assert response.status_code == 200
    return [item["slug"] for item in response.json()]


def test_cached_response_headers_and_conditional_get(tree, client, commit):
    commit(blog_post, tree, 1)
    first = client.get("/api/blogs")
    assert first["X-Cache"] == "MISS"
    assert first["Cache-Control"] == "public, max-age=60"
    etag = first["ETag"]
    second = client.get("/api/blogs")
    assert second["X-Cache"] == "HIT"
    assert second["ETag"] == etag and second.content == first.content
    not_modified = client.get("/api/blogs", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert client.get("/api/blogs", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_publish_unpublish_delete_invalidate_list_and_detail(tree, client, commit):
    commit(blog_post, tree, 1)
    assert slugs(client) == ["post-1"]
    assert client.get("/api/blogs/post-1")["X-Cache"] == "MISS"
    assert client.get("/api/blogs/post-1")["X-Cache"] == "HIT"

    second = commit(blog_post, tree, 2)
    assert sorted(slugs(client)) == ["post-1", "post-2"]

    post = BlogPostPage.objects.get(slug="post-1")
    post.title = "Renamed"
    commit(lambda: post.save_revision().publish())
    assert client.get("/api/blogs/post-1").json()["title"] == "Renamed"

    commit(second.unpublish)
    assert slugs(client) == ["post-1"]

    commit(BlogPostPage.objects.get(slug="post-1").delete)
    assert slugs(client) == []
    assert client.get("/api/blogs/post-1").status_code == 404


def test_scheduled_publish_invalidates(tree, client, commit):
    post = commit(blog_post, tree, 1, publish=False)
    assert slugs(client) == []
    post.go_live_at = timezone.now() + timedelta(hours=1)
    revision = post.save_revision()
    commit(revision.publish)  # scheduled, not live yet
    assert slugs(client) == []
    # An hour later: the go-live time has passed.
    past = timezone.now() - timedelta(minutes=1)
    revision = Revision.objects.get(pk=revision.pk)
    revision.content["go_live_at"] = past.isoformat()
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=past, content=revision.content
    )
    commit(tasks.publish_scheduled.call_local)  # the Huey periodic task
    assert slugs(client) == ["post-1"]


def test_snippet_and_setting_changes_invalidate(client, commit, db):
    review = commit(ReviewFactory, name="Ann", status="pending")
    assert client.get("/api/testimonials").json() == []
    review.status = "approved"
    commit(review.save)
    assert [t["name"] for t in client.get("/api/testimonials").json()] == ["Ann"]

    assert "email" not in client.get("/api/site/contact").json()
    contact = ContactSettings.load()
    contact.email = "hello@angisoft.test"
    commit(contact.save)
    assert client.get("/api/site/contact").json()["email"] == "hello@angisoft.test"
    assert client.get("/api/site/all").json()["contact"]["email"] == "hello@angisoft.test"


def test_errors_are_not_cached(client, db, commit):
    assert client.get("/api/blogs/nope").status_code == 404
    assert "X-Cache" not in client.get("/api/blogs/nope")


def test_other_workers_see_a_publish_within_the_version_ttl(tree, client, commit, settings):
    from cms.api import cache as api_cache

    settings.CMS_API_VERSION_TTL = 30
    commit(blog_post, tree, 1)
    assert client.get("/api/blogs")["X-Cache"] == "MISS"
    assert client.get("/api/blogs")["X-Cache"] == "HIT"
    api_cache._store().bump()  # another worker published: this one trusts its read for 30 s
    assert client.get("/api/blogs")["X-Cache"] == "HIT"
    api_cache._memo["until"] = 0  # ... and once that time is up it reads the new version
    assert client.get("/api/blogs")["X-Cache"] == "MISS"
