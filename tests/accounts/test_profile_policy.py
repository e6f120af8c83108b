import pytest

from cms import models as cms_models

pytestmark = pytest.mark.django_db


def profile(user, username):
    return cms_models.StaffProfile.objects.create(user=user, username=username)


def test_developers_edit_only_their_own_profile(client, staff):
    developer = staff("developer")
    own = profile(developer, "dev-own")
    other = profile(staff("developer"), "dev-other")
    client.force_login(developer)
    assert client.get(f"/admin/snippets/cms/staffprofile/edit/{own.pk}/").status_code == 200
    denied = client.get(f"/admin/snippets/cms/staffprofile/edit/{other.pk}/")
    assert denied.status_code in {302, 403}
    posted = client.post(f"/admin/snippets/cms/staffprofile/edit/{other.pk}/", {"bio": "x"})
    assert posted.status_code in {302, 403}
    other.refresh_from_db()
    assert other.bio != "x"
    deleted = client.post(f"/admin/snippets/cms/staffprofile/delete/{other.pk}/")
    assert deleted.status_code in {302, 403}
    assert cms_models.StaffProfile.objects.filter(pk=other.pk).exists()


def test_marketing_edits_every_profile(client, staff):
    other = profile(staff("developer"), "dev-x")
    client.force_login(staff("marketing"))
    assert client.get(f"/admin/snippets/cms/staffprofile/edit/{other.pk}/").status_code == 200


def test_the_policy_filters_instances(staff):
    from wagtail.permissions import policy_registry

    developer = staff("developer")
    own = profile(developer, "mine")
    profile(staff("admin"), "theirs")
    policy = policy_registry.get_by_type(cms_models.StaffProfile)
    assert list(policy.instances_user_has_permission_for(developer, "change")) == [own]
    assert policy.instances_user_has_permission_for(staff("marketing"), "change").count() == 2
    assert not policy.user_has_permission(developer, "add")
