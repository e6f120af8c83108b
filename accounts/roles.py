"""The role -> permission matrix, in code. Roles are Wagtail groups; every API check is
on permission codenames (accounts.permissions), never on role names.

`sync_roles` makes each group hold exactly the permissions below that exist in the
database. A data migration runs it, and so does post_migrate after every migrate, so
permissions that other apps add later are picked up. Codenames that do not exist yet are
skipped. Edits to these groups in the admin are reset by the next sync: change the
matrix here instead.
"""

from django.apps import apps as global_apps

from accounts.models import Role

GROUP_NAMES = {Role.ADMIN: "Admin", Role.MARKETING: "Marketing", Role.DEVELOPER: "Developer"}
ROLE_BY_GROUP = {name: role for role, name in GROUP_NAMES.items()}

ALL = "*"  # every permission in the database
PAGE_ALL = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]
IMAGE_ALL = ["wagtailimages.add_image", "wagtailimages.change_image"]
IMAGE_ALL += ["wagtailimages.delete_image", "wagtailimages.choose_image"]
DOC_ALL = ["wagtaildocs.add_document", "wagtaildocs.change_document"]
DOC_ALL += ["wagtaildocs.delete_document", "wagtaildocs.choose_document"]

BOOKINGS_REVIEW = [
    "bookings.view_booking",
    "bookings.change_booking",
    "bookings.review_booking",
    "bookings.transition_booking",
]

CLIENT_PROJECTS_ALL = [
    f"portal.{action}_clientproject" for action in ("add", "change", "delete", "view")
]

# Model permissions ("app_label.codename"; "app_label.*" = every permission of that app).
MODEL_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMIN: [ALL],
    Role.MARKETING: [
        "wagtailadmin.access_admin",
        "cms.*",  # pages' content models, snippets (testimonials, FAQs, ...) and site settings
        "wagtailredirects.*",
        "taggit.*",
        *BOOKINGS_REVIEW,
        *CLIENT_PROJECTS_ALL,
        "enquiries.*",  # the enquiry inbox, newsletter subscribers and chatbot transcripts
    ],
    Role.DEVELOPER: [
        "wagtailadmin.access_admin",
        # Their own profile: cms.policies limits StaffProfile edits to the owner.
        "cms.view_staffprofile",
        "cms.change_staffprofile",
        "bookings.view_assigned_booking",
        # Trackers of the bookings assigned to them (portal limits the rows).
        "portal.view_clientproject",
        "portal.change_clientproject",
    ],
}

# Wagtail page permissions: (which page, [permission types]).
PAGE_PERMISSIONS: dict[str, tuple[str, list[str]]] = {
    Role.ADMIN: ("root", PAGE_ALL),
    Role.MARKETING: ("root", PAGE_ALL),
    # "add" on the blog index: create posts and edit their own drafts, never publish.
    Role.DEVELOPER: ("blog_index", ["add"]),
}

# Wagtail collection permissions on the root collection (images and documents).
COLLECTION_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMIN: IMAGE_ALL + DOC_ALL,
    Role.MARKETING: IMAGE_ALL + DOC_ALL,
    Role.DEVELOPER: ["wagtailimages.add_image", "wagtailimages.choose_image"],
}

# The page type whose first page is "the blog index" developers may add posts under.
BLOG_INDEX_MODEL = ("cms", "BlogIndexPage")


def _resolve(patterns, available):
    chosen = set()
    for pattern in patterns:
        if pattern == ALL:
            chosen.update(available)
        elif pattern.endswith(".*"):
            prefix = pattern[:-1]
            chosen.update(name for name in available if name.startswith(prefix))
        elif pattern in available:
            chosen.add(pattern)
    return [available[name] for name in sorted(chosen)]


def _target_page(apps, which, using):
    if which == "root":
        Page = apps.get_model("wagtailcore", "Page")
        return Page.objects.using(using).filter(depth=1).order_by("path").first()
    try:
        model = apps.get_model(*BLOG_INDEX_MODEL)
    except LookupError:  # migrations that run before cms's
        return None
    return model.objects.using(using).order_by("path").first()


def sync_roles(apps=global_apps, using="default"):
    """Create the role groups and give each exactly the matrix's permissions. Idempotent."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")

    available = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.using(using).select_related("content_type")
    }
    root_collection = Collection.objects.using(using).filter(depth=1).order_by("path").first()

    for role, group_name in GROUP_NAMES.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        group.permissions.set(_resolve(MODEL_PERMISSIONS[role], available))

        which, types = PAGE_PERMISSIONS[role]
        page = _target_page(apps, which, using)
        if page is not None:
            wanted = _resolve([f"wagtailcore.{t}_page" for t in types], available)
            existing = GroupPagePermission.objects.using(using).filter(group=group, page_id=page.pk)
            existing.exclude(permission__in=wanted).delete()
            have = set(existing.values_list("permission_id", flat=True))
            GroupPagePermission.objects.using(using).bulk_create(
                GroupPagePermission(group=group, page_id=page.pk, permission=p)
                for p in wanted
                if p.pk not in have
            )

        if root_collection is not None:
            wanted = _resolve(COLLECTION_PERMISSIONS[role], available)
            existing = GroupCollectionPermission.objects.using(using).filter(
                group=group, collection=root_collection
            )
            existing.exclude(permission__in=wanted).delete()
            have = set(existing.values_list("permission_id", flat=True))
            GroupCollectionPermission.objects.using(using).bulk_create(
                GroupCollectionPermission(group=group, collection=root_collection, permission=p)
                for p in wanted
                if p.pk not in have
            )


def assign_role(user, role: str) -> None:
    """Give `user` exactly one role group, keeping any non-role groups."""
    from django.contrib.auth.models import Group

    user.groups.remove(*Group.objects.filter(name__in=GROUP_NAMES.values()))
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
    user.groups.add(group)


def role_of(user) -> str | None:
    """The user's role value (for display only; never use it for authorisation)."""
    names = [g.name for g in user.groups.all()]
    for role in (Role.ADMIN, Role.MARKETING, Role.DEVELOPER):
        if GROUP_NAMES[role] in names:
            return role.value
    return Role.ADMIN.value if user.is_superuser else None
