"""On-brand placeholder art for the brand asset paths, drawn with Pillow (nothing is
downloaded): a gradient in the AngiSoft blues with the file's subject written on it,
wordmarks for logos, simple vector drawings for the SVG paths. Small sizes keep the first
demo load fast."""

import io
from functools import cache

from django.utils.html import escape
from PIL import Image, ImageChops, ImageDraw, ImageFont

from cms.assets import FORMATS, extension

NAVY = (7, 14, 26)
BLUE = (8, 117, 255)
SKY = (0, 175, 255)
WHITE = (255, 255, 255)
# Per folder: a second gradient colour, so sections do not all look the same.
ACCENTS = {
    "services": (0, 175, 255),
    "trends": (124, 58, 237),
    "about": (14, 165, 233),
    "Branding": (16, 185, 129),
    "Logos": (8, 117, 255),
}


def subject(path: str) -> str:
    """'about/hero/prof-angera-founder-mobile.jpg' -> 'Prof Angera Founder Mobile'."""
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    name = name.replace("AngiSoft-", "").replace("AngiSoft_", "").replace("-removebg", "")
    words = name.replace("_", " ").replace("-", " ").split()
    return " ".join(word if word.isupper() else word.capitalize() for word in words)


def size_for(path: str) -> tuple[int, int]:
    name = path.lower()
    if "mobile-icon" in name or "symbol" in name:
        return 256, 256
    if name.startswith("logos/"):
        return 600, 200
    if "mobile" in name:
        return 600, 800
    if name.startswith(("about/hero/", "about/final-cta/", "wallpapers/", "about/transparency/")):
        return 1024, 576
    if "/" not in name:
        return 1024, 576
    if name.startswith("about/service-map/"):
        return 640, 400
    if name.startswith("about/leadership/"):
        return 720, 900
    if name.startswith("business-cards/"):
        return 840, 480
    return 960, 640


# Quick encodings: these are placeholders, and the first demo load must stay fast.
SAVE_OPTIONS = {
    "jpeg": {"quality": 80},
    "webp": {"quality": 75, "method": 0},
    "png": {"compress_level": 1},
}


@cache
def _font(size: int):
    return ImageFont.load_default(size=size)


@cache
def _gradient_mask(width: int, height: int):
    # A diagonal 0..255 ramp: the mean of a vertical and a horizontal one (fast at any size).
    vertical = Image.linear_gradient("L").resize((width, height))
    horizontal = Image.linear_gradient("L").rotate(90).resize((width, height))
    return ImageChops.add(vertical, horizontal, scale=2)


def _background(path: str, size) -> Image.Image:
    accent = ACCENTS.get(path.split("/", 1)[0], BLUE)
    start = Image.new("RGB", size, NAVY)
    end = Image.new("RGB", size, accent)
    return Image.composite(end, start, _gradient_mask(*size))


def _centered(draw, box, text, font, fill):
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x = box[0] + (box[2] - box[0] - (right - left)) / 2
    y = box[1] + (box[3] - box[1] - (bottom - top)) / 2 - top
    draw.text((x, y), text, font=font, fill=fill)


def _fit(draw, text, max_width, start):
    size = start
    while size > 12 and draw.textlength(text, font=_font(size)) > max_width:
        size -= 4
    return _font(size)


def _photo(path, size) -> Image.Image:
    """A gradient 'photo' with rings, the subject and a small AngiSoft wordmark."""
    width, height = size
    img = _background(path, size)
    draw = ImageDraw.Draw(img)
    for k in range(5):
        r = min(width, height) // 8 + k * min(width, height) // 12
        cx, cy = int(width * 0.78), int(height * 0.3)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(*SKY,), width=2)
    title = subject(path)
    font = _fit(draw, title, width * 0.86, max(24, width // 16))
    _centered(draw, (0, height * 0.45, width, height * 0.75), title, font, WHITE)
    draw.text((width * 0.05, height * 0.88), "AngiSoft", font=_font(max(14, width // 40)), fill=SKY)
    return img


def _wordmark(path, size) -> Image.Image:
    """Logos: a rounded tile with a symbol and the product's name; transparent outside."""
    width, height = size
    img = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle([0, 0, width - 1, height - 1], radius=min(size) // 5, fill=(*NAVY, 255))
    d = int(height * 0.6)
    top = (height - d) // 2
    if width == height:  # a symbol only
        d, top = int(width * 0.7), int(width * 0.15)
    draw.ellipse([top, top, top + d, top + d], fill=(*BLUE, 255))
    name = subject(path).replace(" Logo", "").replace(" Mobile Icon", "").replace(" Only", "")
    letter = "A" if "AngiSoft" in path else (name[:1] or "A").upper()
    _centered(draw, (top, top, top + d, top + d), letter, _font(int(d * 0.6)), WHITE)
    if width > height:
        font = _fit(draw, name, width - d - top * 3, int(height * 0.3))
        _centered(draw, (top * 2 + d, 0, width - top, height), name, font, WHITE)
    return img


def draw_raster(path: str) -> bytes:
    size = size_for(path)
    fmt = FORMATS[extension(path)][1]
    img = _wordmark(path, size) if path.startswith("Logos/") else _photo(path, size)
    if fmt == "jpeg":
        img = img.convert("RGB")
    buffer = io.BytesIO()
    img.save(buffer, fmt.upper(), **SAVE_OPTIONS[fmt])
    return buffer.getvalue()


def _hex(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def draw_svg(path: str) -> bytes:
    """Vector art for the .svg paths: wordmarks, a dotted world map, simple badges."""
    name = path.rsplit("/", 1)[-1]
    title = escape(subject(path))
    if name == "world-map-dots-light.svg":
        dots = []
        for row in range(18):
            for col in range(40):
                # A rough band of 'land': denser in the middle rows, sparse near the poles.
                if (row * 7 + col * 3) % 5 and 2 < row < 16 and (col + row) % 11 != 0:
                    dots.append(f'<circle cx="{col * 20 + 10}" cy="{row * 20 + 10}" r="3"/>')
        body = f'<g fill="{_hex(SKY)}" fill-opacity="0.55">{"".join(dots)}</g>'
        return _svg(800, 360, body, title)
    if path.startswith("Logos/"):
        fill = _hex(WHITE)
        text = (
            ""
            if "symbol" in name
            else (
                f'<text x="150" y="78" font-family="Sora, Arial, sans-serif" font-size="56" '
                f'font-weight="700" fill="{fill}">Angi<tspan fill="{_hex(SKY)}">Soft</tspan></text>'
            )
        )
        mark = (
            f'<circle cx="60" cy="60" r="48" fill="{_hex(BLUE)}"/>'
            f'<path d="M36 88 L60 30 L84 88 M46 68 H74" stroke="{fill}" stroke-width="9" '
            'fill="none" stroke-linecap="round" stroke-linejoin="round"/>'
        )
        return _svg(120 if "symbol" in name else 460, 120, mark + text, "AngiSoft")
    # Client logos and small illustrations: a badge with the name.
    body = (
        f'<rect x="2" y="2" width="316" height="116" rx="20" fill="{_hex(NAVY)}" '
        f'stroke="{_hex(SKY)}" stroke-width="3"/>'
        f'<text x="160" y="70" text-anchor="middle" font-family="Arial, sans-serif" '
        f'font-size="28" font-weight="700" fill="{_hex(WHITE)}">{title}</text>'
    )
    return _svg(320, 120, body, title)


def _svg(width, height, body, title) -> bytes:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img"><title>{title}</title>{body}</svg>'
    ).encode()
