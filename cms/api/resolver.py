"""Two-phase serialisation with a bounded number of queries.

Serialisers do not look anything up: they leave placeholders (`Ref`) for images, pages,
documents and rich text. `Resolver.resolve` then fetches every referenced image (with its
renditions), page and document of the whole response in one query each, expands all rich
text in one pass, and swaps the placeholders for values. StreamFields are read from their
stored raw JSON, so block-level lookups are batched the same way."""

import uuid

from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from cms.blocks import ImageUrlChooserBlock
from cms.images import absolute_url, spec_for
from cms.links import LinkTargetBlock, safe_link
from cms.richtext import frontend_url_for, rendition_data


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class Ref:
    __slots__ = ("arg", "key", "kind")

    def __init__(self, kind, key, arg=None):
        self.kind, self.key, self.arg = kind, key, arg


class Later:
    """A value computed after the references inside `args` are resolved."""

    __slots__ = ("args", "done", "fn", "value")

    def __init__(self, fn, *args):
        self.fn, self.args, self.done, self.value = fn, args, False, None


class Resolver:
    def __init__(self):
        self.image_ids: set[int] = set()
        self.sizes: set[str] = set()
        self.page_ids: set[int] = set()
        self.doc_ids: set[int] = set()
        self.rich_texts: list[str] = []

    # --- placeholders -------------------------------------------------------
    def image(self, image_id, size: str, alt: str | None = None):
        """{url, width, height, alt} or None."""
        if not image_id:
            return None
        self.image_ids.add(int(image_id))
        self.sizes.add(size)
        return Ref("image", int(image_id), (size, alt))

    def image_url(self, image_id, size: str):
        if not image_id:
            return None
        self.image_ids.add(int(image_id))
        self.sizes.add(size)
        return Ref("image_url", int(image_id), size)

    def page(self, page_id):
        if not page_id:
            return None
        self.page_ids.add(int(page_id))
        return Ref("page", int(page_id))

    def document(self, doc_id):
        if not doc_id:
            return None
        self.doc_ids.add(int(doc_id))
        return Ref("document", int(doc_id))

    def rich_text(self, html):
        if not html:
            return ""
        self.rich_texts.append(str(html))
        return Ref("rich_text", len(self.rich_texts) - 1)

    # --- StreamField ----------------------------------------------------------
    def stream(self, stream_block, raw_data) -> list:
        """A stream's raw JSON → [{type, id, value}] with placeholders."""
        out = []
        for item in raw_data or []:
            block = stream_block.child_blocks.get(item.get("type"))
            if block is None:
                continue
            out.append(
                {
                    "type": item["type"],
                    "id": item.get("id"),
                    "value": self.block(block, item.get("value")),
                }
            )
        return out

    def stream_values(self, stream_value) -> list:
        """Just the values of a single-type stream (e.g. a list of strings or images)."""
        return [item["value"] for item in self.stream(stream_value.stream_block, raw(stream_value))]

    def block(self, block, value):
        if isinstance(block, blocks.StructBlock):
            # Not a dict: data saved under an older block definition; show its defaults.
            value = value if isinstance(value, dict) else {}
            return {
                camel(name): self.block(child, value.get(name))
                for name, child in block.child_blocks.items()
            }
        if isinstance(block, blocks.ListBlock):
            items = value or []
            return [
                self.block(
                    block.child_block,
                    item["value"] if _is_list_item(item) else item,
                )
                for item in items
            ]
        if isinstance(block, blocks.StreamBlock):
            return self.stream(block, value)
        if isinstance(block, blocks.RichTextBlock):
            return self.rich_text(value)
        if isinstance(block, ImageUrlChooserBlock):
            return self.image_url(value, block.rendition_size)
        if isinstance(block, ImageChooserBlock):
            return self.image(value, getattr(block, "rendition_size", "wide"))
        if isinstance(block, blocks.PageChooserBlock):
            return self.page(value)
        if isinstance(block, DocumentChooserBlock):
            return self.document(value)
        if isinstance(block, EmbedBlock):
            return {"url": safe_link(value)} if value else None
        if isinstance(block, LinkTargetBlock | blocks.URLBlock):
            return safe_link(value)  # rows saved before the link rule are neutralised
        return value

    # --- resolution -------------------------------------------------------------
    def resolve(self, data):
        self._images = {}
        if self.image_ids:
            specs = [spec_for(size) for size in self.sizes]
            self._images = {
                img.id: img
                for img in get_image_model()
                .objects.filter(id__in=self.image_ids)
                .prefetch_renditions(*specs)
            }
        self._pages = {}
        if self.page_ids:
            self._pages = {
                p.id: p
                for p in Page.objects.filter(id__in=self.page_ids, live=True).only(
                    "id", "slug", "title", "content_type_id"
                )
            }
        self._docs = {}
        if self.doc_ids:
            self._docs = get_document_model().objects.in_bulk(self.doc_ids)
        self._html = expand_many(self.rich_texts)
        self._renditions = {}
        return self._walk(data)

    def _rendition(self, image_id, size, alt=None):
        key = (image_id, size)
        if key not in self._renditions:
            image = self._images.get(image_id)
            self._renditions[key] = rendition_data(image, size) if image else None
        data = self._renditions[key]
        if data is not None and alt:
            data = {**data, "alt": alt}
        return data

    def _value(self, ref: Ref):
        if ref.kind == "image":
            size, alt = ref.arg
            return self._rendition(ref.key, size, alt)
        if ref.kind == "image_url":
            data = self._rendition(ref.key, ref.arg)
            return data["url"] if data else None
        if ref.kind == "page":
            page = self._pages.get(ref.key)
            if page is None:
                return None
            return {
                "id": str(page.id),
                "slug": page.slug,
                "title": page.title,
                "url": frontend_url_for(page.content_type_id, page.slug),
            }
        if ref.kind == "document":
            doc = self._docs.get(ref.key)
            if doc is None:
                return None
            return {"id": str(doc.id), "title": doc.title, "url": absolute_url(doc.url)}
        if ref.kind == "rich_text":
            return self._html[ref.key]
        raise ValueError(ref.kind)

    def _walk(self, data):
        if isinstance(data, Ref):
            return self._value(data)
        if isinstance(data, dict):
            return {k: self._walk(v) for k, v in data.items()}
        if isinstance(data, list):
            return [self._walk(v) for v in data]
        if isinstance(data, Later):
            if not data.done:
                data.value = data.fn(*[self._walk(a) for a in data.args])
                data.done = True
            return data.value
        return data


def _is_list_item(item) -> bool:
    """ListBlock's stored form is [{"type": "item", "value": …, "id": …}] (older data: bare
    values)."""
    return isinstance(item, dict) and item.get("type") == "item" and "value" in item


def raw(stream_value) -> list:
    """The stored JSON of a StreamField value, without converting blocks to Python."""
    if stream_value is None:
        return []
    return list(stream_value.raw_data)


_SPLIT = f"<!--cms-split-{uuid.uuid4().hex}-->"


def expand_many(htmls: list[str]) -> list[str]:
    """expand_db_html over many fragments in one pass, so each link/embed handler runs
    one bulk query for the whole response instead of one per fragment."""
    if not htmls:
        return []
    expanded = expand_db_html(_SPLIT.join(htmls)).split(_SPLIT)
    if len(expanded) != len(htmls):  # a fragment contained the marker: fall back
        return [expand_db_html(h) for h in htmls]
    return expanded
