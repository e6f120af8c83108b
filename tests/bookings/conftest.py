import pytest
from django.test import TestCase
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from tests.factories import UserFactory


def access_admin_permission():
    """Wagtail's `access_admin` permission. A data migration creates it, so a flush by an
    earlier transactional test removes it: create it again when it is missing."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    return permission


def staff_with(*codenames, **kwargs):
    """A staff user holding exactly these bookings permissions (codenames)."""
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True, **kwargs)
    perms = Permission.objects.filter(content_type__app_label="bookings", codename__in=codenames)
    assert perms.count() == len(codenames), codenames
    user.user_permissions.add(*perms)
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


class CommitAPIClient(APIClient):
    """Runs on_commit callbacks (emails, Huey tasks) after each request, as a real
    commit would; pytest-django's test transaction otherwise never commits."""

    def request(self, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**kwargs)


def api_for(user) -> APIClient:
    client = CommitAPIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return client


@pytest.fixture
def api():
    return CommitAPIClient()


@pytest.fixture
def reviewer(db):
    return staff_with("view_booking", "change_booking", "review_booking", "transition_booking")


@pytest.fixture
def reviewer_api(reviewer):
    return api_for(reviewer)
