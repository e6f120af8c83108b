"""Editing pages in the admin: the author starts as the editor, an empty cover alt falls
back to the image's description, a new page is not autosaved behind the editor's back,
and preview still shows the draft when the frontend is not running."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from cms.models import BlogPostPage
from tests.cms.factories import blog_post, make_image

pytestmark = pytest.mark.django_db


def test_new_blog_post_author_defaults_to_the_editor(client, admin_user, tree):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=["cms", "blogpostpage", tree.blog.pk])
    form = client.get(url).context["form"]
    assert form.initial["author"] == admin_user.pk
    html = client.get(url).content.decode()
    assert f'<option value="{admin_user.pk}" selected>' in html


def test_existing_post_keeps_its_author(client, admin_user, tree):
    post = blog_post(tree, 1)  # no author
    client.force_login(admin_user)
    form = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).context["form"]
    assert form.initial.get("author") is None


def test_empty_cover_alt_uses_the_image_description(tree, get_api):
    blog_post(tree, 1, cover_image=make_image("Team photo"), cover_image_alt="")
    blog_post(tree, 2, cover_image=make_image("Office"), cover_image_alt="Our office at dusk")
    blog_post(tree, 3)
    items = {item["slug"]: item for item in get_api("blogs").json()}
    assert items["post-1"]["coverImageAlt"] == "Team photo alt"
    assert items["post-2"]["coverImageAlt"] == "Our office at dusk"
    assert items["post-3"].get("coverImageAlt", "") == ""  # no image, nothing to describe
    assert get_api("blogs/post-1").json()["coverImageAlt"] == "Team photo alt"


def test_add_page_does_not_autosave_but_edit_does(client, admin_user, tree):
    client.force_login(admin_user)
    add = client.get(reverse("wagtailadmin_pages:add", args=["cms", "blogpostpage", tree.blog.pk]))
    assert "data-w-autosave-interval-value" not in add.content.decode()
    post = blog_post(tree, 1)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk]))
    assert "data-w-autosave-interval-value" in edit.content.decode()


def _preview_html(client, admin_user, post, mode=""):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[post.pk])
    data = {
        "title": "Draft headline",
        "slug": post.slug,
        "subtitle": "A subtitle worth reading",
        "excerpt": "Excerpt",
        "cover_image_alt": "",
        "tags": "",
        "body-count": 0,
        "seo_title": "",
        "search_description": "",
    }
    assert client.post(url, data).json()["is_valid"] is True
    return client.get(url, {"mode": mode}).content.decode()


def test_preview_without_a_frontend_shows_the_draft_and_says_why(
    client, admin_user, tree, settings
):
    settings.FRONTEND_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    post = blog_post(tree, 1)
    html = _preview_html(client, admin_user, post)
    assert 'data-testid="preview-hint"' in html and "did not answer" in html
    assert ">Draft headline</h1>" in html
    assert "A subtitle worth reading" in html
    assert "<iframe" not in html
    assert "token=" in html  # still links to the frontend's preview route


class _Frontend(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_preview_with_a_frontend_frames_it_and_summary_mode_always_works(
    client, admin_user, tree, settings
):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Frontend)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.FRONTEND_URL = f"http://127.0.0.1:{server.server_port}"
        post = blog_post(tree, 1)
        assert "<iframe" in _preview_html(client, admin_user, post)
        summary = _preview_html(client, admin_user, post, mode="summary")
        assert "<iframe" not in summary and "Content summary" in summary
        assert "A subtitle worth reading" in summary
    finally:
        server.shutdown()
        server.server_close()
    assert BlogPostPage.objects.filter(pk=post.pk, live=True).exists()
