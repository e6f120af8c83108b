"""Headless preview: the editor's Preview button stores the draft (wagtail-headless-preview)
and opens FRONTEND_URL + CMS_PREVIEW_PATH?content_type=…&token=…; the frontend then reads
the draft from /api/preview with the same two values. Tokens are signed with a timestamp
and refused after CMS_PREVIEW_TOKEN_MAX_AGE seconds or when altered."""

from django.apps import apps
from django.conf import settings
from django.core.signing import BadSignature, SignatureExpired
from rest_framework.exceptions import NotFound
from wagtail_headless_preview.models import PagePreview

from cms.exceptions import PreviewExpired, PreviewInvalid
from cms.models.pages import HeadlessPage


def preview_page(content_type: str, token: str):
    """The draft page stored for `token`, or raise PreviewExpired / PreviewInvalid."""
    try:
        model = apps.get_model(content_type)
    except (LookupError, ValueError) as exc:
        raise PreviewInvalid() from exc
    if not issubclass(model, HeadlessPage):
        raise PreviewInvalid()
    signer = model.get_preview_signer()
    try:
        signer.unsign(token, max_age=settings.CMS_PREVIEW_TOKEN_MAX_AGE)
    except SignatureExpired as exc:
        raise PreviewExpired() from exc
    except BadSignature as exc:
        raise PreviewInvalid() from exc
    preview = (
        PagePreview.objects.filter(token=token, content_type__app_label=model._meta.app_label)
        .filter(content_type__model=model._meta.model_name)
        .first()
    )
    if preview is None:
        raise NotFound("This preview is no longer available. Open Preview again in the editor.")
    return preview.as_page()
