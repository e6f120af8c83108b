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


@pytest.mark.django_db
def test_request_families_are_summed_from_one_observation_per_request(multiproc_dir, scrape):
    """Workers write one histogram per request; each family is its sum over the labels it
    leaves out, with its own buckets."""
    detail = ("/api/blogs/<str:key>", "blog-detail", "GET")
    prom_files.write_requests(
        multiproc_dir,
        4401,
        [
            ((*detail, "200", "https"), 0.07),
            ((*detail, "404", "https"), 0.2),
            ((*detail, "200", "http"), 3.0),
            (("/api/bookings", "bookings", "POST", "201", "https"), 0.02),
        ],
    )
    prom_files.write_requests(multiproc_dir, 4402, [((*detail, "200", "https"), 60.0)])
    families = scrape()

    def value(name, **labels):
        [sample] = _samples(families, name, **labels)
        return sample.value

    route = "angisoft_http_request_duration_seconds"
    ok = {"route": detail[0], "method": "GET", "status": "200"}
    assert value(f"{route}_count", **ok) == 3  # both transports, both workers
    assert value(f"{route}_bucket", le="0.1", **ok) == 1
    assert value(f"{route}_bucket", le="5.0", **ok) == 2
    assert value(f"{route}_bucket", le="10.0", **ok) == 2
    assert value(f"{route}_sum", **ok) == pytest.approx(63.07)
    assert not _samples(families, f"{route}_bucket", le="0.075")  # not one of its bounds
    assert value(f"{route}_count", route=detail[0], status="404") == 1

    view = "django_http_requests_latency_seconds_by_view_method"
    assert value(f"{view}_count", view="blog-detail", method="GET") == 4
    assert value(f"{view}_bucket", view="blog-detail", le="0.075") == 1
    assert value(f"{view}_bucket", view="blog-detail", le="50.0") == 3
    assert value(f"{view}_bucket", view="blog-detail", le="+Inf") == 4

    by_view = "django_http_requests_total_by_view_transport_method_total"
    assert value(by_view, view="blog-detail", transport="https", method="GET") == 3
    assert value(by_view, view="blog-detail", transport="http", method="GET") == 1
    by_method = "django_http_requests_total_by_method_total"
    assert value(by_method, method="GET") == 4
    assert value(by_method, method="POST") == 1

    names = {f.name for f in families}
    assert "angisoft_http_requests" not in names  # the source is not exposed
