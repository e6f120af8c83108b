"""GET /api/careers and /api/site/careers_content (FRONTEND.md §4.10): exact keys and types,
only published open postings, edits in Wagtail reach the API at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.models import CareersContentSettings, JobPosting
from tests.cms.factories import stream

pytestmark = pytest.mark.django_db

POSTING_KEYS = {
    "id",
    "slug",
    "title",
    "department",
    "location",
    "employmentType",
    "workplaceType",
    "experienceLevel",
    "summary",
    "description",
    "responsibilities",
    "requirements",
    "preferredQualifications",
    "technologies",
    "salaryMin",
    "salaryMax",
    "salaryCurrency",
    "salaryVisibility",
    "openings",
    "applicationDeadline",
    "featured",
    "status",
    "isOpen",
    "publishedAt",
    "createdAt",
    "updatedAt",
}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def posting(slug="backend", publish=True, **fields):
    values = {
        "title": f"Job {slug}",
        "department": "Engineering",
        "location": "Nairobi",
        "summary": "Build things.",
        "description": "All about the role.",
        "responsibilities": stream("item", ["Write code", "Review code"]),
        "requirements": stream("item", ["Python"]),
        "technologies": stream("item", ["Django"]),
        "salary_min": 100000,
        "salary_max": 150000,
        "deadline": timezone.localdate() + datetime.timedelta(days=10),
        **fields,
    }
    job = JobPosting(slug=slug, live=False, **values)
    job.save()
    if publish:
        job.save_revision().publish()
    return JobPosting.objects.get(pk=job.pk)


def careers(client):
    response = client.get("/api/careers")
    assert response.status_code == 200
    return response.json()


def test_posting_shape_and_types(client):
    posting(featured=True)
    [item] = careers(client)
    assert set(item) == POSTING_KEYS
    assert None not in item.values()
    for key in ("id", "slug", "title", "department", "location", "summary", "description"):
        assert isinstance(item[key], str), key
    for key in ("responsibilities", "requirements", "preferredQualifications", "technologies"):
        assert isinstance(item[key], list) and all(isinstance(v, str) for v in item[key]), key
    assert item["responsibilities"] == ["Write code", "Review code"]
    assert item["preferredQualifications"] == []
    assert item["employmentType"] == "FULL_TIME" and item["workplaceType"] == "HYBRID"
    assert item["salaryMin"] == 100000 and isinstance(item["salaryMin"], int)
    assert item["salaryMax"] == 150000 and item["salaryCurrency"] == "KES"
    assert item["openings"] == 1 and item["featured"] is True
    assert item["status"] == "PUBLISHED" and item["isOpen"] is True
    # The deadline is the end of the day in Nairobi, so the frontend hides it only after.
    deadline = datetime.datetime.fromisoformat(item["applicationDeadline"])
    assert deadline.astimezone(timezone.get_default_timezone()).time() == datetime.time(23, 59, 59)


def test_hidden_salary_and_missing_values_are_left_out(client):
    posting("a", salary_visible=False)
    posting("b", salary_min=None, salary_max=None, deadline=None)
    items = {item["slug"]: item for item in careers(client)}
    assert "salaryMin" not in items["a"] and "salaryMax" not in items["a"]
    assert items["a"]["salaryVisibility"] is False
    assert not {"salaryMin", "salaryMax", "applicationDeadline"} & set(items["b"])


def test_only_published_open_postings_are_listed(client):
    posting("open")
    posting("draft", publish=False)
    posting("closed", accepting_applications=False)
    posting("expired", deadline=timezone.localdate() - datetime.timedelta(days=1))
    posting("today", deadline=timezone.localdate())
    unpublished = posting("unpublished")
    unpublished.unpublish()
    assert sorted(item["slug"] for item in careers(client)) == ["open", "today"]
    assert JobPosting.objects.get(slug="closed").status == "CLOSED"
    assert JobPosting.objects.get(slug="draft").status == "DRAFT"


def test_featured_first_then_newest(client):
    posting("old")
    posting("new")
    posting("star", featured=True)
    assert [item["slug"] for item in careers(client)] == ["star", "new", "old"]


def test_draft_changes_wait_for_publish_and_invalidate_the_cache(client, commit):
    job = commit(posting, "backend")
    assert careers(client)[0]["title"] == "Job backend"
    assert client.get("/api/careers")["X-Cache"] == "HIT"
    job.title = "Senior backend engineer"
    revision = commit(job.save_revision)
    assert careers(client)[0]["title"] == "Job backend"  # a draft is not public
    commit(revision.publish)
    assert careers(client)[0]["title"] == "Senior backend engineer"
    commit(posting, "second")
    assert len(careers(client)) == 2


def test_careers_content_shape(client):
    content = CareersContentSettings.load()
    content.culture_values = stream(
        "value",
        [
            {"key": "practical-innovation", "number": "", "title": "Build", "description": "D"},
            {"key": "meaningful-impact", "number": "09", "title": "Impact", "description": "I"},
        ],
    )
    content.benefits = stream(
        "benefit", [{"key": "health", "title": "Health cover", "description": "Medical"}]
    )
    content.save()
    body = client.get("/api/site/careers_content").json()
    assert body == {
        "cultureValues": [
            {"id": "practical-innovation", "number": "01", "title": "Build", "description": "D"},
            {"id": "meaningful-impact", "number": "09", "title": "Impact", "description": "I"},
        ],
        "benefits": [{"id": "health", "title": "Health cover", "description": "Medical"}],
    }


def test_empty_careers_content_is_two_empty_lists(client):
    assert client.get("/api/site/careers_content").json() == {"cultureValues": [], "benefits": []}


# --- editors ----------------------------------------------------------------------------


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def _stream_form(prefix, blocks):
    data = {f"{prefix}-count": len(blocks)}
    for i, (kind, value) in enumerate(blocks):
        data.update(
            {f"{prefix}-{i}-type": kind, f"{prefix}-{i}-deleted": "", f"{prefix}-{i}-order": i}
        )
        data[f"{prefix}-{i}-id"] = ""
        for name, field in value.items():
            data[f"{prefix}-{i}-value-{name}"] = field
    return data


def test_editor_publishes_a_posting_and_previews_it(editor, client, commit):
    data = {
        "title": "Data analyst",
        "slug": "data-analyst",
        "department": "Data",
        "location": "Nairobi",
        "employment_type": "PART_TIME",
        "workplace_type": "REMOTE",
        "experience_level": "",
        "summary": "Numbers.",
        "description": "Dashboards.",
        "salary_min": "",
        "salary_max": "",
        "salary_currency": "KES",
        "salary_visible": "on",
        "openings": 2,
        "deadline": "",
        "accepting_applications": "on",
        **_stream_form("responsibilities", [("item", {"": "Build dashboards"})]),
        **_stream_form("requirements", []),
        **_stream_form("preferred_qualifications", []),
        **_stream_form("technologies", [("item", {"": "SQL"})]),
    }
    # A plain CharBlock's field is named "<prefix>-<i>-value".
    data = {key.removesuffix("-"): value for key, value in data.items()}
    preview = editor.post(reverse("wagtailsnippets_cms_jobposting:preview_on_add"), data)
    assert preview.json() == {"is_valid": True, "is_available": True}
    shown = editor.get(reverse("wagtailsnippets_cms_jobposting:preview_on_add"))
    assert b"Data analyst" in shown.content and b"Build dashboards" in shown.content

    add = editor.post(reverse("wagtailsnippets_cms_jobposting:add"), data)
    assert add.status_code == 302, add.content[:3000]
    assert careers(client) == []  # saved as a draft
    job = JobPosting.objects.get(slug="data-analyst")
    response = commit(
        editor.post,
        reverse("wagtailsnippets_cms_jobposting:edit", args=[job.pk]),
        {**data, "action-publish": "action-publish"},
    )
    assert response.status_code == 302, response.content[:3000]
    [item] = careers(client)
    assert item["department"] == "Data" and item["responsibilities"] == ["Build dashboards"]
    assert item["technologies"] == ["SQL"] and item["employmentType"] == "PART_TIME"

    listing = editor.get(reverse("wagtailsnippets_cms_jobposting:list"), {"q": "analyst"})
    assert b"Data analyst" in listing.content


def test_editor_salary_range_must_be_ordered(editor):
    job = posting("x")
    url = reverse("wagtailsnippets_cms_jobposting:edit", args=[job.pk])
    page = editor.get(url)
    assert page.status_code == 200
    data = {
        "title": "x",
        "slug": "x",
        "department": "Eng",
        "summary": "s",
        "description": "d",
        "employment_type": "FULL_TIME",
        "workplace_type": "HYBRID",
        "salary_currency": "KES",
        "salary_min": 200,
        "salary_max": 100,
        "openings": 1,
        "responsibilities-count": 0,
        "requirements-count": 0,
        "preferred_qualifications-count": 0,
        "technologies-count": 0,
    }
    response = editor.post(url, data)
    assert response.status_code == 200
    assert b"The maximum must not be below the minimum." in response.content


def test_editor_edits_careers_content_and_duplicates_are_refused(editor, client, commit):
    pk = CareersContentSettings.load().pk
    url = reverse("wagtailsettings:edit", args=["cms", "careerscontentsettings", pk])
    assert client.get("/api/site/careers_content").json()["benefits"] == []
    value = {"title": "Flexible", "description": "Work from home"}
    good = {
        **_stream_form("culture_values", []),
        **_stream_form("benefits", [("benefit", {"key": "flexibility", **value})]),
    }
    assert commit(editor.post, url, good).status_code == 302
    benefits = client.get("/api/site/careers_content").json()["benefits"]
    assert benefits == [{"id": "flexibility", **value}]

    twice = {
        **_stream_form("culture_values", []),
        **_stream_form(
            "benefits",
            [("benefit", {"key": "health", **value}), ("benefit", {"key": "health", **value})],
        ),
    }
    response = commit(editor.post, url, twice)
    assert response.status_code == 200
    assert b"Each benefit may appear once; repeated: health." in response.content
    assert client.get("/api/site/careers_content").json()["benefits"] == benefits
