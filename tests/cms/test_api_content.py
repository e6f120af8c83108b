"""Every content route of the frontend's contract: field names and types, and that only published,
public, approved content is ever shown."""

import pytest
from wagtail.models import PageViewRestriction

from cms.models import BlogPostPage
from cms.models import Testimonial as Review
from tests.cms.factories import (
    BlogCategoryFactory,
    FaqFactory,
    ReviewFactory,
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

ISO = r"^\d{4}-\d{2}-\d{2}T"


def _optional(kind) -> bool:
    """Empty strings and nulls are left out of responses (FRONTEND.md §1.4.6)."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return type(None) in kinds or str in kinds


def assert_fields(obj, spec):
    """spec: {field: type or tuple of types}. Every field is there (at least), except
    empty strings and nulls, which must be left out rather than sent."""
    missing = {name for name, kind in spec.items() if name not in obj and not _optional(kind)}
    assert not missing, f"missing fields {missing}"
    assert None not in obj.values() and "" not in obj.values(), obj
    for name, kind in spec.items():
        if name in obj:
            assert isinstance(obj[name], kind), f"{name}={obj[name]!r} is not {kind}"


SERVICE_FIELDS = {
    "id": str,
    "slug": str,
    "title": str,
    "description": str,
    "categoryRef": (dict, type(None)),
    "priceFrom": (float, int, type(None)),
    "currency": str,
    "scope": str,
    "targetAudience": str,
    "features": list,
    "images": list,
    "seoTitle": str,
    "seoDesc": str,
    "published": bool,
    "featured": bool,
    "author": (dict, type(None)),
    "createdAt": str,
    "updatedAt": str,
    "pricing": list,
    "faqs": list,
}
AUTHOR_FIELDS = {"id": str, "firstName": str, "lastName": str, "role": str}


def test_services_list_and_detail_fields(tree, get_api):
    category = ServiceCategoryFactory(name="Software", slug="software", order=2)
    image = make_image("Gallery")
    staff = StaffProfileFactory(public_title="Lead Engineer", avatar=make_image("Face"))
    page = service(
        tree,
        1,
        category=category,
        gallery=stream("image", [image.pk]),
        author=staff.user,
        seo_title="Service one | AngiSoft",
        search_description="Find us",
        body=[
            {"type": "heading", "value": "Intro", "id": sid()},
            {"type": "image", "value": {"image": image.pk, "caption": "Cap"}, "id": sid()},
        ],
    )
    response = get_api("services")
    assert response.status_code == 200
    [item] = response.json()
    assert_fields(item, SERVICE_FIELDS)
    assert item["id"] == str(page.pk)
    assert item["categoryRef"] == {
        "id": str(category.pk),
        "name": "Software",
        "slug": "software",
        "icon": "FaCode",
        "order": 2,
    }
    assert item["priceFrom"] == 1001
    assert item["features"] == ["Fast", "Friendly"]
    assert item["faqs"] == [{"question": "Q?", "answer": "A."}]
    assert item["images"][0].startswith("http://testserver/media/images/")
    assert "fill-800x533" in item["images"][0]
    assert item["seoTitle"] == "Service one | AngiSoft"
    assert item["seoDesc"] == "Find us"
    assert item["published"] is True
    assert_fields(item["author"], {**AUTHOR_FIELDS, "avatarUrl": str})
    assert item["author"]["role"] == "Lead Engineer"
    assert "email" not in item["author"]
    assert "body" not in item  # cards do not need it; the detail has it

    by_slug = get_api("services/service-1")
    by_id = get_api(f"services/{page.pk}")
    assert by_slug.status_code == by_id.status_code == 200
    detail = by_slug.json()
    assert detail == by_id.json()
    assert {k: v for k, v in detail.items() if k != "body"} == item
    body = detail["body"]
    assert body[0] == {"type": "heading", "id": body[0]["id"], "value": "Intro"}
    image_value = body[1]["value"]["image"]
    assert set(image_value) == {"url", "width", "height", "alt"}
    assert image_value["alt"] == "Gallery alt"
    assert image_value["url"].startswith("http://testserver/")


def test_projects_fields(tree, get_api):
    image = make_image("Shot")
    page = project(tree, 1, gallery=stream("image", [image.pk]), demo_url="https://demo.test")
    [item] = get_api("projects").json()
    assert_fields(
        item,
        {
            "id": str,
            "slug": str,
            "title": str,
            "description": str,
            "type": str,
            "images": list,
            "image": str,
            "techStack": list,
            "demoUrl": str,
            "repoUrl": str,
            "industry": str,
            "featured": bool,
            "published": bool,
            "createdAt": str,
        },
    )
    assert item["techStack"] == ["Django", "React"]
    assert item["image"] == item["images"][0]
    assert "body" not in item
    detail = get_api(f"projects/{page.slug}").json()
    assert detail["body"] == [] and detail["title"] == "Project 1"


def test_blogs_fields_content_and_reading_time(tree, get_api):
    category = BlogCategoryFactory(name="Engineering", slug="engineering")
    staff = StaffProfileFactory(public_title="Writer")
    target = service(tree, 3)
    words = "word " * 450
    post = blog_post(
        tree,
        1,
        category=category,
        author=staff.user,
        cover_image=make_image("Cover"),
        cover_image_alt="A cover",
        tags=["python", "django"],
        body=[
            {
                "type": "paragraph",
                "value": f'<p>{words}<a linktype="page" id="{target.pk}">our service</a></p>',
                "id": sid(),
            },
            {"type": "quote", "value": {"quote": "Less is more", "attribution": ""}, "id": sid()},
        ],
    )
    [item] = get_api("blogs").json()
    assert_fields(
        item,
        {
            "id": str,
            "slug": str,
            "title": str,
            "subtitle": str,
            "excerpt": str,
            "content": str,
            "coverImage": str,
            "coverImageAlt": str,
            "category": str,
            "categoryRef": dict,
            "tags": list,
            "author": dict,
            "featured": bool,
            "published": bool,
            "publishedAt": str,
            "createdAt": str,
            "updatedAt": str,
            "readingTime": int,
        },
    )
    assert item["category"] == "Engineering"
    assert item["categoryRef"] == {
        "id": str(category.pk),
        "name": "Engineering",
        "slug": "engineering",
    }
    assert sorted(item["tags"]) == ["django", "python"]
    assert item["author"]["firstName"] == staff.user.first_name
    assert item["author"]["role"] == "Writer"
    assert "avatarUrl" not in item["author"]
    # Internal links resolve to the React frontend's URL.
    assert '<a href="http://frontend.test/services/service-3">our service</a>' in item["content"]
    assert "<blockquote><p>Less is more</p></blockquote>" in item["content"]
    assert item["readingTime"] == 3  # 452 words at 200 a minute
    assert (
        item["coverImage"].startswith("http://testserver/") and "width-1600" in item["coverImage"]
    )
    assert "body" not in item  # the list carries the rendered HTML only
    detail = get_api(f"blogs/{post.slug}").json()
    assert {k: v for k, v in detail.items() if k != "body"} == item
    assert [block["type"] for block in detail["body"]] == ["paragraph", "quote"]
    assert detail["body"][1]["value"] == {"quote": "Less is more"}  # empty keys left out


def test_testimonials_only_approved(get_api, db):
    approved = ReviewFactory(name="Ann", featured=True, confirmed=True)
    ReviewFactory(name="Pending", status=Review.Status.PENDING)
    ReviewFactory(name="Rejected", status=Review.Status.REJECTED)
    items = get_api("testimonials").json()
    assert [t["name"] for t in items] == ["Ann"]
    assert_fields(
        items[0],
        {
            "id": str,
            "name": str,
            "role": str,
            "company": str,
            "text": str,
            "rating": int,
            "imageUrl": type(None),
            "confirmed": bool,
            "featured": bool,
            "createdAt": str,
        },
    )
    assert items[0]["id"] == str(approved.pk)


def test_faqs_in_editor_order(get_api, db):
    second = FaqFactory(sort_order=2)
    first = FaqFactory(sort_order=1, category="Payments")
    items = get_api("faqs").json()
    assert [f["id"] for f in items] == [str(first.pk), str(second.pk)]
    assert items[0] == {
        "id": str(first.pk),
        "question": first.question,
        "answer": "An answer.",
        "category": "Payments",
    }
    assert [f["id"] for f in get_api("faqs", category="payments").json()] == [str(first.pk)]


STAFF_FIELDS = {
    "id": str,
    "username": str,
    "firstName": str,
    "lastName": str,
    "role": str,
    "publicTitle": str,
    "bio": str,
    "avatarUrl": (str, type(None)),
    "location": str,
    "linkedinUrl": str,
    "githubUrl": str,
    "twitterUrl": str,
    "websiteUrl": str,
    "skills": list,
}


def test_staff_public_profiles_only_never_contact_details(tree, get_api):
    visible = StaffProfileFactory(username="ann", avatar=make_image("Ann"))
    StaffProfileFactory(username="hidden", is_public=False)
    inactive = StaffProfileFactory(username="gone")
    inactive.user.is_active = False
    inactive.user.save()
    items = get_api("staff").json()
    assert [s["username"] for s in items] == ["ann"]
    assert_fields(items[0], STAFF_FIELDS)
    assert items[0]["skills"] == ["Python", "React"]
    assert "fill-256x256" in items[0]["avatarUrl"]
    body = get_api("staff").content.decode() + get_api("staff/ann").content.decode()
    assert visible.user.email not in body
    assert visible.user.phone not in body
    assert get_api("staff/hidden").status_code == 404
    assert get_api("staff/gone").status_code == 404


def test_staff_detail_lists_their_published_work(tree, get_api):
    profile = StaffProfileFactory(username="ann")
    blog_post(tree, 1, author=profile.user)
    blog_post(tree, 2, author=profile.user, publish=False)
    service(tree, 1, author=profile.user)
    project(tree, 1, author=profile.user, gallery=stream("image", [make_image("P").pk]))
    data = get_api("staff/ann").json()
    assert_fields(data, {**STAFF_FIELDS, "posts": list, "services": list, "projects": list})
    assert [p["slug"] for p in data["posts"]] == ["post-1"]
    assert set(data["posts"][0]) == {"id", "slug", "title", "publishedAt"}
    assert data["services"] == [
        {
            "id": data["services"][0]["id"],
            "slug": "service-1",
            "title": "Service 1",
            "description": "Summary 1",
        }
    ]
    assert set(data["projects"][0]) == {"id", "slug", "title", "description", "images", "techStack"}
    assert data["projects"][0]["images"][0].startswith("http://testserver/")


def test_drafts_unpublished_and_private_pages_never_appear(tree, get_api, client):
    live = blog_post(tree, 1)
    blog_post(tree, 2, publish=False)  # a draft that was never published
    gone = blog_post(tree, 3)
    gone.unpublish()
    private = blog_post(tree, 4)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    # A published page with a newer unpublished draft: the API shows the published version.
    live.title = "Draft title"
    live.save_revision()
    service(tree, 1, publish=False)
    project(tree, 1, publish=False)

    blogs = get_api("blogs").json()
    assert [b["slug"] for b in blogs] == ["post-1"]
    assert blogs[0]["title"] == "Post 1"
    for slug in ("post-2", "post-3", "post-4"):
        assert get_api(f"blogs/{slug}").status_code == 404
    assert get_api("services").json() == []
    assert get_api("projects").json() == []
    assert get_api("services/service-1").status_code == 404
    assert get_api("projects/project-1").status_code == 404
    not_found = get_api("blogs/post-2").json()
    assert set(not_found) == {"error", "code"} and not_found["code"] == "not_found"
    # and not through Wagtail's API either
    v2 = client.get("/api/v2/pages/", {"type": "cms.BlogPostPage"}).json()
    assert [p["meta"]["slug"] for p in v2["items"]] == ["post-1"]
    assert BlogPostPage.objects.count() == 4


def test_filters_category_tag_featured_search(tree, get_api):
    eng = BlogCategoryFactory(slug="engineering")
    blog_post(tree, 1, category=eng, tags=["python"], featured=True, title="Django tips")
    blog_post(tree, 2, tags=["careers"], title="CV advice")
    assert [b["slug"] for b in get_api("blogs", category="engineering").json()] == ["post-1"]
    assert [b["slug"] for b in get_api("blogs", tag="careers").json()] == ["post-2"]
    assert [b["slug"] for b in get_api("blogs", featured="true").json()] == ["post-1"]
    assert [b["slug"] for b in get_api("blogs", featured="false").json()] == ["post-2"]
    assert [b["slug"] for b in get_api("blogs", search="django").json()] == ["post-1"]
    soft = ServiceCategoryFactory(slug="soft")
    service(tree, 1, category=soft, featured=True, title="Web apps")
    service(tree, 2, title="CV writing")
    assert [s["slug"] for s in get_api("services", category="soft").json()] == ["service-1"]
    assert [s["slug"] for s in get_api("services", featured="1").json()] == ["service-1"]
    assert [s["slug"] for s in get_api("services", search="writing").json()] == ["service-2"]


def test_opt_in_pagination_keeps_plain_array(tree, get_api):
    for n in range(5):
        blog_post(tree, n)
    full = get_api("blogs")
    assert len(full.json()) == 5 and "X-Total-Count" not in full
    page = get_api("blogs", page=2, pageSize=2)
    assert page.status_code == 200
    assert [b["slug"] for b in page.json()] == [b["slug"] for b in full.json()[2:4]]
    assert page["X-Total-Count"] == "5"
    assert 'rel="next"' in page["Link"]
    assert get_api("blogs", page=9, pageSize=2).status_code == 404


def test_unknown_detail_is_api_404(get_api, db):
    for path in ("services/nope", "projects/nope", "blogs/nope", "staff/nope", "site/nope"):
        response = get_api(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "key",
    ["\u00b3", "\u0663", "9" * 4301, "9" * 30],
    ids=["superscript-3", "arabic-3", "4301-digits", "past-bigint"],
)
def test_detail_keys_that_are_not_ascii_ids_are_404s(tree, get_api, key):
    # str.isdigit() accepts "³", int() refuses it and any string over 4,300 digits: 500s
    # found by the schemathesis fuzz.
    for route in ("services", "projects", "blogs"):
        response = get_api(f"{route}/{key}")
        assert response.status_code == 404, (route, response.content[:200])
        assert response.json()["code"] == "not_found"
