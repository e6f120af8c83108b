import pytest

from tests.cms.factories import SiteTree


@pytest.fixture
def tree(db):
    return SiteTree()


@pytest.fixture
def get_api(client):
    def get(path, **params):
        return client.get(f"/api/{path}", params)

    return get
