import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from accounts.roles import sync_roles
from tests.accounts.factories import make_staff

pytestmark = pytest.mark.django_db


def perms(group_name):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=group_name).permissions.select_related("content_type")
    }


def test_the_migration_created_the_three_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Admin", "Marketing", "Developer"}


def test_admin_group_holds_every_permission():
    assert perms("Admin") == {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.select_related("content_type")
    }


def test_marketing_has_content_settings_and_booking_review_but_no_payments_or_staff():
    marketing = perms("Marketing")
    assert "wagtailadmin.access_admin" in marketing
    assert {p for p in marketing if p.startswith("cms.")} == {
        f"cms.{codename}"
        for codename in Permission.objects.filter(content_type__app_label="cms").values_list(
            "codename", flat=True
        )
    }
    for codename in ("view_booking", "change_booking", "review_booking", "transition_booking"):
        if Permission.objects.filter(codename=codename).exists():
            assert f"bookings.{codename}" in marketing
    assert not any(p.startswith(("payments.", "accounts.", "auth.")) for p in marketing)


def test_developer_has_admin_access_own_profile_and_assigned_bookings_only():
    developer = perms("Developer")
    assert "wagtailadmin.access_admin" in developer
    assert developer <= {
        "wagtailadmin.access_admin",
        "cms.view_staffprofile",
        "cms.change_staffprofile",
        "bookings.view_assigned_booking",
        "portal.view_clientproject",
        "portal.change_clientproject",
    }
    assert not any(p.startswith(("payments.", "accounts.")) for p in developer)


def test_page_and_collection_permissions_on_the_root():
    root = Page.objects.get(depth=1)
    for name in ("Admin", "Marketing"):
        types = set(
            GroupPagePermission.objects.filter(group__name=name, page=root).values_list(
                "permission__codename", flat=True
            )
        )
        assert {"add_page", "change_page", "publish_page"} <= types
    assert not GroupPagePermission.objects.filter(group__name="Developer", page=root).exists()
    root_collection = Collection.get_first_root_node()
    developer_collection = set(
        GroupCollectionPermission.objects.filter(
            group__name="Developer", collection=root_collection
        ).values_list("permission__codename", flat=True)
    )
    assert developer_collection == {"add_image", "choose_image"}


def test_developer_may_add_blog_drafts_but_not_publish():
    from cms.models import BlogIndexPage

    root = Page.objects.get(depth=1)
    blog = root.add_child(instance=BlogIndexPage(title="Blog", slug="blog-roles-test"))
    sync_roles()
    codenames = set(
        GroupPagePermission.objects.filter(group__name="Developer", page=blog).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page"}
    developer = make_staff("developer")
    page_perms = blog.permissions_for_user(developer)
    assert page_perms.can_add_subpage()
    assert not page_perms.can_publish()


def test_sync_is_idempotent_and_restores_the_matrix():
    marketing = Group.objects.get(name="Marketing")
    before = perms("Marketing")
    marketing.permissions.clear()
    marketing.permissions.add(Permission.objects.get(codename="add_user"))  # not in the matrix
    sync_roles()
    sync_roles()
    assert perms("Marketing") == before
    assert GroupPagePermission.objects.filter(group=marketing).count() == len(
        set(GroupPagePermission.objects.filter(group=marketing).values_list("permission", "page"))
    )


def test_permissions_created_later_are_picked_up_by_the_sync():
    content_type = ContentType.objects.get_for_model(Group)
    Permission.objects.create(codename="brand_new_thing", name="x", content_type=content_type)
    call_command("sync_roles", stdout=None)
    assert "auth.brand_new_thing" in perms("Admin")
    assert "auth.brand_new_thing" not in perms("Marketing")


def test_post_migrate_reapplies_the_matrix():
    from django.core.management.sql import emit_post_migrate_signal

    Group.objects.get(name="Developer").permissions.clear()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert "wagtailadmin.access_admin" in perms("Developer")


def test_role_members_pass_permission_checks():
    marketing = make_staff("marketing")
    developer = make_staff("developer")
    assert marketing.has_perm("wagtailadmin.access_admin")
    assert not marketing.has_perm("accounts.invite_staff")
    assert make_staff("admin").has_perm("accounts.invite_staff")
    assert not developer.has_perm("cms.add_staffprofile")


def test_a_blog_index_created_in_the_admin_gets_the_developer_grant(rf):
    from wagtail import hooks

    from cms.models import BlogIndexPage

    root = Page.objects.get(depth=1)
    blog = root.add_child(instance=BlogIndexPage(title="Blog", slug="blog-hook-test"))
    assert not GroupPagePermission.objects.filter(group__name="Developer", page=blog).exists()
    for fn in hooks.get_hooks("after_create_page"):
        fn(rf.get("/"), blog)
    assert GroupPagePermission.objects.filter(group__name="Developer", page=blog).exists()
