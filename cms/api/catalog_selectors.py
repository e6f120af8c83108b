"""Reads for careers and products: public, published content only, in display order, with
the joins each response needs."""

from django.db.models import Q
from django.utils import timezone

from cms.api.selectors import _public, by_slug_or_id
from cms.models import JobPosting, ProductPage, StaffProfile


def open_job_postings():
    """Published postings that accept applications and whose deadline day has not ended."""
    today = timezone.localdate()
    return (
        JobPosting.objects.filter(live=True, accepting_applications=True)
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
        .order_by("-featured", "-first_published_at", "-id")
    )


def products_list():
    return (
        _public(ProductPage.objects.all())
        .select_related("category")
        .order_by("sort_order", "title", "id")
    )


def product_detail(key: str):
    return by_slug_or_id(products_list(), key)


def live_product_slugs(ids) -> dict[int, str]:
    if not ids:
        return {}
    return dict(_public(ProductPage.objects.filter(id__in=ids)).values_list("id", "slug"))


def product_team(product):
    return (
        StaffProfile.objects.filter(products=product, is_public=True, user__is_active=True)
        .select_related("user")
        .order_by("sort_order", "username")
    )
