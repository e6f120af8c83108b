"""Burst of signed Stripe webhook deliveries against gunicorn on 127.0.0.1.

20 distinct checkout.session.completed events x 10 duplicates each, shuffled, sent by 50
concurrent clients. Prints deliveries/s and verifies exactly 20 effects: 20 payments
SUCCEEDED, 20 bookings moved to DEPOSIT_PAID once each, 20 inbox rows holding 200
deliveries, and 20 receipt emails.

    .venv/bin/python bench/webhooks_bench.py                       # temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/angisoft_bench \\
        .venv/bin/python bench/webhooks_bench.py                   # PostgreSQL (row locks)

Options: --events 20 --duplicates 10 --concurrency 50 --workers 3 --threads 8 --retries 5.
A delivery answered 5xx is redelivered (as Stripe does). The default SQLite file runs with
transaction_mode=IMMEDIATE so concurrent writers wait for the lock; PostgreSQL is the
realistic target.
"""

import argparse
import hashlib
import hmac
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "whsec_bench_" + secrets.token_hex(8)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--duplicates", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--retries", type=int, default=5, help="redeliveries after a 5xx, as Stripe does"
    )
    return parser.parse_args()


def environment(tmp: Path) -> dict:
    env = dict(os.environ)
    # SQLite: writers queue for the lock (IMMEDIATE) instead of failing on upgrade.
    sqlite = f"sqlite:///{tmp / 'bench.sqlite3'}?transaction_mode=IMMEDIATE&timeout=30"
    env.setdefault("DATABASE_URL", sqlite)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="false",
        STRIPE_WEBHOOK_SECRET=SECRET,
        STRIPE_SECRET_KEY="sk_test_bench_unused",  # noqa: S106 (a placeholder)
        STRIPE_API_BASE="http://127.0.0.1:9",  # nothing here may call Stripe
        EMAIL_PROVIDER="file",
        EMAIL_FILE_PATH=str(tmp / "mail"),
        HUEY_IMMEDIATE="true",
        LOG_LEVEL="WARNING",
        ALERT_EMAIL="",
        THROTTLE_PAYMENTS="100000/min",
        THROTTLE_WEBHOOKS="100000/min",  # the storm comes from one address here
    )
    env.pop("REDIS_URL", None)  # tasks (receipt emails) run inline in the web worker
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


def post(url: str, payload: str) -> int:
    request = urllib.request.Request(
        url,
        data=payload.encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Stripe-Signature": stripe_signature(payload)},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def deliver(url: str, payload: str, retries: int) -> list[int]:
    """POST until 2xx, as Stripe redelivers after a non-2xx answer; every status seen."""
    statuses = [post(url, payload)]
    while statuses[-1] >= 500 and len(statuses) <= retries:
        time.sleep(0.2 * len(statuses))
        statuses.append(post(url, payload))
    return statuses


def wait_until_up(url: str, server: subprocess.Popen):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(url, timeout=10):
                return
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start within 120 s")


def main():
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="webhooks-bench-"))
    env = environment(tmp)
    python = sys.executable
    print(f"database: {env['DATABASE_URL'].split('@')[-1].split('?')[0]}")
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    setup_django(env)
    from bench.seed import make_payments

    payments = make_payments(args.events, label="bench")
    distinct = [completed_event(p) for p in payments]  # one event id per payment
    payloads = [body for body in distinct for _ in range(args.duplicates)]
    random.shuffle(payloads)

    port = free_port()
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
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", server)
        url = f"http://127.0.0.1:{port}/api/payments/webhooks/stripe"
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            attempts = list(pool.map(lambda body: deliver(url, body, args.retries), payloads))
        elapsed = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    from django.db import connection

    from bookings.models import BookingEvent, BookingStatus
    from payments.models import Payment, PaymentStatus, WebhookEvent

    connection.close()
    ids = [p.pk for p in payments]
    succeeded = Payment.objects.filter(pk__in=ids, status=PaymentStatus.SUCCEEDED).count()
    transitions = BookingEvent.objects.filter(
        booking__payments__pk__in=ids, to_status=BookingStatus.DEPOSIT_PAID
    ).count()
    inbox = WebhookEvent.objects.filter(payment_id__in=ids)
    deliveries = sum(inbox.values_list("deliveries", flat=True))
    mail_dir = tmp / "mail"
    receipts = sum(
        f.read_text(errors="replace").count("Subject: Receipt:")
        for f in (mail_dir.iterdir() if mail_dir.exists() else [])
    )
    total = len(payloads)
    first = [a[0] for a in attempts]
    final = [a[-1] for a in attempts]
    posts = sum(len(a) for a in attempts)
    codes = {code: first.count(code) for code in sorted(set(first))}
    final_codes = {code: final.count(code) for code in sorted(set(final))}
    print(
        f"{total} deliveries ({args.events} events x {args.duplicates}) from "
        f"{args.concurrency} concurrent clients in {elapsed:.2f} s: "
        f"{total / elapsed:.1f} deliveries/s ({args.events / elapsed:.1f} distinct events/s)"
    )
    print(f"first-attempt statuses: {codes}; after redelivery: {final_codes} ({posts} POSTs)")
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
    )
    print("OK: exactly one effect per event" if ok else "FAILED: effects do not match")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
