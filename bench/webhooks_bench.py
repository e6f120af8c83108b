"""Burst of signed Stripe webhook deliveries against gunicorn on 127.0.0.1.

20 distinct checkout.session.completed events x 10 duplicates each, shuffled, sent by 50
concurrent connections from wrk (C, one thread: the load generator must not take the
server's CPU; `apt-get install -y wrk`), with the bodies signed beforehand and sent by
bench/webhooks_storm.lua. The endpoint stores and answers; a real Huey consumer
(`manage.py run_huey`, started here beside gunicorn) processes the events, as in production.
Prints deliveries/s over the HTTP storm, then waits for the queue to drain (and prints how
long that took) and verifies exactly 20 effects: 20 payments SUCCEEDED, 20 bookings moved
to DEPOSIT_PAID once each, 20 inbox rows holding 200 deliveries, and 20 receipt emails.
The goal line (>= 200 deliveries/s) is MET only if those effects are right.

    .venv/bin/python bench/webhooks_bench.py              # PostgreSQL + Redis (production)
    .venv/bin/python bench/webhooks_bench.py --embedded   # the README's default: SQLite
                                                          # database and queue, no Redis

Like the other benches it runs against PostgreSQL (database angisoft_webhooks_bench,
created if missing) and Redis db 5 unless DATABASE_URL / REDIS_URL say otherwise; the
issue's figures were taken so. --embedded uses a temporary SQLite file with its SQLite
queue instead; that consumer polls (backing off to 10 s when idle), so it mostly sleeps
through a storm this short.
Options: --events 20 --duplicates 10 --concurrency 50 --workers 3 --threads 8 --retries 5
--consumer-workers 2 --drain-timeout 300 --port 0. A delivery answered 5xx is redelivered
(as Stripe does).
"""

import argparse
import hashlib
import hmac
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "whsec_bench_" + secrets.token_hex(8)
STORM_SCRIPT = Path(__file__).resolve().with_name("webhooks_storm.lua")
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/angisoft_webhooks_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"
GOAL_PER_SECOND = 200  # issue #18: deliveries/s in this storm
WARM_UP_SECONDS = 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--duplicates", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--consumer-workers", type=int, default=2, help="Huey worker threads")
    parser.add_argument("--drain-timeout", type=float, default=300)
    parser.add_argument("--port", type=int, default=0, help="the server's port (0: any free)")
    parser.add_argument(
        "--retries", type=int, default=5, help="redeliveries after a 5xx, as Stripe does"
    )
    parser.add_argument(
        "--embedded", action="store_true", help="SQLite database and queue, no Redis"
    )
    return parser.parse_args()


def environment(tmp: Path, *, embedded: bool = False) -> dict:
    env = dict(os.environ)
    if embedded:
        # Writers queue for the lock (IMMEDIATE, as the settings make it) and the queue is
        # the SQLite file next to the database.
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        env.pop("REDIS_URL", None)
    else:
        env.setdefault("DATABASE_URL", DEFAULT_DATABASE)
        env.setdefault("REDIS_URL", DEFAULT_REDIS)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="false",
        STRIPE_WEBHOOK_SECRET=SECRET,
        STRIPE_SECRET_KEY="sk_test_bench_unused",  # noqa: S106 (a placeholder)
        STRIPE_API_BASE="http://127.0.0.1:9",  # nothing here may call Stripe
        EMAIL_PROVIDER="file",
        EMAIL_FILE_PATH=str(tmp / "mail"),
        HUEY_IMMEDIATE="false",  # a real queue and consumer, as in production
        HUEY_NAME="bench-webhooks-" + secrets.token_hex(4),  # nothing left from other runs
        CACHE_KEY_PREFIX="bench-webhooks-" + secrets.token_hex(4),
        LOG_LEVEL="WARNING",
        ALERT_EMAIL="",
        THROTTLE_PAYMENTS="100000/min",
        THROTTLE_WEBHOOKS="100000/min",  # the storm comes from one address here
    )
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stripe_signature(payload: str) -> str:
    timestamp = int(time.time())
    digest = hmac.new(SECRET.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def setup_django(env: dict):
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def completed_event(payment) -> str:
    session = {
        "id": payment.provider_reference,
        "object": "checkout.session",
        "status": "complete",
        "payment_status": "paid",
        "amount_total": payment.amount_minor,
        "currency": "kes",
        "client_reference_id": str(payment.pk),
        "metadata": {"payment_id": str(payment.pk)},
        "payment_intent": "pi_" + secrets.token_hex(10),
    }
    return json.dumps(
        {
            "id": "evt_" + secrets.token_hex(12),
            "object": "event",
            "type": "checkout.session.completed",
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": session},
        }
    )


def storm(url: str, payloads: list[str], *, concurrency: int, retries: int, tmp: Path):
    """Every payload POSTed once by wrk (redelivered after a 5xx, up to `retries` times);
    -> (every status seen per payload, extra duplicate POSTs, seconds)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    # Warm-up, untimed: a worker's first request imports the URLconf and the views
    # (seconds on a busy machine); GETs are refused (405) without touching the database.
    warm_up = [wrk, "-t1", f"-c{concurrency}", f"-d{WARM_UP_SECONDS}s", "--timeout", "60s", url]
    subprocess.run(warm_up, check=True, stdout=subprocess.DEVNULL)
    deliveries, results = tmp / "deliveries.tsv", tmp / "results.txt"
    # Signed just before sending (the signature tolerance is minutes).
    deliveries.write_text("".join(f"{stripe_signature(p)}\t{p}\n" for p in payloads))
    command = [wrk, "-t1", f"-c{concurrency}", "-d300s", "--timeout", "120s"]
    command += ["-s", str(STORM_SCRIPT), url, "--", str(deliveries), str(results), str(retries)]
    # wrk itself always runs for -d; the script writes the results file the moment the
    # last delivery is answered, so that file's appearance ends the clock (10 ms polls).
    started = time.perf_counter()
    generator = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    while not results.exists() and generator.poll() is None:
        time.sleep(0.01)
    elapsed = time.perf_counter() - started
    generator.send_signal(signal.SIGINT)
    generator.wait(timeout=30)
    if not results.exists():
        raise SystemExit("wrk stopped before every delivery was answered")
    attempts, extra = [], 0
    for line in results.read_text().splitlines():
        key, *values = line.split()
        if key == "extra":
            extra = int(values[0])
        else:
            attempts.append([int(v) for v in values])
    return attempts, extra, elapsed


def wait_until_up(url: str, server: subprocess.Popen):
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(url, timeout=10):
                return
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start within 300 s")


def count_receipts(mail_dir: Path, references: set[str]) -> int:
    """Receipt emails for this run's bookings (the consumer's sweeps may also send what
    an earlier run on the same database left pending)."""
    subjects = (
        line
        for f in (mail_dir.iterdir() if mail_dir.exists() else [])
        for line in f.read_text(errors="replace").splitlines()
        if line.startswith("Subject: Receipt:")
    )
    return sum(1 for line in subjects if line.rsplit(" ", 1)[-1] in references)


def wait_drained(ids, mail_dir: Path, references, total: int, timeout: float) -> float | None:
    """Seconds until the consumer has processed every event, sent every receipt (the last
    effect of each) and counted every delivery, or None after `timeout`."""
    from django.db import connection
    from django.db.models import Sum

    from payments.models import WebhookEvent, WebhookStatus

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        inbox = WebhookEvent.objects.filter(payment_id__in=ids, status=WebhookStatus.PROCESSED)
        deliveries = inbox.aggregate(n=Sum("deliveries"))["n"] or 0
        if (
            inbox.count() >= len(ids)
            and deliveries >= total
            and count_receipts(mail_dir, references) >= len(ids)
        ):
            return time.perf_counter() - started
        connection.close()  # no transaction or connection held between polls
        time.sleep(0.1)
    return None


def main():
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="webhooks-bench-"))
    env = environment(tmp, embedded=args.embedded)
    python = sys.executable
    queue = "Redis" if env.get("REDIS_URL") else "SQLite"
    print(f"database: {env['DATABASE_URL'].split('@')[-1].split('?')[0]}; queue: {queue}")
    sys.path.insert(0, str(ROOT))
    from bench.seed import ensure_database

    ensure_database(env["DATABASE_URL"])
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    setup_django(env)
    from bench.seed import make_payments

    payments = make_payments(args.events, label="bench")
    distinct = [completed_event(p) for p in payments]  # one event id per payment
    payloads = [body for body in distinct for _ in range(args.duplicates)]
    random.shuffle(payloads)

    port = args.port or free_port()
    gunicorn = str(Path(python).with_name("gunicorn"))
    server = subprocess.Popen(
        [
            gunicorn,
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
            "--preload",  # import the app once, not once per worker: a quicker start
        ],
        cwd=ROOT,
        env=env,
    )
    consumer = subprocess.Popen(
        [python, "manage.py", "run_huey", "--workers", str(args.consumer_workers)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    ids = [p.pk for p in payments]
    references = {p.booking.public_reference for p in payments}
    mail_dir = tmp / "mail"
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", server)
        url = f"http://127.0.0.1:{port}/api/payments/webhooks/stripe"
        attempts, extra, elapsed = storm(
            url, payloads, concurrency=args.concurrency, retries=args.retries, tmp=tmp
        )
        drained = wait_drained(ids, mail_dir, references, len(payloads), args.drain_timeout)
    finally:
        for process in (server, consumer):
            process.send_signal(signal.SIGTERM)
        for process in (server, consumer):
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    from django.db import connection

    from bookings.models import BookingEvent, BookingStatus
    from payments.models import Payment, PaymentStatus, WebhookEvent

    connection.close()
    succeeded = Payment.objects.filter(pk__in=ids, status=PaymentStatus.SUCCEEDED).count()
    transitions = BookingEvent.objects.filter(
        booking__payments__pk__in=ids, to_status=BookingStatus.DEPOSIT_PAID
    ).count()
    inbox = WebhookEvent.objects.filter(payment_id__in=ids)
    deliveries = sum(inbox.values_list("deliveries", flat=True))
    receipts = count_receipts(mail_dir, references)
    total = len(payloads)
    first = [a[0] for a in attempts]
    final = [a[-1] for a in attempts]
    posts = sum(len(a) for a in attempts) + extra
    codes = {code: first.count(code) for code in sorted(set(first))}
    final_codes = {code: final.count(code) for code in sorted(set(final))}
    print(
        f"{total} deliveries ({args.events} events x {args.duplicates}) from "
        f"{args.concurrency} concurrent clients in {elapsed:.2f} s: "
        f"{total / elapsed:.1f} deliveries/s ({args.events / elapsed:.1f} distinct events/s)"
    )
    print(f"first-attempt statuses: {codes}; after redelivery: {final_codes} ({posts} POSTs)")
    print(
        f"queue drained {drained:.2f} s after the last answer (every event processed, every "
        f"receipt sent)"
        if drained is not None
        else f"queue NOT drained within {args.drain_timeout:.0f} s"
    )
    print(
        f"effects: {succeeded} payments succeeded, {transitions} bookings moved to "
        f"DEPOSIT_PAID, {inbox.count()} inbox rows holding {deliveries} deliveries, "
        f"{receipts} receipts"
    )
    expected = args.events
    ok = (
        final_codes == {200: total}
        and succeeded == transitions == inbox.count() == receipts == expected
        and total <= deliveries <= posts
        and drained is not None
    )
    print("OK: exactly one effect per event" if ok else "FAILED: effects do not match")
    # Fast but wrong is not the goal: MET needs the effects right too.
    rate = total / elapsed
    verdict = "MET" if ok and rate >= GOAL_PER_SECOND else "NOT MET"
    print(f"GOAL webhooks_per_s: {rate:.1f} (target >= {GOAL_PER_SECOND}) {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
