"""Reads for the content API: published, public content only, in a stable order, with the
joins each response needs so the query count does not depend on the number of items."""

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, When
from django.db.models.lookups import StartsWith
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from cms.models import (
    BlogPostPage,
    CompanyStat,
    Faq,
    ProjectPage,
    ServicePage,
    StaffProfile,
    Testimonial,
)
from cms.models.pages import BlogPostTag
from core.request import parse_id


def _public(qs):
    """Live pages with no view restriction on them or an ancestor, as one SQL clause
    (Wagtail's .public() runs an extra query)."""
    restricted = PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))
    return qs.live().filter(~Exists(restricted))


def _truthy(value) -> bool | None:
    if value is None or value == "":
        return None
    return str(value).lower() in {"1", "true", "yes"}


def _search(qs, query):
    """Wagtail search (PostgreSQL full-text on Postgres); results keep their rank order."""
    ids = [page.pk for page in qs.model.objects.live().search(query, operator="and")]
    order = Case(*[When(pk=pk, then=i) for i, pk in enumerate(ids)], output_field=IntegerField())
    return qs.filter(pk__in=ids).order_by(order)


def _author_joins():
    return ("author", "author__profile")


def services_list(*, category=None, featured=None, search=None, with_body=False):
    qs = _public(ServicePage.objects.all()).select_related("category", *_author_joins())
    if not with_body:
        qs = qs.defer("body")  # lists do not show it: skip loading and parsing it
    if category:
        qs = qs.filter(category__slug=category)
    if _truthy(featured) is not None:
        qs = qs.filter(featured=_truthy(featured))
    qs = qs.order_by("path")
    return _search(qs, search) if search else qs


def projects_list(*, featured=None, search=None, industry=None, project_type=None, with_body=False):
    qs = _public(ProjectPage.objects.all()).select_related(*_author_joins())
    if not with_body:
        qs = qs.defer("body")
    if _truthy(featured) is not None:
        qs = qs.filter(featured=_truthy(featured))
    if industry:
        qs = qs.filter(industry__iexact=industry)
    if project_type:
        qs = qs.filter(project_type__iexact=project_type)
    qs = qs.order_by("path")
    return _search(qs, search) if search else qs


def blogs_list(*, category=None, tag=None, featured=None, search=None, author=None):
    qs = (
        _public(BlogPostPage.objects.all())
        .select_related("category", *_author_joins())
        .prefetch_related(
            Prefetch("tagged_items", queryset=BlogPostTag.objects.select_related("tag"))
        )
    )
    if category:
        qs = qs.filter(category__slug=category)
    if tag:
        qs = qs.filter(tagged_items__tag__slug=tag).distinct()
    if _truthy(featured) is not None:
        qs = qs.filter(featured=_truthy(featured))
    if author is not None:
        qs = qs.filter(author=author)
    qs = qs.order_by("-first_published_at", "-id")
    return _search(qs, search) if search else qs


def by_slug_or_id(qs, key: str):
    """Detail routes accept the slug or the numeric id."""
    if (pk := parse_id(key)) is not None:
        found = qs.filter(pk=pk).first()
        if found is not None:
            return found
    return qs.filter(slug=key).first()


def testimonials_list(*, featured=None):
    qs = Testimonial.objects.filter(status=Testimonial.Status.APPROVED)
    if _truthy(featured) is not None:
        qs = qs.filter(featured=_truthy(featured))
    return qs.order_by("sort_order", "-created_at", "id")


def faqs_list(*, category=None):
    qs = Faq.objects.all()
    if category:
        qs = qs.filter(category__iexact=category)
    return qs.order_by("sort_order", "id")


def company_stats_list():
    return CompanyStat.objects.order_by("sort_order", "id")


def staff_list():
    return (
        StaffProfile.objects.filter(is_public=True, user__is_active=True)
        .select_related("user")
        .order_by("sort_order", "username")
    )


def staff_detail(key: str):
    """By username or by id (the /staff cards link with either, FRONTEND.md §4.4)."""
    found = staff_list().filter(username=key).first()
    if found is None and (pk := parse_id(key)) is not None:
        found = staff_list().filter(user_id=pk).first()
    return found


def staff_work(user):
    """The published posts, services and projects a staff member is the author of."""
    posts = (
        _public(BlogPostPage.objects.filter(author=user))
        .only("id", "slug", "title", "first_published_at")
        .order_by("-first_published_at", "-id")
    )
    services = (
        _public(ServicePage.objects.filter(author=user))
        .only("id", "slug", "title", "summary")
        .order_by("path")
    )
    projects = (
        _public(ProjectPage.objects.filter(author=user))
        .only("id", "slug", "title", "description", "gallery", "tech_stack")
        .order_by("path")
    )
    return list(posts), list(services), list(projects)


def brand_images(collection):
    """Images of the brand collection and its children, with the collections by id."""
    if collection is None:
        return [], {}
    collections = {c.id: c for c in collection.get_descendants(inclusive=True)}
    images = (
        get_image_model()
        .objects.filter(collection_id__in=collections)
        .order_by("collection__path", "title", "id")
    )
    return list(images), collections
