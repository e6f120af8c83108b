"""Mixed load against a private production-like stack: gunicorn + a real Huey consumer +
PostgreSQL + Redis on 127.0.0.1 (ops/stack.py), email to a fake Postmark.

N concurrent clients for D seconds, each looping over a weighted mix of
  - content reads (services, projects, blogs, FAQs, testimonials, site settings),
  - booking submissions with files (a PDF and a PNG, multipart),
  - signed Stripe webhook deliveries (checkout.session.completed, some redelivered).
Then waits for the queue to drain (webhook events processed by the consumer, emails sent)
and accounts for everything:
  - no 5xx anywhere;
  - every accepted booking (201) is in the database with its files, and its emails are sent;
  - every valid webhook event is in the inbox, processed, and its payment SUCCEEDED once.
Prints count, error count and p50/p95/p99 latency per kind. Exit 1 if a check fails.

    .venv/bin/python bench/load_mix.py                  # 50 clients, 60 s
    .venv/bin/python bench/load_mix.py --clients 5 --duration 5   # smoke run
"""

import argparse
import hashlib
import hmac
import io
import json
import os
import random
import secrets
import struct
import sys
import threading
import time
import zlib
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import make_payments  # noqa: E402
from ops.stack import Stack, wait_for  # noqa: E402
from tests.platform.fake_postmark import FakePostmark  # noqa: E402

SECRET = "whsec_load_" + secrets.token_hex(8)
READS = [
    "/api/services",
    "/api/projects",
    "/api/blogs",
    "/api/faqs",
    "/api/testimonials",
    "/api/site/all",
    "/api/company-stats",
]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%" + b"x" * 20000 + b"\n%%EOF\n"


def png_bytes(width=32, height=32) -> bytes:
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


PNG = png_bytes()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--payments", type=int, default=400, help="payments awaiting webhooks")
    parser.add_argument("--mix", default="70,15,15", help="reads,bookings,webhooks weights")
    parser.add_argument("--drain-timeout", type=float, default=240)
    return parser.parse_args()


def stripe_signature(payload: str) -> str:
    timestamp = int(time.time())
    digest = hmac.new(SECRET.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def completed_event(payment) -> tuple[str, str]:
    event_id = "evt_" + secrets.token_hex(12)
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
    body = {
        "id": event_id,
        "object": "event",
        "type": "checkout.session.completed",
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": session},
    }
    return event_id, json.dumps(body)


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.statuses = defaultdict(lambda: defaultdict(int))
        self.errors = defaultdict(list)
        self.accepted_bookings: list[str] = []
        self.webhooks_ok: dict[str, int] = {}

    def record(self, kind, started, status):
        with self.lock:
            self.latency[kind].append(time.perf_counter() - started)
            self.statuses[kind][status] += 1


def percentile(values, pct):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def client_loop(base, rec: Recorder, deadline, weights, events, event_lock, n):
    session = requests.Session()
    rng = random.Random(n)
    i = 0
    while time.monotonic() < deadline:
        i += 1
        kind = rng.choices(["read", "booking", "webhook"], weights=weights)[0]
        started = time.perf_counter()
        try:
            if kind == "read":
                r = session.get(base + rng.choice(READS), timeout=60)
            elif kind == "booking":
                data = {
                    "name": f"Load Client {n}-{i}",
                    "email": f"load{n}-{i}-{time.time_ns()}@example.test",
                    "phone": "+254711000000",
                    "title": f"Load booking {n}-{i}",
                    "description": "Submitted by the load bench.",
                    "projectType": "SOFTWARE",
                    "details": json.dumps({"pages": 3}),
                }
                files = [
                    ("files", ("brief.pdf", io.BytesIO(PDF), "application/pdf")),
                    ("files", ("logo.png", io.BytesIO(PNG), "image/png")),
                ]
                r = session.post(base + "/api/bookings", data=data, files=files, timeout=60)
                if r.status_code == 201:
                    with rec.lock:
                        rec.accepted_bookings.append(r.json()["booking"]["publicReference"])
            else:
                with event_lock:
                    if not events:
                        kind = "read"
                        r = session.get(base + READS[0], timeout=60)
                        rec.record(kind, started, r.status_code)
                        continue
                    # One in five deliveries repeats an event already delivered (Stripe
                    # redelivers); the rest are new events.
                    event_id, payload = events[-1] if rng.random() < 0.2 else events.pop()
                r = session.post(
                    base + "/api/payments/webhooks/stripe",
                    data=payload,
                    headers={
                        "Content-Type": "application/json",
                        "Stripe-Signature": stripe_signature(payload),
                    },
                    timeout=60,
                )
                if r.status_code < 300:
                    with rec.lock:
                        rec.webhooks_ok[event_id] = rec.webhooks_ok.get(event_id, 0) + 1
            rec.record(kind, started, r.status_code)
            if r.status_code >= 500:
                with rec.lock:
                    rec.errors[kind].append(f"{r.status_code} {r.text[:200]}")
        except requests.RequestException as exc:
            rec.record(kind, started, "exception")
            with rec.lock:
                rec.errors[kind].append(repr(exc))


def main():
    args = parse_args()
    weights = [int(x) for x in args.mix.split(",")]
    with FakePostmark() as provider:
        stack = Stack(
            email_api_url=provider.url,
            web_workers=args.web_workers,
            extra_env={
                "STRIPE_WEBHOOK_SECRET": SECRET,
                "STRIPE_SECRET_KEY": "sk_test_load_unused",
                "STRIPE_API_BASE": "http://127.0.0.1:9",
                "HUEY_WORKERS": "4",
            },
        )
        try:
            print("starting stack (PostgreSQL, Redis, migrate, gunicorn, Huey)...", flush=True)
            stack.start()
            try:
                stack.manage("load_demo_content")
            except Exception as exc:  # content is optional for the mix: reads still run
                print(f"(no demo content: {exc})")
            os.environ.update(stack.env())
            import django

            django.setup()
            payments = make_payments(args.payments, label="load")
            events = [completed_event(p) for p in payments]
            event_payment = {eid: p.pk for (eid, _), p in zip(events, payments, strict=True)}
            events.reverse()
            rec = Recorder()
            event_lock = threading.Lock()
            print(
                f"{args.clients} clients for {args.duration:.0f}s against {stack.base_url} "
                f"(mix reads/bookings/webhooks = {args.mix})",
                flush=True,
            )
            deadline = time.monotonic() + args.duration
            started = time.monotonic()
            with ThreadPoolExecutor(args.clients) as pool:
                for n in range(args.clients):
                    pool.submit(
                        client_loop,
                        stack.base_url,
                        rec,
                        deadline,
                        weights,
                        events,
                        event_lock,
                        n,
                    )
            elapsed = time.monotonic() - started
            ok = report(rec, elapsed, stack, provider, event_payment, args.drain_timeout)
        finally:
            stack.destroy()
    sys.exit(0 if ok else 1)


def report(rec, elapsed, stack, provider, event_payment, drain_timeout) -> bool:
    from bookings.models import Booking
    from core.models import OutboxEmail
    from payments.models import Payment, WebhookEvent

    total = sum(len(v) for v in rec.latency.values())
    print(f"\n{total} requests in {elapsed:.1f}s = {total / elapsed:.0f} req/s")
    print(f"{'kind':<9}{'count':>7}{'5xx/exc':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind in ("read", "booking", "webhook"):
        lat = rec.latency.get(kind, [])
        bad = sum(n for s, n in rec.statuses[kind].items() if s == "exception" or s >= 500)
        print(
            f"{kind:<9}{len(lat):>7}{bad:>9}{percentile(lat, 50) * 1000:>9.0f}"
            f"{percentile(lat, 95) * 1000:>9.0f}{percentile(lat, 99) * 1000:>9.0f}"
        )
    for kind, statuses in rec.statuses.items():
        print(f"  {kind} statuses: {dict(statuses)}")

    print("\ndraining the queue (emails, file processing, webhook effects)...", flush=True)
    drain_started = time.monotonic()
    # Webhooks are processed by the consumer after the 2xx: their events settle first,
    # then the emails they queued are sent.
    waiting = WebhookEvent.objects.filter(event_id__in=set(rec.webhooks_ok), status="RECEIVED")
    try:
        wait_for(
            lambda: (
                not waiting.exists() and not OutboxEmail.objects.exclude(status="sent").exists()
            ),
            drain_timeout,
            interval=1,
            what="every webhook processed and every outbox email sent",
        )
    except TimeoutError as exc:
        print(f"  {exc}")
    print(f"  drained in {time.monotonic() - drain_started:.1f}s")

    checks = []
    five_xx = {k: v[:3] for k, v in rec.errors.items() if v}
    checks.append(("no 5xx or connection errors", not five_xx, five_xx))

    accepted = rec.accepted_bookings
    found = set(
        Booking.objects.filter(public_reference__in=accepted).values_list(
            "public_reference", flat=True
        )
    )
    with_files = Booking.objects.filter(public_reference__in=accepted, files__isnull=False)
    checks.append(
        (
            f"all {len(accepted)} accepted bookings stored",
            found == set(accepted),
            sorted(set(accepted) - found)[:5],
        )
    )
    checks.append(
        (
            "every accepted booking has its files",
            with_files.distinct().count() == len(accepted),
            None,
        )
    )
    unsent = OutboxEmail.objects.exclude(status="sent").count()
    sent = OutboxEmail.objects.filter(status="sent").count()
    ids = provider.message_ids()
    checks.append((f"all {sent} emails sent (none pending/failed)", unsent == 0, unsent))
    checks.append(("no email delivered twice", len(ids) == len(set(ids)), len(ids) - len(set(ids))))

    delivered = set(rec.webhooks_ok)
    inbox = dict(
        WebhookEvent.objects.filter(event_id__in=delivered).values_list("event_id", "status")
    )
    checks.append(
        (
            f"all {len(delivered)} valid webhook events in the inbox",
            set(inbox) == delivered,
            sorted(delivered - set(inbox))[:5],
        )
    )
    not_processed = {e: s for e, s in inbox.items() if s != "PROCESSED"}
    checks.append(
        ("every delivered webhook processed", not not_processed, list(not_processed.items())[:5])
    )
    paid = set(
        Payment.objects.filter(
            pk__in=[event_payment[e] for e in delivered], status="SUCCEEDED"
        ).values_list("pk", flat=True)
    )
    checks.append(
        (
            "every delivered webhook's payment SUCCEEDED",
            paid == {event_payment[e] for e in delivered},
            None,
        )
    )
    redelivered = sum(1 for n in rec.webhooks_ok.values() if n > 1)
    print(f"\n{redelivered} webhook events were delivered more than once")
    ok = True
    for name, passed, detail in checks:
        ok &= bool(passed)
        print(f"  [{'ok' if passed else 'FAIL'}] {name}" + ("" if passed else f": {detail}"))
    return ok


if __name__ == "__main__":
    main()
