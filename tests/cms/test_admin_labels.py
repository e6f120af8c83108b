"""Editors read labels, not field names: no admin field or block is labelled with a
generated name such as "Cta primary to", "Repo url" or "Salary min"."""

from django.core.exceptions import FieldDoesNotExist
from wagtail.admin.panels import get_edit_handler
from wagtail.contrib.settings.registry import registry
from wagtail.fields import StreamField
from wagtail.models import get_page_models
from wagtail.snippets.models import get_snippet_models

# Words that only make sense to a developer.
JARGON = {"cta", "url", "alt", "min", "max", "is", "repo", "id", "src", "img", "btn", "href"}
WAGTAIL_OWN = {"first_published_at", "content_type", "show_in_menus"}


def _edited_models():
    pages = [m for m in get_page_models() if m._meta.app_label == "cms"]
    return [*registry, *get_snippet_models(), *pages]


def _panel_fields(panel):
    if getattr(panel, "field_name", None):
        yield panel.field_name
    for child in getattr(panel, "children", ()):
        yield from _panel_fields(child)


def _jargon(label: str) -> bool:
    # An acronym in capitals ("Profile URL") and the phrase "alt text" are how people write.
    words = str(label).replace("alt text", "").replace("(", " ").replace(")", " ").split()
    return any(word.lower() in JARGON and word != word.upper() for word in words)


def _block_labels(block, path, seen):
    if id(block) in seen:
        return
    seen.add(id(block))
    children = getattr(block, "child_blocks", None)
    if children is None and hasattr(block, "child_block"):
        children = {"item": block.child_block}
    for name, child in (children or {}).items():
        yield f"{path}.{name}", str(child.label or "")
        yield from _block_labels(child, f"{path}.{name}", seen)


def test_model_fields_have_human_labels():
    bad = []
    for model in _edited_models():
        for name in _panel_fields(get_edit_handler(model)):
            if name in WAGTAIL_OWN:
                continue
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:  # a panel for a form-only field
                continue
            label = str(getattr(field, "verbose_name", name))
            if _jargon(label):
                bad.append(f"{model.__name__}.{name}: {label!r}")
    assert bad == []


def test_block_fields_have_human_labels():
    bad, seen = [], set()
    for model in _edited_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                for path, label in _block_labels(
                    field.stream_block, f"{model.__name__}.{field.name}", seen
                ):
                    if _jargon(label):
                        bad.append(f"{path}: {label!r}")
    assert bad == []


def test_a_relabelled_field_keeps_its_help_text(admin_client, tree):
    from tests.cms.factories import blog_post

    post = blog_post(tree, 1)
    html = admin_client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
    assert "Cover image description (alt text)" in html
    assert "Leave empty to use the image&#x27;s own description." in html
