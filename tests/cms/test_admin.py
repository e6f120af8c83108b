"""Editors manage every piece of content in the Wagtail admin."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from cms.models import SITE_GROUPS, AboutSettings, ServicePage, StaffProfile, UploadsSettings
from cms.models import Testimonial as Review
from tests.cms.factories import settings_admin_url
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def test_snippet_and_log_listings_open(editor):
    for name in (
        "cms_testimonial",
        "cms_faq",
        "cms_servicecategory",
        "cms_blogcategory",
        "cms_companystat",
        "cms_staffprofile",
        "cms_webhookendpoint",
    ):
        response = editor.get(reverse(f"wagtailsnippets_{name}:list"))
        assert response.status_code == 200, name
    assert editor.get(reverse("webhook-deliveries:index")).status_code == 200
    assert editor.get(reverse("webhook-deliveries:add")).status_code in (302, 403)


def test_every_settings_group_is_editable(editor):
    for model in [*SITE_GROUPS.values(), AboutSettings, UploadsSettings]:
        assert editor.get(settings_admin_url(model), follow=True).status_code == 200, model


def test_page_editors_open_for_every_page_type(editor, tree):
    for parent, model in [
        (tree.services, "servicepage"),
        (tree.projects, "projectpage"),
        (tree.blog, "blogpostpage"),
        (tree.home, "standardpage"),
    ]:
        url = reverse("wagtailadmin_pages:add", args=["cms", model, parent.pk])
        assert editor.get(url, follow=True).status_code == 200, model


def test_staff_profile_created_in_admin(editor):
    user = UserFactory(first_name="Ann")
    response = editor.post(
        reverse("wagtailsnippets_cms_staffprofile:add"),
        {
            "user": user.pk,
            "username": "ann",
            "public_title": "Engineer",
            "bio": "Hello",
            "location": "Nairobi",
            "linkedin_url": "",
            "github_url": "https://github.com/ann",
            "twitter_url": "",
            "website_url": "",
            "skills-count": 0,
            "is_public": "on",
            "sort_order": 0,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    profile = StaffProfile.objects.get(username="ann")
    assert profile.user == user and profile.is_public


def test_testimonial_approval_from_admin(editor):
    review = Review.objects.create(name="Bo", text="Nice")
    assert review.status == Review.Status.PENDING
    response = editor.post(
        reverse("wagtailsnippets_cms_testimonial:edit", args=[review.pk]),
        {
            "name": "Bo",
            "text": "Nice",
            "rating": 5,
            "status": "approved",
            "sort_order": 0,
            "role": "",
            "company": "",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.APPROVED


def test_headless_page_urls_and_serve_redirect(tree, client):
    from tests.cms.factories import service

    page = service(tree, 1)
    assert page.full_url == "http://frontend.test/services/service-1"
    response = client.get("/services/service-1/")
    assert response.status_code == 302
    assert response["Location"] == "http://frontend.test/services/service-1"
    assert Page.objects.type(ServicePage).count() == 1
