"""Headless preview: Preview in the admin stores the draft and sends the editor to the
frontend with a signed token; /api/preview returns the draft for a valid token only."""

import re
from datetime import timedelta
from unittest import mock
from urllib.parse import unquote

import pytest
from django.urls import reverse

from tests.cms.factories import blog_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(tree):
    post = blog_post(tree, 1)
    post.title = "Unpublished draft title"
    post.save_revision()
    return post


def _preview(client, admin_user, post):
    """Press Preview in the editor (with the draft's form data) and read the token."""
    client.force_login(admin_user)
    edit = reverse("wagtailadmin_pages:preview_on_edit", args=[post.pk])
    data = {
        "title": "Unpublished draft title",
        "slug": post.slug,
        "subtitle": "Sub",
        "excerpt": "Excerpt",
        "cover_image_alt": "",
        "tags": "",
        "body-count": 0,
        "seo_title": "",
        "search_description": "",
    }
    assert client.post(edit, data).json()["is_valid"] is True
    response = client.get(edit)
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r"content_type=([\w.]+)&amp;token=([^\"&]+)", html)
    assert match, html[:3000]
    client.logout()
    return match.group(1), unquote(match.group(2))


def test_preview_token_returns_draft(client, admin_user, draft):
    content_type, token = _preview(client, admin_user, draft)
    assert content_type == "cms.blogpostpage"
    response = client.get("/api/preview", {"content_type": content_type, "token": token})
    assert response.status_code == 200
    assert response.json()["title"] == "Unpublished draft title"
    assert response["Cache-Control"] == "private, no-store"
    # the public route still shows the published version
    assert client.get(f"/api/blogs/{draft.slug}").json()["title"] == "Post 1"


def test_preview_url_points_at_the_frontend(client, admin_user, draft):
    client.force_login(admin_user)
    url = draft.get_preview_url(None, "TOKEN")
    assert url.startswith("http://frontend.test/preview?content_type=cms.blogpostpage&token=")


def test_expired_token_refused(client, admin_user, draft, settings):
    content_type, token = _preview(client, admin_user, draft)
    settings.CMS_PREVIEW_TOKEN_MAX_AGE = 3600
    import time as time_module

    later = time_module.time() + timedelta(hours=1, seconds=5).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get("/api/preview", {"content_type": content_type, "token": token})
    assert response.status_code == 403
    assert response.json()["code"] == "preview_expired"


def test_tampered_token_refused(client, admin_user, draft):
    content_type, token = _preview(client, admin_user, draft)
    value, _, signature = token.rpartition(":")
    forged = value.replace(f"id={draft.pk}", "id=1") + ":" + signature
    for params in (
        {"content_type": content_type, "token": forged},
        {"content_type": content_type, "token": token[:-2] + "xx"},
        {"content_type": "cms.servicepage", "token": token},
        {"content_type": "accounts.user", "token": token},
        {"content_type": content_type, "token": ""},
    ):
        response = client.get("/api/preview", params)
        assert response.status_code in (403, 404), params
        assert response.json()["code"] in ("preview_invalid", "not_found"), params
    # a token signed for another page type never reveals this draft
    response = client.get("/api/preview", {"content_type": "cms.servicepage", "token": token})
    assert "Unpublished draft title" not in response.content.decode()
