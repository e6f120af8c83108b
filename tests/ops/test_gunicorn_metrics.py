"""Prometheus multiprocess mode under real gunicorn (3 workers, config/gunicorn.conf.py):
/metrics sums every worker, and a killed worker's counts stay while its live gauge goes.
Slow: RUN_SLOW=1."""

import os
import signal
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from core.models import OutboxEmail
from ops import stack as stack_module
from ops.stack import Stack, wait_for
from tests.platform import prom_files

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

TOKEN = "gunicorn-metrics-token"
WORKERS = 3


@pytest.fixture(scope="module")
def multiproc_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("prometheus")
    # A previous run's file: on_starting must drop it or its 1000 requests are summed in.
    prom_files.write_worker_files(path, 1, "/health", 1000)
    prom_files.close_files()
    return path


@pytest.fixture(scope="module")
def stack(multiproc_dir):
    reason = stack_module.available()
    if reason:
        pytest.skip(reason)
    s = Stack(
        email_api_url="http://127.0.0.1:9/",
        web_workers=WORKERS,
        extra_env={
            "PROMETHEUS_MULTIPROC_DIR": str(multiproc_dir),
            "METRICS_TOKEN": TOKEN,
            # A gthread worker otherwise accepts every connection while it is the one awake,
            # so one worker can serve a whole burst; two at a time spreads it over all three.
            "GUNICORN_CMD_ARGS": "--worker-connections 2",
        },
    )
    try:
        s.start()
    except Exception:
        print(s.logs())
        s.destroy()
        raise
    yield s
    print(s.logs())
    s.destroy()


def worker_pids(master: int) -> set[int]:
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited while we looked
        if int(fields[1]) == master and fields[0] != "Z":
            pids.add(int(stat.parent.name))
    return pids


def scrape(stack) -> dict:
    response = requests.get(
        f"{stack.base_url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
    )
    assert response.status_code == 200, response.text
    families = list(text_string_to_metric_families(response.text))
    names = [f.name for f in families]
    assert len(names) == len(set(names)), "a metric family is served twice"

    def total(name, **labels):
        return sum(
            s.value
            for f in families
            for s in f.samples
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
        )

    return {
        "health": total("angisoft_http_request_duration_seconds_count", route="/health"),
        "metrics": total("angisoft_http_request_duration_seconds_count", route="/metrics"),
        "health_by_view": total(
            "django_http_requests_total_by_view_transport_method_total", view="health"
        ),
        "in_progress": total("angisoft_http_requests_in_progress"),
        "outbox_series": len(
            [s for f in families for s in f.samples if s.name == "angisoft_email_outbox"]
        ),
    }


def send_health(stack, n: int):
    # No session: a new connection each time, so the workers share the requests.
    with ThreadPoolExecutor(16) as pool:
        statuses = list(
            pool.map(
                lambda _: requests.get(f"{stack.base_url}/health", timeout=10).status_code, range(n)
            )
        )
    assert statuses == [200] * n


def health_by_worker(stack, directory: Path) -> dict[int, float]:
    return {
        pid: prom_files.route_count(directory.glob(f"histogram_{pid}.db"), "/health")
        for pid in worker_pids(stack.web.pid)
    }


def test_scrape_sums_requests_over_all_workers(stack, multiproc_dir):
    assert len(worker_pids(stack.web.pid)) == WORKERS
    # Stack.start polled /health until gunicorn answered; those requests count too.
    sent = prom_files.route_count(multiproc_dir.glob("histogram_*.db"), "/health")
    assert sent < 1000  # the stale file from the fixture is gone
    for _ in range(10):
        send_health(stack, 60)
        sent += 60
        if sum(1 for n in health_by_worker(stack, multiproc_dir).values() if n) >= 2:
            break
    by_worker = health_by_worker(stack, multiproc_dir)
    # Several workers served: a scrape showing one worker's files would come out short.
    assert sum(1 for n in by_worker.values() if n) >= 2, by_worker
    assert sum(by_worker.values()) == sent

    first = scrape(stack)
    for i in range(6):  # answered by different workers, always the same totals
        result = first if i == 0 else scrape(stack)
        assert result["health"] == sent
        assert result["health_by_view"] == sent  # django-prometheus sums too
        assert result["metrics"] == first["metrics"] + i  # each earlier scrape, once
        assert result["in_progress"] == 1  # this scrape only
        # Read from the database once per scrape, not once per worker.
        assert result["outbox_series"] == len(OutboxEmail.Status.values)


def _hold_request(stack) -> socket.socket:
    """A request stuck inside the middleware, waiting for a body that never comes."""
    conn = socket.create_connection(("127.0.0.1", stack.web_port), timeout=30)
    conn.sendall(
        b"POST /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n{"
    )
    return conn


def test_killed_worker_keeps_its_counts_and_drops_its_live_gauge(stack, multiproc_dir):
    held = _hold_request(stack)
    try:
        busy = {}

        def one_busy_worker():
            busy.clear()
            for pid in worker_pids(stack.web.pid):
                if prom_files.in_progress(multiproc_dir.glob(f"gauge_livesum_{pid}.db")) == 1:
                    busy[pid] = True
            return len(busy) == 1

        wait_for(one_busy_worker, 20, what="a worker holding the request")
        (victim,) = busy
        for _ in range(20):  # make sure the victim has counts to lose
            if health_by_worker(stack, multiproc_dir).get(victim):
                break
            send_health(stack, 30)
        assert health_by_worker(stack, multiproc_dir)[victim] > 0

        before = scrape(stack)
        assert before["in_progress"] == 2  # the held request and this scrape

        os.kill(victim, signal.SIGKILL)
        wait_for(
            lambda: victim not in (pids := worker_pids(stack.web.pid)) and len(pids) == WORKERS,
            30,
            what="gunicorn to replace the killed worker",
        )
        wait_for(
            lambda: not (multiproc_dir / f"gauge_livesum_{victim}.db").exists(),
            10,
            what="child_exit to drop the dead worker's live gauge",
        )
        assert (multiproc_dir / f"histogram_{victim}.db").exists()

        after = scrape(stack)
        assert after["health"] == before["health"]  # the dead worker's requests still count
        assert after["health_by_view"] == before["health_by_view"]
        assert after["in_progress"] == 1  # the held request died with its worker
    finally:
        held.close()
