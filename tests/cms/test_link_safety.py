"""Editor link fields accept only http(s), mailto, tel and site paths; anything else is
refused in the editor and dropped again when the API serialises old rows."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail import blocks

from cms.blocks import CallToActionBlock, FooterLinkBlock, HeroSlideBlock, LinkBlock, MenuItemBlock
from cms.models import FooterSettings, HeroSettings, NavigationSettings, PricingSettings
from tests.cms.factories import blog_post, sid, stream

pytestmark = pytest.mark.django_db

HOSTILE = [
    "javascript:alert(5)",
    "JavaScript:alert(5)",
    " javascript:alert(5)",
    "java\tscript:alert(5)",
    "java\nscript:alert(5)",
    "data:text/html,<script>alert(5)</script>",
    "vbscript:msgbox(5)",
    "//evil.example/x",
    "/\t/evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example",
    "https:evil.example",
    "ftp://files.example/x",
]
SAFE = [
    "/services",
    "/",
    "/book?x=1#top",
    "https://angisoft.co.ke/a",
    "http://x.test",
    "mailto:a@b.c",
    "tel:+254700000000",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_link_blocks_refuse_unsafe_targets_with_a_clear_message(value):
    cases = [
        (LinkBlock(), {"label": "Go", "to": value}),
        (FooterLinkBlock(), {"label": "Go", "href": value}),
        (MenuItemBlock(), {"label": "Go", "to": value}),
        (CallToActionBlock(), {"title": "T", "label": "Go", "url": value}),
        (HeroSlideBlock(), {"title": "T", "cta_url": value}),
    ]
    for block, raw in cases:
        with pytest.raises(ValidationError) as caught:
            block.clean(block.to_python(raw))
        assert "https://" in str(caught.value.block_errors), block


@pytest.mark.parametrize("value", SAFE)
def test_link_blocks_accept_safe_targets(value):
    block = LinkBlock()
    assert block.clean(block.to_python({"label": "Go", "to": value}))["to"] == value


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def test_settings_editor_refuses_a_javascript_cta(editor):
    pk = PricingSettings.load().pk
    url = reverse("wagtailsnippets_cms_pricingsettings:edit", args=[pk])
    form = {
        "action-publish": "action-publish",
        "title": "Pricing",
        "currency": "KES",
        "cta_label": "Go",
        "cta_to": "javascript:alert(5)",
        **{
            f"{name}-count": "0"
            for name in (
                "estimated_ranges",
                "pricing_factors",
                "engagement_models",
                "packages",
                "process",
                "faq",
            )
        },
    }
    response = editor.post(url, form)

    assert response.status_code == 200  # the form again, with the error
    assert "https://" in response.content.decode()
    assert PricingSettings.load().cta_to != "javascript:alert(5)"


def test_old_rows_with_unsafe_links_are_neutralised_in_the_site_api(client):
    nav = NavigationSettings.load()
    nav.simple_links = stream(
        "link", [{"label": "Bad", "to": "javascript:alert(5)"}, {"label": "Ok", "to": "/blog"}]
    )
    nav.mega_menus = stream(
        "menu", [{"label": "M", "items": [{"label": "x", "to": "data:text/html,hi"}]}]
    )
    nav.cta_label, nav.cta_to = "Go", "vbscript:msgbox(5)"
    nav.save()
    footer = FooterSettings.load()
    footer.columns = stream(
        "column", [{"title": "C", "links": [{"label": "x", "href": "javascript:alert(5)"}]}]
    )
    footer.save()
    hero = HeroSettings.load()
    hero.cta_primary_label, hero.cta_primary_to = "Go", "javascript:alert(5)"
    hero.cta_secondary_label, hero.cta_secondary_to = "Go", "/book"
    hero.slides = stream("slide", [{"title": "S", "cta_label": "Go", "cta_url": "//evil.test"}])
    hero.save()
    pricing = PricingSettings.load()
    pricing.cta_label, pricing.cta_to = "Go", "javascript:alert(5)"
    pricing.cta_secondary_label, pricing.cta_secondary_to = "Ask", "/contact"
    pricing.save()

    navigation = client.get("/api/site/navigation").json()
    footer_json = client.get("/api/site/footer").json()
    hero_json = client.get("/api/site/hero").json()
    pricing_cta = client.get("/api/site/pricing").json()["cta"]

    # An unsafe target becomes empty, which the site API leaves out (the frontend default).
    assert [link.get("to", "") for link in navigation["simpleLinks"]] == ["", "/blog"]
    assert navigation["megaMenus"][0]["items"][0].get("to", "") == ""
    assert navigation["cta"].get("to", "") == ""
    assert footer_json["columns"][0]["links"][0].get("href", "") == ""
    assert hero_json["ctaPrimary"].get("to", "") == ""
    assert hero_json["ctaSecondary"]["to"] == "/book"
    assert hero_json["slides"][0].get("ctaUrl", "") == ""
    assert pricing_cta["primaryButton"].get("url", "") == ""
    assert pricing_cta["secondaryButton"]["url"] == "/contact"


def test_old_call_to_action_in_a_body_is_not_delivered_as_a_javascript_href(client):
    from tests.cms.factories import SiteTree

    tree = SiteTree()
    blog_post(
        tree,
        1,
        body=[
            {
                "type": "cta",
                "value": {
                    "title": "T",
                    "text": "",
                    "label": "Click",
                    "page": None,
                    "url": "javascript:alert(5)",
                },
                "id": sid(),
            }
        ],
    )
    [item] = client.get("/api/blogs").json()

    assert "javascript:" not in item["content"]
    assert "Click" in item["content"]
    detail = client.get("/api/blogs/post-1").json()
    assert detail["body"][0]["value"].get("url", "") == ""


def _link_like_children(block, path=""):
    """(path, block) of every href-like child: named to/href/*_to/*_link/*url."""
    children = getattr(block, "child_blocks", None)
    if children is None and hasattr(block, "child_block"):
        children = {"item": block.child_block}
    for name, child in (children or {}).items():
        here = f"{path}.{name}"
        if isinstance(child, blocks.FieldBlock) and (
            name in ("to", "href") or name.endswith(("_to", "_link", "url"))
        ):
            yield here, child
        yield from _link_like_children(child, here)


def test_every_href_like_block_of_main_shapes_uses_the_link_rule():
    """About sections, settings streams and UI copy: a plain CharBlock or URLBlock would
    let an editor store javascript: again."""
    from wagtail.images.blocks import ImageChooserBlock

    from cms.about_blocks import AboutSectionsBlock
    from cms.blocks import UiHomeBlock, UiPagesBlock
    from cms.links import LinkTargetBlock, SafeURLBlock
    from cms.models import SITE_GROUPS, CareersContentSettings, HomeContentSettings

    roots = [AboutSectionsBlock(), UiHomeBlock(), UiPagesBlock()]
    for model in [*SITE_GROUPS.values(), CareersContentSettings, HomeContentSettings]:
        roots += [f.stream_block for f in model._meta.fields if hasattr(f, "stream_block")]
    found = []
    for root in roots:
        for path, child in _link_like_children(root, type(root).__name__):
            if isinstance(child, ImageChooserBlock):
                continue  # image_url: an image, sent as its rendition URL
            found.append(path)
            assert isinstance(child, LinkTargetBlock | SafeURLBlock), path
    assert any(".secondary_cta_url" in p for p in found)
    assert any("primary_link" in p for p in found)
    assert any(p.startswith("AboutSectionsBlock") and p.endswith(".url") for p in found)


@pytest.mark.parametrize(
    ("model_name", "field"),
    [
        ("ProductPage", "demo_url"),
        ("ContactSettings", "map_url"),
        ("PricingSettings", "cta_secondary_to"),
        ("HeroSettings", "cta_secondary_to"),
    ],
)
def test_new_link_fields_refuse_javascript(model_name, field):
    import cms.models

    model_field = getattr(cms.models, model_name)._meta.get_field(field)
    with pytest.raises(ValidationError):
        model_field.clean("javascript:alert(5)", None)
