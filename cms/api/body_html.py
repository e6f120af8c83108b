"""The blog's `content`: resolved body blocks rendered as one HTML string, every value
escaped and every link made safe."""

from django.utils.html import escape

from cms.links import safe_link


def blocks_to_html(blocks: list) -> str:
    """Resolved body blocks → one HTML string (the blog's `content`)."""
    parts = []
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "heading":
            parts.append(f"<h2>{escape(value)}</h2>")
        elif kind == "paragraph":
            parts.append(value)
        elif kind == "image" and value.get("image"):
            img = value["image"]
            caption = value.get("caption") or ""
            parts.append(
                f'<figure><img src="{escape(img["url"])}" width="{img["width"]}" '
                f'height="{img["height"]}" alt="{escape(img["alt"])}">'
                + (f"<figcaption>{escape(caption)}</figcaption>" if caption else "")
                + "</figure>"
            )
        elif kind == "quote":
            cite = value.get("attribution") or ""
            parts.append(
                f"<blockquote><p>{escape(value['quote'])}</p>"
                + (f"<cite>{escape(cite)}</cite>" if cite else "")
                + "</blockquote>"
            )
        elif kind == "code":
            lang = escape(value.get("language") or "")
            parts.append(f'<pre><code class="language-{lang}">{escape(value["code"])}</code></pre>')
        elif kind == "embed" and value:
            url = safe_link(value["url"])
            parts.append(f'<p><a href="{escape(url)}">{escape(url)}</a></p>')
        elif kind == "document" and value:
            parts.append(f'<p><a href="{escape(value["url"])}">{escape(value["title"])}</a></p>')
        elif kind == "cta":
            href = safe_link((value.get("page") or {}).get("url") or value.get("url") or "")
            parts.append(
                f'<aside class="cta"><h3>{escape(value["title"])}</h3>'
                f"<p>{escape(value.get('text') or '')}</p>"
                f'<a href="{escape(href)}">{escape(value["label"])}</a></aside>'
            )
    return "\n".join(parts)
