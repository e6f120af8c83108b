"""SVG uploads are XML that a browser would run scripts from if opened directly: a brand
asset SVG must be a plain drawing. (Served SVGs also get a sandboxing CSP header.)"""

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from cms.exceptions import UnsafeSvg

MAX_SVG_BYTES = 2 * 1024 * 1024
_FORBIDDEN_TAGS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def check_svg(data: bytes) -> None:
    """Raise UnsafeSvg with a sentence for the editor unless `data` is a script-free SVG."""
    if len(data) > MAX_SVG_BYTES:
        raise UnsafeSvg("The SVG file is larger than 2 MB.")
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise UnsafeSvg("The file is not a valid SVG drawing.") from exc
    if _local(root.tag) != "svg":
        raise UnsafeSvg("The file is not an SVG drawing (its root element is not <svg>).")
    for element in root.iter():
        if _local(element.tag) in _FORBIDDEN_TAGS:
            raise UnsafeSvg(f"SVG files may not contain <{_local(element.tag)}> elements.")
        for name, value in element.attrib.items():
            attribute = _local(name)
            if attribute.startswith("on"):
                raise UnsafeSvg("SVG files may not contain event handlers (on… attributes).")
            if attribute == "href" and value.strip().lower().startswith(("javascript:", "data:")):
                raise UnsafeSvg("SVG links may not use javascript: or data: addresses.")
