"""Brand assets at /uploads/public/images/<path> (FRONTEND.md §11): served from the Wagtail
image or document an editor chose, in the format the path names, cached, 404 otherwise."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images.models import Filter

from cms.assets import FRONTEND_ASSET_PATHS
from cms.demo_assets import load_brand_assets
from cms.models import BrandAsset
from cms.richtext import create_rendition
from tests.cms.factories import make_image

pytestmark = pytest.mark.django_db

# Copied by hand from FRONTEND.md §11, relative to /uploads/public/images/.
FRONTEND_MD_TEXT = """
Logos/AngiSoft_Dark_Background_Logo-removebg.svg Logos/AngiSoft-Logo-Symbol-Only.png
Logos/petroflow-logo.png Logos/duka-flow-logo.png Logos/keja-link-logo.png
Logos/angitunes-logo.png Logos/AngiSoft_Dark_Background_Logo-removebg.png Logos/logo-symbol.svg
Logos/petroflow-mobile-icon.png Logos/duka-flow-mobile-icon.png Logos/kejalink-mobile-icon.png
Logos/angitunes-mobile-icon.png
Branding/AngiSoft-T-Shirts-Design.png Branding/AngiSoft-Hoodie-Design.png
Branding/AngiSoft-Muggs-and-cups-Design.png Branding/AngiSoft-NoteBooks-Design.png
Branding/AngiSoft-Car-Branding.png Branding/AngiSoft-Capes-Design.png
Branding/AngiSoft-Pens-Design.png Branding/AngiSoft-Stickers-Design.png
Branding/AngiSoft-Envelop-Design.png
Business-Cards/AngiSoft-Business-Card-Front-View.png
Software-Development-Company.jpg developer-8829735_1280.jpg
programming-background-with-person-working-with-codes-computer.jpg project-placeholder.png
Wallpapers/AngiSoft-Desktop-Wallpaper.png
services/software-development.jpg services/data-analysis.jpg services/documents-cyber.jpg
services/creative-products.jpg services/enterprise.jpg services/web-mobile.jpg
services/industry.jpg services/it-consulting.jpg services/retail-bg.jpg services/finance-bg.jpg
services/education-bg.jpg
trends/ai-assisted-engineering.jpg trends/cloud-deployment.jpg trends/data-reporting.jpg
trends/workflow-automation.jpg trends/secure-software-practices.jpg
about/hero/prof-angera-founder.jpg about/hero/prof-angera-founder-mobile.jpg
about/hero/angisoft-team.jpg about/hero/angisoft-team-mobile.jpg
about/hero/angisoft-product-work.jpg about/hero/angisoft-product-work-mobile.jpg
about/numbers/founded-2024.jpg about/numbers/projects.jpg about/numbers/product-ecosystems.jpg
about/numbers/digital-empowerment.jpg
about/geography/world-map-dots-light.svg
about/sustainability/digital-empowerment.jpg
about/collaboration/communication-ownership.svg about/collaboration/flexible-delivery.svg
about/collaboration/seamless-integration.svg
about/highlights/grassroots-origin.jpg about/highlights/founding-2024.jpg
about/highlights/systems-growth-2025.jpg about/highlights/ecosystems-2026.jpg
about/industries/retail.jpg about/industries/education.jpg about/industries/real-estate.jpg
about/industries/oil-gas.jpg about/industries/hospitality.jpg about/industries/transport.jpg
about/industries/professional-services.jpg about/industries/creative-industry.jpg
about/clients/kingsway.svg
about/service-map/custom-systems.webp about/service-map/web-development.webp
about/service-map/mobile-development.webp about/service-map/database-design.webp
about/service-map/data-analysis.webp about/service-map/code-debugging.webp
about/service-map/system-upgrades.webp about/service-map/software-installation.webp
about/service-map/document-editing.webp about/service-map/online-applications.webp
about/service-map/posters-graphics.webp about/service-map/in-house-products.webp
about/transparency/video-cover.jpg
about/leadership/prof-angera-pricing.jpg
about/final-cta/build-with-angisoft.webp about/final-cta/build-with-angisoft-mobile.webp
"""
FRONTEND_MD_LIST = FRONTEND_MD_TEXT.split()

PIL_FORMAT = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
MIME = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "svg": "image/svg+xml"}
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10"/></svg>'


def url(path):
    return f"/uploads/public/images/{path}"


def svg_document(data=SVG, name="drawing.svg"):
    document = get_document_model()(title=name)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def body(response) -> bytes:
    # Reading to the end closes the served file (Django's test client closes it then).
    return b"".join(response.streaming_content)


def pil(response):
    return PILImage.open(io.BytesIO(body(response)))


def test_the_path_list_is_the_frontends():
    assert len(FRONTEND_MD_LIST) == 87
    assert sorted(FRONTEND_ASSET_PATHS) == sorted(FRONTEND_MD_LIST)
    assert len(set(FRONTEND_ASSET_PATHS)) == 87


def test_demo_draws_every_path_in_its_format(client):
    assert load_brand_assets() == 87
    assert load_brand_assets() == 0  # idempotent
    for path in FRONTEND_ASSET_PATHS:
        response = client.get(url(path))
        ext = path.rsplit(".", 1)[1]
        assert response.status_code == 200, path
        assert response["Content-Type"] == MIME[ext], path
        if ext == "svg":
            data = body(response)
            assert data.startswith(b"<svg") and b"<script" not in data, path
        else:
            image = pil(response)
            assert image.format == PIL_FORMAT[ext], path
            assert max(image.size) <= 1280, path


def test_served_with_cache_headers_and_conditional_get(client):
    BrandAsset.objects.create(path="Logos/petroflow-logo.png", image=make_image("Petro"))
    response = client.get(url("Logos/petroflow-logo.png"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert pil(response).size == (320, 200)
    etag = response["ETag"]
    again = client.get(url("Logos/petroflow-logo.png"), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    head = client.head(url("Logos/petroflow-logo.png"))
    assert head.status_code == 200 and head.content == b""
    assert int(head["Content-Length"]) > 0


def test_an_image_in_another_format_is_converted_to_the_paths_format(client):
    png = make_image("Team")  # stored as PNG
    BrandAsset.objects.create(path="about/hero/angisoft-team.jpg", image=png)
    BrandAsset.objects.create(path="about/service-map/web-development.webp", image=png)
    jpeg = client.get(url("about/hero/angisoft-team.jpg"))
    assert jpeg["Content-Type"] == "image/jpeg" and pil(jpeg).format == "JPEG"
    webp = client.get(url("about/service-map/web-development.webp"))
    assert webp["Content-Type"] == "image/webp" and pil(webp).format == "WEBP"


def test_svg_comes_from_a_document_and_is_sandboxed(client):
    BrandAsset.objects.create(path="Logos/logo-symbol.svg", document=svg_document())
    response = client.get(url("Logos/logo-symbol.svg"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "sandbox" in response["Content-Security-Policy"]
    assert body(response) == SVG


@pytest.mark.parametrize(
    "path", ["Logos/unknown.png", "nothing", "../settings.py", "Logos/empty.png", "a" * 300]
)
def test_unknown_or_empty_paths_are_json_404s(client, path):
    BrandAsset.objects.create(path="Logos/empty.png")  # no file chosen yet
    response = client.get(url(path))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "There is no image at this address.", "code": "not_found"}


def test_only_reads_are_allowed(client):
    BrandAsset.objects.create(path="Logos/petroflow-logo.png", image=make_image("Petro"))
    response = client.post(url("Logos/petroflow-logo.png"))
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


# --- editors -------------------------------------------------------------------------


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def _png(colour):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), colour).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "replacement.png"
    return buffer


def chosen_image(title):
    """An image with the admin chooser's thumbnail already made (Wagtail's get_rendition
    leaves its temporary file for the garbage collector, which the test run treats as an
    error)."""
    image = make_image(title)
    create_rendition(image, Filter("max-165x165"))
    return image


def _edit(editor, asset, **fields):
    data = {"path": asset.path, "image": "", "document": "", "note": "", **fields}
    return editor.post(reverse("wagtailsnippets_cms_brandasset:edit", args=[asset.pk]), data)


def test_editor_uploads_a_new_image_and_maps_it(editor, client):
    asset = BrandAsset.objects.create(path="Logos/petroflow-logo.png", image=make_image("Old"))
    before = client.get(url(asset.path))
    old_etag = before["ETag"]
    assert pil(before).size == (320, 200)

    upload = editor.post(
        reverse("wagtailimages:add"), {"title": "New petroflow logo", "file": _png((255, 0, 0))}
    )
    assert upload.status_code == 302, upload.content[:500]
    from wagtail.images import get_image_model

    new = get_image_model().objects.get(title="New petroflow logo")
    assert _edit(editor, asset, image=new.pk).status_code == 302

    after = client.get(url(asset.path))
    assert after.status_code == 200 and after["ETag"] != old_etag
    image = pil(after)
    assert image.size == (40, 30) and image.getpixel((0, 0))[:3] == (255, 0, 0)


def test_editor_replaces_the_file_of_the_chosen_image(editor, client):
    image = make_image("Hero")
    asset = BrandAsset.objects.create(path="Software-Development-Company.jpg", image=image)
    before = client.get(url(asset.path))
    old_etag = before["ETag"]
    body(before)
    response = editor.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "Hero", "file": _png((0, 255, 0)), "tags": "", "collection": image.collection_id},
    )
    assert response.status_code == 302, response.content[:500]
    after = client.get(url(asset.path))
    assert after["ETag"] != old_etag
    served = pil(after)
    assert served.format == "JPEG" and served.size == (40, 30)


def test_editor_cannot_map_an_unsafe_svg_or_the_wrong_kind_of_file(editor):
    asset = BrandAsset.objects.create(path="about/clients/kingsway.svg", document=svg_document())
    evil = svg_document(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    response = _edit(editor, asset, document=evil.pk)
    assert response.status_code == 200
    assert b"may not contain &lt;script&gt;" in response.content
    handler = svg_document(b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>')
    assert b"event handlers" in _edit(editor, asset, document=handler.pk).content
    assert (
        b"an .svg path is served from a document"
        in _edit(editor, asset, image=chosen_image("x").pk).content.lower()
    )
    asset.refresh_from_db()
    with asset.document.file.open("rb") as handle:
        assert handle.read() == SVG

    raster = BrandAsset.objects.create(path="Logos/duka-flow-logo.png", image=chosen_image("D"))
    response = _edit(editor, raster, image=raster.image_id, document=svg_document().pk)
    assert b"Only .svg paths use a document" in response.content
    bad_path = _edit(editor, raster, path="../../etc/passwd.png", image=raster.image_id)
    assert b"Use a path like" in bad_path.content


def test_brand_asset_admin_lists_and_searches(editor):
    load_brand_assets()
    listing = editor.get(reverse("wagtailsnippets_cms_brandasset:list"), {"q": "petroflow"})
    assert listing.status_code == 200
    assert b"Logos/petroflow-logo.png" in listing.content
