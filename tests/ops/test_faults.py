"""Fault tests against a private stack (ops/stack.py): our own PostgreSQL and Redis on
spare ports, gunicorn, a real Huey consumer and a fake email provider. Slow: RUN_SLOW=1."""

import concurrent.futures
import json
import threading
import time
from collections import Counter

import pytest
import requests

from ops import stack as stack_module
from ops.stack import Stack, wait_for
from tests.platform.fake_postmark import FakePostmark

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%" + b"x" * 2000 + b"\n%%EOF\n"


@pytest.fixture(scope="module")
def provider():
    with FakePostmark() as fake:
        yield fake


@pytest.fixture(scope="module")
def stack(provider):
    reason = stack_module.available()
    if reason:
        pytest.skip(reason)
    s = Stack(email_api_url=provider.url)
    try:
        s.start()
    except Exception:
        print(s.logs())
        s.destroy()
        raise
    yield s
    s.destroy()


@pytest.fixture(autouse=True)
def _healthy(stack, provider):
    """Every test starts with Redis up, a live worker and a working provider."""
    provider.failing = False
    provider.fail_remaining = 0
    provider.release()
    if stack.redis.proc is None or stack.redis.proc.poll() is not None:
        stack.redis.start()
    if stack.worker is None or stack.worker.poll() is not None:
        stack.start_worker()
    yield
    print(stack.logs())


def submit_booking(base_url: str, n: int, timeout=30) -> requests.Response:
    data = {
        "name": f"Fault Client {n}",
        "email": f"fault{n}-{time.time_ns()}@example.test",
        "phone": "+254711000000",
        "title": f"Fault booking {n}",
        "description": "Submitted while something is broken.",
        "projectType": "SOFTWARE",
        "details": json.dumps({"pages": 1}),
    }
    return requests.post(
        f"{base_url}/api/bookings",
        data=data,
        files=[("files", (f"brief{n}.pdf", PDF, "application/pdf"))],
        timeout=timeout,
    )


def outbox(stack, status=None):
    rows = stack.pg.query("SELECT id, status, attempts FROM platform_outboxemail ORDER BY id")
    return [row for row in rows if status is None or row[1] == status]


def wait_all_sent(stack, timeout):
    wait_for(
        lambda: outbox(stack) and all(row[1] == "sent" for row in outbox(stack)),
        timeout,
        interval=1,
        what="every outbox email to be sent",
    )


def assert_each_email_once(stack, provider):
    ids = provider.message_ids()
    duplicates = {mid: n for mid, n in Counter(ids).items() if n > 1}
    assert not duplicates, duplicates
    sent = {row[0] for row in outbox(stack, "sent")}
    delivered = {int(mid.split(".")[1]) for mid in ids}
    assert delivered == sent


def test_redis_outage_bookings_accepted_and_emails_sent_after_it_returns(stack, provider):
    before = len(provider.accepted)
    stack.redis.stop()
    responses = [submit_booking(stack.base_url, n) for n in range(4)]
    assert [r.status_code for r in responses] == [201] * 4, [r.text for r in responses]
    references = [r.json()["booking"]["publicReference"] for r in responses]
    rows = stack.pg.query(
        "SELECT count(*) FROM bookings_booking WHERE public_reference = ANY(%s)", (references,)
    )
    assert rows[0][0] == 4
    pending = outbox(stack, "pending")
    assert len(pending) >= 4  # at least one email per booking, waiting for the queue
    assert len(provider.accepted) == before

    stack.redis.start()  # back, empty: every task queued before the outage is gone
    # The consumer reconnects by itself; the per-minute sweep queues the pending rows.
    wait_all_sent(stack, timeout=150)
    assert_each_email_once(stack, provider)
    for reference in references:
        assert any(reference in json.dumps(body) for body in provider.accepted), reference


def test_email_provider_failing_retries_with_backoff_without_duplicates(stack, provider):
    provider.failing = True
    responses = [submit_booking(stack.base_url, 100 + n) for n in range(2)]
    assert all(r.status_code == 201 for r in responses)
    wait_for(
        lambda: all(row[2] >= 2 for row in outbox(stack, "pending")) and outbox(stack, "pending"),
        60,
        interval=0.5,
        what="two failed attempts per email",
    )
    failed_requests = provider.requests
    provider.failing = False
    wait_all_sent(stack, timeout=150)
    assert provider.requests > failed_requests
    assert_each_email_once(stack, provider)
    errors = stack.pg.query(
        "SELECT count(*) FROM platform_outboxemail WHERE attempts >= 3 AND last_error <> ''"
    )
    assert errors[0][0] >= 2


def test_worker_killed_mid_delivery_is_retried_and_sends_once(stack, provider):
    provider.hold = True
    provider._release.clear()
    held_before, aborted_before = provider.held, provider.aborted
    response = submit_booking(stack.base_url, 200)
    assert response.status_code == 201
    wait_for(lambda: provider.held > held_before, 60, what="the worker to be mid-delivery")
    stack.kill_worker()  # SIGKILL while the provider request is open
    # Every request the killed worker had open (one per worker thread) must be seen dead
    # before release, or the fake would accept a message nobody waits for.
    wait_for(
        lambda: provider.aborted - aborted_before == provider.held - held_before,
        20,
        what="every held request to die",
    )
    provider.release()
    stack.start_worker()
    wait_all_sent(stack, timeout=150)
    assert_each_email_once(stack, provider)


def test_postgres_restart_gives_clean_503s_and_recovers(stack):
    statuses: Counter = Counter()
    errors: list[str] = []
    stop = threading.Event()

    def hammer(kind):
        n = 0
        while not stop.is_set():
            n += 1
            try:
                if kind == "ready":
                    r = requests.get(f"{stack.base_url}/health/ready", timeout=15)
                elif kind == "read":
                    r = requests.get(f"{stack.base_url}/api/services", timeout=15)
                else:
                    r = submit_booking(stack.base_url, 1000 + n, timeout=15)
                statuses[(kind, r.status_code)] += 1
            except requests.RequestException as exc:
                errors.append(f"{kind}: {exc}")
            time.sleep(0.05)

    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(hammer, k) for k in ("ready", "read", "book") * 2]
        time.sleep(2)
        stack.pg.stop()
        time.sleep(4)
        stack.pg.start()
        restarted = time.monotonic()
        wait_for(
            lambda: requests.get(f"{stack.base_url}/health/ready", timeout=5).ok,
            30,
            what="readiness after the restart",
        )
        recovered_in = time.monotonic() - restarted
        time.sleep(2)
        stop.set()
        for f in futures:
            f.result()

    assert not errors, errors[:5]
    codes = {code for (_, code) in statuses}
    assert codes <= {200, 201, 503}, statuses
    assert any(code == 503 for (_, code) in statuses), statuses  # the outage was seen
    assert recovered_in < 30
    after = submit_booking(stack.base_url, 9999)
    assert after.status_code == 201
