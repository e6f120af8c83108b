import os
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg
import pytest

from tests.legacy.builder import LegacyDB

SCHEMA = Path(__file__).with_name("legacy_schema.sql")


@pytest.fixture
def legacy(tmp_path):
    """A throwaway legacy database on the same PostgreSQL server, built from the fixture
    DDL, with its uploads folder."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("the legacy import reads PostgreSQL: set DATABASE_URL to a postgres:// URL")
    name = f"angisoft_legacy_src_{uuid.uuid4().hex[:10]}"
    server = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    db_url = urlunparse(urlparse(url)._replace(path=f"/{name}"))
    db = LegacyDB(db_url, tmp_path / "legacy-files")
    db.conn.execute(SCHEMA.read_text())
    yield db
    db.conn.close()
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
