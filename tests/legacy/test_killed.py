"""A real import process killed in the middle of a batch: the committed batch stays, the
interrupted one leaves nothing behind, and the next run completes without duplicates."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from cms.models import Faq
from legacy.models import LegacyRecord
from tests.legacy.test_import import run

pytestmark = pytest.mark.django_db(transaction=True)
BASE_DIR = Path(__file__).resolve().parents[2]


def test_killed_mid_batch_then_resumed(legacy):
    ids = sorted(legacy.faq(question=f"Question {n}?", order=n) for n in range(5))
    ours = urlunparse(
        urlparse(os.environ["DATABASE_URL"])._replace(path=f"/{connection.settings_dict['NAME']}")
    )
    faq_type = ContentType.objects.get_for_model(Faq).pk
    env = {**os.environ, "DATABASE_URL": ours, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    command = [
        sys.executable, "manage.py", "import_legacy", "--database-url", legacy.url,
        "--only", "Faq", "--batch-size", "2",
    ]  # fmt: skip

    with psycopg.connect(ours) as blocker:
        # An uncommitted record for the 4th row: the import blocks on its unique key in
        # the second batch, after the first batch committed.
        blocker.execute(
            "INSERT INTO legacy_legacyrecord (source_table, legacy_id, content_type_id, "
            "object_id, checksum, imported_at) VALUES ('Faq', %s, %s, '0', '', now())",
            (ids[3], faq_type),
        )
        proc = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        try:
            for line in proc.stderr:
                if line.startswith("[Faq] 2/5"):
                    break
            else:
                pytest.fail("the import ended before its first batch")
            waiting = (
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            for _ in range(600):  # until the import is stuck in batch 2 (at most a minute)
                with psycopg.connect(ours) as probe:
                    if probe.execute(waiting).fetchone()[0]:
                        break
                time.sleep(0.1)
            else:
                pytest.fail("the import never reached the held row")
        finally:
            proc.kill()
            proc.wait()
            proc.stderr.close()
        blocker.rollback()

    assert Faq.objects.count() == 2  # the first batch only
    assert LegacyRecord.objects.filter(source_table="Faq").count() == 2

    out = run(legacy, "--only", "Faq", "--batch-size", "2")

    assert Faq.objects.count() == 5
    assert set(
        LegacyRecord.objects.filter(source_table="Faq").values_list("legacy_id", flat=True)
    ) == set(ids)
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].isupper()}
    assert lines["Faq"] == ["5", "5", "3", "0", "2", "0"]
