"""Cache-like side effects of content changes (connected in CmsConfig.ready): every
publish, unpublish, delete or move of a page, and every save or delete of a snippet, a
site setting (for publishable settings: publish, unpublish or delete, not a saved
draft), an image or a staff profile invalidates the API cache (responses and item
fragments) and sends the publish webhook event. The work itself is in
cms.services.content_changed."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms import services, signals_catalog
from cms.api import fragments


def _page_changed(event):
    def handler(sender, instance, **kwargs):
        from cms.models.pages import HeadlessPage

        page = instance.specific_deferred if hasattr(instance, "specific_deferred") else instance
        path = page.frontend_path() if isinstance(page, HeadlessPage) else ""
        fragments_stale = True
        if event == "page.published":
            # A publish that keeps the page's title, slug and type only changes its own
            # fragment (its key has the new revision): the rest of a list stays cached.
            fragments_stale = fragments.publish_changes_links(instance)
            transaction.on_commit(lambda: fragments.remember_identity(instance))
        else:
            transaction.on_commit(lambda: fragments.forget_identity(instance.pk))
        services.content_changed(
            event=event,
            model=instance._meta.label_lower,
            object_id=instance.pk,
            slug=instance.slug,
            path=path,
            fragments_stale=fragments_stale,
        )

    return handler


def _object_changed(event):
    def handler(sender, instance, **kwargs):
        services.content_changed(
            event=event,
            model=instance._meta.label_lower,
            object_id=instance.pk,
            slug=getattr(instance, "slug", "") or getattr(instance, "username", "") or "",
        )

    return handler


_page_published = _page_changed("page.published")
_page_unpublished = _page_changed("page.unpublished")
_page_deleted = _page_changed("page.deleted")
_page_moved = _page_changed("page.moved")
_saved = _object_changed("content.saved")
_deleted = _object_changed("content.deleted")


# Saves that only record a draft, a revision pointer or a lock: the live row is unchanged.
_DRAFT_ONLY_FIELDS = {
    "latest_revision",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}


def _published_setting_saved(sender, instance, update_fields=None, **kwargs):
    # Saving a draft writes a revision and these bookkeeping fields; Publish and Unpublish
    # save the whole row, which is when the site changes.
    if update_fields is not None and set(update_fields) <= _DRAFT_ONLY_FIELDS:
        return
    _saved(sender, instance, **kwargs)


def _user_saved(sender, instance, update_fields=None, **kwargs):
    # Logins only touch last_login: nothing public changed.
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return
    _saved(sender, instance, **kwargs)


def connect():
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from cms import models
    from cms.models.publishing import PublishedSetting
    from cms.models.settings import SITE_GROUPS

    page_published.connect(_page_published, dispatch_uid="cms-page-published")
    page_unpublished.connect(_page_unpublished, dispatch_uid="cms-page-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="cms-page-moved")
    # Every page type of this app, so a new one is covered without a list to keep.
    cms_app = apps.get_app_config("cms")
    for page_model in get_page_models():
        if page_model._meta.app_config is cms_app:
            post_delete.connect(
                _page_deleted, sender=page_model, dispatch_uid=f"cms-del-{page_model}"
            )

    watched = [
        models.ServiceCategory,
        models.BlogCategory,
        models.Testimonial,
        models.Faq,
        models.CompanyStat,
        models.StaffProfile,
        models.AboutSettings,
        models.UploadsSettings,
        *SITE_GROUPS.values(),
        get_image_model(),
        get_document_model(),
    ]
    for model in watched:
        handler = _published_setting_saved if issubclass(model, PublishedSetting) else _saved
        post_save.connect(handler, sender=model, dispatch_uid=f"cms-save-{model}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"cms-delete-{model}")
    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="cms-save-user")
    signals_catalog.connect()
