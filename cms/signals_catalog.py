"""Cache invalidation for careers, products, solution copy and brand assets: the same
handlers as cms.signals, connected for these models (page publishes and deletes are
already connected for every page type)."""

from django.db.models.signals import post_delete, post_save


def connect():
    from cms import signals
    from cms.models import (
        BrandAsset,
        CareersContentSettings,
        HomeContentSettings,
        JobPosting,
    )

    for model in (JobPosting, CareersContentSettings, HomeContentSettings, BrandAsset):
        post_save.connect(signals._saved, sender=model, dispatch_uid=f"cms-save-{model}")
        post_delete.connect(signals._deleted, sender=model, dispatch_uid=f"cms-delete-{model}")
