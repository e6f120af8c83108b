"""Legacy images and article bodies: image URLs become Wagtail images (copied once from
--files-root), HTML or Markdown bodies become BodyBlock streams with image blocks."""

import hashlib
import re
import uuid
from pathlib import Path

from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from markdown_it import MarkdownIt
from PIL import Image as PILImage
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.links import is_safe_link
from legacy.importers.files import locate

IMAGE_TABLE = "Image"  # LegacyRecord rows keyed by the legacy URL: one image per file
PARAGRAPH_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]
_HTML = re.compile(r"<(p|div|h[1-6]|ul|ol|img|br|a|strong|em|table|blockquote)\b", re.I)


def legacy_image(ctx, url, *, title: str, where: str):
    """The Wagtail image a legacy URL became, copied from --files-root the first time.
    None (and a note saying why) when the file cannot be found or in a dry run."""
    url = (url or "").strip()
    if not url:
        return None
    Image = get_image_model()
    found = ctx.target(IMAGE_TABLE, url, Image)
    if found is not None:
        return found
    path = locate(Path(ctx.files_root), url) if ctx.files_root else None
    if path is None:
        ctx.report.note(f"{where}: image {url} not found under --files-root, not copied")
        return None
    if ctx.dry_run:
        ctx.report.note(f"{where}: image {url} would be copied")
        return None
    try:
        with PILImage.open(path) as probe:
            probe.verify()
    except Exception:
        ctx.report.note(f"{where}: {url} is not an image, not copied")
        return None
    data = path.read_bytes()
    with path.open("rb") as handle:
        image = Image(
            title=(title or path.stem)[:255],
            description=(title or "")[:255],
            collection=Collection.get_first_root_node(),
            file=ImageFile(handle, name=path.name),
        )
        image.save()
    ctx.remember(IMAGE_TABLE, url, image, hashlib.sha256(data).hexdigest())
    return image


def gallery(ctx, urls, *, title: str, where: str) -> list[dict]:
    images = (legacy_image(ctx, url, title=title, where=where) for url in urls or [])
    return [_block("image", image.pk) for image in images if image is not None]


def body_stream(ctx, text, *, title: str, where: str, markdown: bool | None = None) -> list:
    """A legacy body (HTML, or Markdown when it has no HTML tags) as BodyBlock stream
    data: paragraphs as rich text limited to the editor's features, each <img> as an
    image block. Formatting the editor does not allow is dropped by the converter."""
    text = (text or "").strip()
    if not text:
        return []
    if markdown is None:
        markdown = not _HTML.search(text)
    html = MarkdownIt("commonmark", {"html": False}).render(text) if markdown else text
    converter = ContentstateConverter(features=PARAGRAPH_FEATURES)
    stream, pending = [], []

    def flush():
        chunk = "".join(pending).strip()
        pending.clear()
        if chunk:
            cleaned = converter.to_database_format(converter.from_database_format(chunk))
            if BeautifulSoup(cleaned, "html.parser").get_text(strip=True):
                stream.append(_block("paragraph", cleaned))

    soup = BeautifulSoup(html, "html.parser")
    for link in soup.find_all("a"):
        if not is_safe_link((link.get("href") or "").strip()):
            ctx.report.note(f"{where}: link {link.get('href')!r} is not safe, text kept")
            link.unwrap()
    for node in list(soup.contents):
        images = [node] if getattr(node, "name", None) == "img" else []
        if hasattr(node, "find_all"):
            images += node.find_all("img")
        if not images:
            pending.append(str(node))
            continue
        for img in images:
            img.extract()
        if node.get_text(strip=True):  # what is left around the image, if anything
            pending.append(str(node))
        flush()
        for img in images:
            alt = img.get("alt") or title
            image = legacy_image(ctx, img.get("src"), title=alt, where=where)
            if image is not None:
                stream.append(_block("image", {"image": image.pk, "caption": alt[:255]}))
    flush()
    return stream


def _block(kind: str, value) -> dict:
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}
