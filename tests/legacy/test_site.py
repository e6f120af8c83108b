"""`Setting` rows, About sections, industries and solutions into our settings groups."""

import pytest
from psycopg.types.json import Jsonb
from rest_framework.test import APIClient

from cms.models import (
    AboutSettings,
    ContactSettings,
    FooterSettings,
    HeroSettings,
    HomeContentSettings,
    IndustriesSettings,
)
from legacy.models import LegacyRecord
from tests.legacy.test_import import run

pytestmark = pytest.mark.django_db

SITE_TABLES = "Setting,AboutSection,Industry,Solution"


@pytest.fixture
def site(legacy):
    s = {}
    legacy.setting(
        "site_contact",
        {
            "email": "hello@angisoft.test",
            "phone": "+254 710 000 000",
            "workingHours": "Mon-Fri 8-5",
            "social": [{"platform": "LinkedIn", "url": "https://linkedin.example.test/angi"}],
            "fax": "020 123",
        },
    )
    legacy.setting(
        "site_footer",
        {
            "description": "Software from Nairobi.",
            "columns": [{"title": "Company", "links": [{"label": "About", "href": "/about"}]}],
        },
    )
    s["bg"] = legacy.upload_image("hero.png")
    legacy.setting(
        "site_hero",
        {
            "headline": "We build software",
            "ctaPrimary": {"label": "Start", "to": "/booking"},
            "backgroundImage": s["bg"],
            "slides": "not a list",
        },
    )
    legacy.setting("site_success_stories", {"items": []})
    legacy.setting("site_mystery", {"a": 1})
    legacy.setting("site_pricing", [1, 2])
    s["intro"] = legacy.row(
        "AboutSection", key="intro", title="Intro", sortOrder=1,
        content=Jsonb({"eyebrow": "About us", "headline": "Made in Nairobi", "mood": "x"}),
    )  # fmt: skip
    s["hidden"] = legacy.row("AboutSection", key="cta", title="CTA", enabled=False)
    s["odd"] = legacy.row("AboutSection", key="mascot", title="Mascot")
    s["retail"] = legacy.row(
        "Industry", name="Retail", slug="retail", description="Shops", icon="nope", sortOrder=1
    )
    s["old"] = legacy.row("Industry", name="Mining", slug="mining", active=False)
    s["pos"] = legacy.row("Solution", name="POS Systems", slug="pos-systems", description="Tills")
    return s


def test_settings_groups_about_industries_and_solutions(legacy, site):
    out = run(legacy, "--only", SITE_TABLES)

    contact = ContactSettings.load()
    assert (contact.email, contact.phone, contact.working_hours) == (
        "hello@angisoft.test", "+254 710 000 000", "Mon-Fri 8-5"
    )  # fmt: skip
    assert [item.value["platform"] for item in contact.social] == ["LinkedIn"]
    assert "Setting site_contact: keys not carried: fax" in out
    footer = FooterSettings.load()
    assert footer.description == "Software from Nairobi."
    assert footer.columns[0].value["links"][0]["href"] == "/about"
    hero = HeroSettings.load()
    assert (hero.headline, hero.cta_primary_label, hero.cta_primary_to) == (
        "We build software", "Start", "/booking"
    )  # fmt: skip
    assert hero.background_image is not None
    assert "Setting site_hero: slides not carried (unexpected shape)" in out
    assert "skipped Setting site_success_stories: no settings group here" in out
    assert "skipped Setting site_mystery: unmapped key" in out
    assert "skipped Setting site_pricing: value is list, not an object" in out

    about = AboutSettings.load()
    assert [block.block_type for block in about.sections] == ["intro"]
    assert about.sections[0].value["headline"] == "Made in Nairobi"
    assert f"AboutSection {site['intro']} (intro): no place for mood" in out
    assert f"skipped AboutSection {site['hidden']}: disabled" in out
    assert f"skipped AboutSection {site['odd']}: section key 'mascot' has no block" in out

    industries = IndustriesSettings.load().industries
    assert [(i.value["slug"], i.value["icon"]) for i in industries] == [("retail", "")]
    assert f"skipped Industry {site['old']}: inactive" in out
    solutions = HomeContentSettings.load().solutions
    assert [(s.value["slug"], s.value["headline"]) for s in solutions] == [
        ("pos-systems", "POS Systems")
    ]

    body = APIClient().get("/api/site/contact").json()
    assert body["email"] == "hello@angisoft.test"

    # Second run: nothing changes, nothing is added; an edited row replaces its item.
    legacy.execute(
        'UPDATE "Industry" SET name = %s WHERE id = %s', ("Retail & shops", site["retail"])
    )
    out = run(legacy, "--only", SITE_TABLES)
    industries = IndustriesSettings.load().industries
    assert [i.value["name"] for i in industries] == ["Retail & shops"]
    assert (
        len(AboutSettings.load().sections) == 1 and len(HomeContentSettings.load().solutions) == 1
    )
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].isupper()}
    assert lines["Setting"] == ["6", "3", "0", "0", "3", "3"]
    assert lines["Industry"] == ["2", "1", "0", "1", "0", "1"]
    assert LegacyRecord.objects.filter(source_table="Setting").count() == 3
