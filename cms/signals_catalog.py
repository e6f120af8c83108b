"""Cache invalidation for careers, products, solution copy and brand assets: the same
handlers as cms.signals, connected for these models (page publishes are already global)."""

from django.db.models.signals import post_delete, post_save


def connect():
    from cms import signals
    from cms.models import (
        BrandAsset,
        CareersContentSettings,
        HomeContentSettings,
        JobPosting,
        ProductIndexPage,
        ProductPage,
    )

    for page_model in (ProductIndexPage, ProductPage):
        post_delete.connect(
            signals._page_deleted, sender=page_model, dispatch_uid=f"cms-del-{page_model}"
        )
    for model in (JobPosting, CareersContentSettings, HomeContentSettings, BrandAsset):
        post_save.connect(signals._saved, sender=model, dispatch_uid=f"cms-save-{model}")
        post_delete.connect(signals._deleted, sender=model, dispatch_uid=f"cms-delete-{model}")
