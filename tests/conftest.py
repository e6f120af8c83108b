import os

import pytest
from django.core.cache import cache

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Every test writes media and private files under its own temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private-media")
    storages = {**settings.STORAGES}
    if storages["default"]["BACKEND"].endswith("FileSystemStorage"):
        storages["default"] = {**storages["default"], "OPTIONS": {"location": settings.MEDIA_ROOT}}
        storages["private"] = {
            **storages["private"],
            "OPTIONS": {"location": settings.PRIVATE_MEDIA_ROOT, "base_url": None},
        }
    settings.STORAGES = storages


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # rate-limit counters and cached responses must not leak between tests
    yield
    cache.clear()


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: this test needs a real Redis")
    return url


@pytest.fixture
def admin_user(db):
    return UserFactory(is_staff=True, is_superuser=True)
