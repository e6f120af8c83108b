"""Editors cannot save content that would crash or break the frontend: the rules of
cms.validation, through the Wagtail admin's edit views and as plain functions."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms import validation
from cms.icons import GENERAL
from cms.models import BookingSettings, ContactSettings, HeroSettings, ServiceCategory
from tests.cms.factories import settings_admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def _settings_url(editor, model):
    response = editor.get(settings_admin_url(model), follow=True)
    assert response.status_code == 200
    return response.request["PATH_INFO"]


def _slide(n):
    return {
        "title": f"Slide {n}",
        "highlight": "",
        "description": "",
        "badge": "",
        "image": "",
        "video_url": "",
        "cta_label": "",
        "cta_url": "",
        "secondary_cta_label": "",
        "secondary_cta_url": "",
    }


def _post_hero(editor, count):
    data = nested_form_data(
        {
            "eyebrow": "",
            "headline": "Hello",
            "headline_highlight": "",
            "tagline": "",
            "background_image": "",
            "cta_primary_label": "",
            "cta_primary_to": "",
            "cta_secondary_label": "",
            "cta_secondary_to": "",
            "slides": streamfield([("slide", _slide(n)) for n in range(count)]),
            "action-publish": "action-publish",
        }
    )
    return editor.post(_settings_url(editor, HeroSettings), data)


@pytest.mark.parametrize("count", [1, 3])
def test_hero_with_one_to_three_slides_is_refused(editor, count):
    response = _post_hero(editor, count)
    assert response.status_code == 200
    assert "Add at least 4 slides, or remove them all" in response.content.decode()
    assert len(HeroSettings.load().slides) == 0


@pytest.mark.parametrize("count", [0, 4, 5])
def test_hero_with_none_or_four_plus_slides_is_saved(editor, count):
    response = _post_hero(editor, count)
    assert response.status_code == 302, response.content.decode()[:500]
    assert len(HeroSettings.load().slides) == count


def _post_booking(editor, icons, project_type="SOFTWARE"):
    data = nested_form_data(
        {
            "hero_badge": "Book",
            "hero_title": "Tell us",
            "hero_highlight": "",
            "project_types": streamfield([("type", {"value": project_type, "label": "Software"})]),
            "steps": streamfield(
                [("step", {"title": f"Step {icon}", "icon": icon}) for icon in icons]
            ),
            "payment_step_title": "Deposit",
            "payment_step_icon": "FaCreditCard",
            "success_title": "",
            "success_message": "",
            "action-publish": "action-publish",
        }
    )
    return editor.post(_settings_url(editor, BookingSettings), data)


@pytest.mark.parametrize("icons", [["FaUser", "FaFileAlt"], ["FaUser"] * 5])
def test_booking_needs_three_or_four_steps(editor, icons):
    response = _post_booking(editor, icons)
    assert response.status_code == 200
    assert "The booking form needs 3 or 4 steps" in response.content.decode()
    assert len(BookingSettings.load().steps) == 0


def test_booking_with_four_steps_is_saved(editor):
    icons = ["FaUser", "FaFileAlt", "FaCloudUploadAlt", "FaCreditCard"]
    assert _post_booking(editor, icons).status_code == 302
    saved = BookingSettings.load()
    assert [s.value["icon"] for s in saved.steps] == icons


def test_booking_step_icon_and_project_type_come_from_lists(editor):
    response = _post_booking(editor, ["FaUser", "FaFileAlt", "code"])
    assert response.status_code == 200
    assert len(BookingSettings.load().steps) == 0
    response = _post_booking(editor, ["FaUser", "FaFileAlt", "FaCreditCard"], "WEBSITE")
    assert response.status_code == 200
    assert len(BookingSettings.load().project_types) == 0


def _post_contact(editor, **overrides):
    data = {
        "email": "hello@example.com",
        "phone": "",
        "whatsapp": "+254710398690",
        "address": "Ngong Road",
        "city": "Nairobi",
        "country": "Kenya",
        "map_url": "https://www.openstreetmap.org/export/embed.html?bbox=1,2,3,4",
        "working_hours": "",
        **overrides,
    }
    data.update(nested_form_data({"social": streamfield([])}))
    return editor.post(_settings_url(editor, ContactSettings), data)


def test_contact_map_must_be_http_and_whatsapp_digits(editor):
    response = _post_contact(editor, map_url="ftp://maps.example.com/x")
    assert response.status_code == 200
    assert "Use an http:// or https:// address" in response.content.decode()
    response = _post_contact(editor, whatsapp="call me")
    assert "Enter the WhatsApp number in digits" in response.content.decode()
    assert ContactSettings.load().email == ""
    assert _post_contact(editor).status_code == 302
    assert ContactSettings.load().whatsapp == "+254710398690"


def test_service_category_icon_is_chosen_not_typed(editor):
    url = reverse("wagtailsnippets_cms_servicecategory:add")
    form = {"name": "Web", "slug": "web", "description": "", "order": 0}
    response = editor.post(url, {**form, "icon": "code"})
    assert response.status_code == 200 and not ServiceCategory.objects.exists()
    assert editor.post(url, {**form, "icon": "FaCode"}).status_code == 302
    assert ServiceCategory.objects.get().icon == "FaCode"
    page = editor.get(url).content.decode()
    assert all(f'value="{name}"' in page for name in GENERAL)


# --- the rules as functions ------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 4, 9])
def test_hero_count_rule_accepts(count):
    validation.check_hero_slide_count(count)


@pytest.mark.parametrize("count", [1, 2, 3])
def test_hero_count_rule_refuses(count):
    with pytest.raises(ValidationError, match=f"you have {count}"):
        validation.check_hero_slide_count(count)


@pytest.mark.parametrize(
    ("count", "ok"), [(0, False), (2, False), (3, True), (4, True), (5, False)]
)
def test_booking_step_rule(count, ok):
    if ok:
        validation.check_booking_step_count(count)
    else:
        with pytest.raises(ValidationError, match="3 or 4 steps"):
            validation.check_booking_step_count(count)


@pytest.mark.parametrize("name", ["Flutter", "React", "Tailwind CSS", "HTML/CSS", "bash shell"])
def test_tech_group_named_like_a_technology_page_is_refused(name):
    with pytest.raises(ValidationError, match="/technology/"):
        validation.check_tech_group_name(name)


@pytest.mark.parametrize("name", ["Backend", "Mobile", "Cloud and DevOps", "React Native"])
def test_tech_group_category_names_pass(name):
    validation.check_tech_group_name(name)


def test_url_and_whatsapp_rules():
    validation.check_embeddable_url("")
    validation.check_embeddable_url("https://maps.example/embed")
    for bad in ("javascript:alert(1)", "ftp://x.example/"):
        with pytest.raises(ValidationError):
            validation.check_embeddable_url(bad)
    validation.check_whatsapp_number("+254 710 398 690")
    with pytest.raises(ValidationError):
        validation.check_whatsapp_number("0710-398-690 ext")


def test_tech_group_block_refuses_a_technology_name():
    from wagtail.blocks import StructBlockValidationError

    from cms.blocks import TechGroupBlock

    block = TechGroupBlock()
    value = block.to_python({"name": "Python", "items": []})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)
    block.clean(block.to_python({"name": "Backend", "items": []}))
