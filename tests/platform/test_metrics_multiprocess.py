"""Multiprocess mode in-process: /metrics sums every worker's files and adds the
scrape-time gauges once; the gunicorn hooks clean the folder. The real gunicorn run is
tests/ops/test_gunicorn_metrics.py (slow)."""

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from prometheus_client.parser import text_string_to_metric_families

from core.models import OutboxEmail
from tests.platform import prom_files

TOKEN = "metrics-test-token"
HOOKS = runpy.run_path(str(Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"))


@pytest.fixture
def multiproc_dir(tmp_path, monkeypatch):
    path = tmp_path / "prometheus"
    path.mkdir()
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(path))
    yield path
    prom_files.close_files()


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def _scrape():
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        return list(text_string_to_metric_families(response.content.decode()))

    return _scrape


def _samples(families, name, **labels):
    return [
        s
        for f in families
        for s in f.samples
        if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
    ]


@pytest.mark.django_db
def test_scrape_sums_all_workers_and_adds_scrape_gauges_once(multiproc_dir, scrape):
    prom_files.write_worker_files(multiproc_dir, 4101, "/health", 3)
    prom_files.write_worker_files(multiproc_dir, 4102, "/health", 5)
    prom_files.write_worker_files(multiproc_dir, 4103, "/health/ready", 2)
    OutboxEmail.objects.create(
        template="t",
        recipients=["a@b.test"],
        status="pending",
        next_attempt_at="2030-01-01T00:00:00Z",
    )
    families = scrape()
    counts = _samples(
        families, "angisoft_http_request_duration_seconds_count", route="/health", method="GET"
    )
    assert [s.value for s in counts] == [8]  # one series, summed over pids 4101 and 4102
    assert [s.value for s in _samples(families, "angisoft_email_outbox", status="pending")] == [1]
    names = [f.name for f in families]
    assert names.count("angisoft_email_outbox") == 1
    assert names.count("angisoft_http_request_duration_seconds") == 1


def test_child_exit_drops_live_gauges_but_keeps_counts(multiproc_dir):
    prom_files.write_worker_files(multiproc_dir, 4201, "/health", 4, in_progress=1)
    prom_files.write_worker_files(multiproc_dir, 4202, "/health", 6, in_progress=1)
    files = lambda: sorted(multiproc_dir.glob("*.db"))  # noqa: E731
    assert prom_files.in_progress(files()) == 2

    HOOKS["child_exit"](None, SimpleNamespace(pid=4201))

    assert not (multiproc_dir / "gauge_livesum_4201.db").exists()
    assert (multiproc_dir / "gauge_livesum_4202.db").exists()
    assert prom_files.in_progress(files()) == 1
    assert prom_files.route_count(files(), "/health") == 10


def test_on_starting_empties_the_folder(multiproc_dir):
    prom_files.write_worker_files(multiproc_dir, 4301, "/health", 2)
    assert list(multiproc_dir.iterdir())
    HOOKS["on_starting"](None)
    assert list(multiproc_dir.iterdir()) == []


def test_on_starting_creates_a_missing_folder(tmp_path, monkeypatch):
    path = tmp_path / "new" / "prometheus"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(path))
    HOOKS["on_starting"](None)
    assert path.is_dir()


def test_hooks_do_nothing_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    kept = tmp_path / "counter_1.db"
    kept.write_bytes(b"x")
    monkeypatch.chdir(tmp_path)
    HOOKS["on_starting"](None)
    HOOKS["child_exit"](None, SimpleNamespace(pid=1))
    assert kept.exists()
