"""GET /api/site/home-content: the /solution/<slug> pages' copy (FRONTEND.md §4.11)."""

import pytest
from django.urls import reverse

from cms.models import HomeContentSettings
from tests.cms.factories import stream

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def solution(slug, features=("Offline sales", "Receipts")):
    return {
        "slug": slug,
        "name": slug.replace("-", " ").title(),
        "headline": f"Headline for {slug}",
        "description": "What it is.",
        "features": stream("item", list(features)),
    }


def test_empty_is_an_empty_list(client):
    assert client.get("/api/site/home-content").json() == {"solutions": []}


def test_solutions_shape(client):
    content = HomeContentSettings.load()
    content.solutions = stream("solution", [solution("pos-systems"), solution("mobile-apps")])
    content.save()
    body = client.get("/api/site/home-content").json()
    assert list(body) == ["solutions"]
    first = body["solutions"][0]
    assert first == {
        "slug": "pos-systems",
        "name": "Pos Systems",
        "headline": "Headline for pos-systems",
        "description": "What it is.",
        "features": ["Offline sales", "Receipts"],
    }
    assert [s["slug"] for s in body["solutions"]] == ["pos-systems", "mobile-apps"]


def _form(solutions):
    data = {"solutions-count": len(solutions)}
    for i, value in enumerate(solutions):
        prefix = f"solutions-{i}"
        data.update({f"{prefix}-type": "solution", f"{prefix}-deleted": "", f"{prefix}-order": i})
        data[f"{prefix}-id"] = ""
        for name in ("slug", "name", "headline", "description"):
            data[f"{prefix}-value-{name}"] = value[name]
        features = value["features"]
        data[f"{prefix}-value-features-count"] = len(features)
        for j, feature in enumerate(features):
            item = f"{prefix}-value-features-{j}"
            data.update({f"{item}-value": feature, f"{item}-deleted": "", f"{item}-order": j})
            data[f"{item}-id"] = ""
    return data


def test_editor_edits_solutions_and_the_cache_follows(client, admin_user, commit):
    assert client.get("/api/site/home-content").json() == {"solutions": []}
    client.force_login(admin_user)
    url = reverse(
        "wagtailsettings:edit", args=["cms", "homecontentsettings", HomeContentSettings.load().pk]
    )
    value = {
        "slug": "ai-chatbots",
        "name": "AI Chatbots",
        "headline": "Chatbots That Answer",
        "description": "From your FAQs.",
        "features": ["WhatsApp", "Hand-off"],
    }
    assert commit(client.post, url, _form([value])).status_code == 302
    client.logout()
    assert client.get("/api/site/home-content").json() == {"solutions": [value]}


@pytest.mark.parametrize(
    ("solutions", "message"),
    [
        (
            [
                {
                    "slug": "Bad Slug",
                    "name": "n",
                    "headline": "h",
                    "description": "d",
                    "features": [],
                }
            ],
            b"Use lower-case letters, digits and hyphens",
        ),
        (
            [
                {"slug": "web", "name": "a", "headline": "h", "description": "d", "features": []},
                {"slug": "web", "name": "b", "headline": "h", "description": "d", "features": []},
            ],
            b"Each slug may be used once; repeated: web.",
        ),
    ],
)
def test_editor_gets_a_clear_message_for_bad_slugs(client, admin_user, solutions, message):
    client.force_login(admin_user)
    url = reverse(
        "wagtailsettings:edit", args=["cms", "homecontentsettings", HomeContentSettings.load().pk]
    )
    response = client.post(url, _form(solutions))
    assert response.status_code == 200
    assert message in response.content
    assert list(HomeContentSettings.load().solutions.raw_data) == []
