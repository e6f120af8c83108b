"""Content API throughput: our routes (cold and cached) against Wagtail's API v2 on the
same content and against the framework floor, served by gunicorn on 127.0.0.1 with
PostgreSQL and Redis, loaded by a separate Python load generator.

    .venv/bin/python bench/cms_bench.py                  # angisoft_cms_bench + Redis db 2
    .venv/bin/python bench/cms_bench.py --seconds 10 --connections 4 --workers 2

DATABASE_URL / REDIS_URL override the defaults. The database is created and seeded once
(100 services, 100 blog posts with rich text and cover images) and reused.

Prints, per scenario, requests/s, p50/p99 latency and queries per request, then the
ratios the issue sets targets for: uncached lists >= 10x Wagtail v2, <= 6 queries per
request, cached routes >= 80% of the floor (a bare Django view returning a constant JSON
body of the same size).
"""

import argparse
import http.client
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/angisoft_cms_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/2"
ITEMS = 100
V2 = "/api/v2/pages/?fields=*&rich_text_format=html&limit=100&type="


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="per scenario")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def environment() -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DB)
    env.setdefault("REDIS_URL", DEFAULT_REDIS)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.cms_settings",
        DJANGO_DEBUG="false",
        LOG_LEVEL="WARNING",
        HUEY_IMMEDIATE="true",
        MEDIA_ROOT=str(ROOT / "bench" / "results" / "cms-media"),
        BACKEND_URL="http://127.0.0.1:8000",
        PYTHONPATH=str(ROOT),
    )
    return env


def ensure_database(url: str):
    if not url.startswith("postgres"):
        return
    name = url.rsplit("/", 1)[1]
    base = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname=%s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


# --- seeding and query counts (run in a child process with Django set up) -----------------


def seed_and_count():
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cms import demo
    from cms.models import BlogIndexPage, BlogPostPage, ServiceIndexPage, ServicePage, StaffProfile

    if BlogPostPage.objects.count() < ITEMS:
        home = demo.ensure_home()
        services = demo.upsert_child(home, ServiceIndexPage, "services", title="Services")
        blog = demo.upsert_child(home, BlogIndexPage, "blog", title="Blog")
        from django.contrib.auth import get_user_model

        user, _ = get_user_model().objects.get_or_create(
            email="bench@angisoft.test", defaults={"first_name": "Bench", "last_name": "Writer"}
        )
        avatar = demo.get_image("Bench avatar", size=(400, 400), index=2)
        StaffProfile.objects.get_or_create(
            user=user,
            defaults={
                "username": "bench",
                "public_title": "Writer",
                "avatar": avatar,
                "is_public": True,
            },
        )
        images = [demo.get_image(f"Bench cover {i}", index=i) for i in range(10)]
        words = "Reliable software is built in small steps, measured and improved. " * 12
        for n in range(ITEMS):
            image = images[n % 10]
            target = None
            if n:
                target = ServicePage.objects.order_by("pk").first()
            demo.upsert_child(
                services,
                ServicePage,
                f"service-{n}",
                title=f"Service {n}",
                summary=f"Service {n} summary",
                price_from=1000 + n,
                author=user,
                features=demo.stream("item", ["Fast", "Fixed price", "Support"]),
                gallery=demo.stream("image", [image.pk, images[(n + 1) % 10].pk]),
                faqs=demo.stream("faq", [{"question": "How long?", "answer": "Weeks."}]),
                body=[demo.paragraph(words, target)],
            )
            demo.upsert_child(
                blog,
                BlogPostPage,
                f"post-{n}",
                title=f"Post {n}",
                subtitle="Bench",
                excerpt="An excerpt.",
                cover_image=image,
                author=user,
                tags=["bench", f"t{n % 5}"],
                body=[
                    demo.paragraph(f"<b>Post {n}.</b> " + words, target),
                    {"type": "heading", "value": "More", "id": demo._sid()},
                    demo.paragraph(words),
                ],
            )
    client = Client(HTTP_HOST="127.0.0.1")
    routes = {
        "services": "/api/services",
        "blogs": "/api/blogs",
        "detail": "/api/blogs/post-7",
        "v2-services": V2 + "cms.ServicePage",
        "v2-blogs": V2 + "cms.BlogPostPage",
    }
    result = {}
    for name, path in routes.items():
        client.get(path)  # renditions exist after this
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(path)
        with CaptureQueriesContext(connection) as warm:
            client.get(path)
        result[name] = {
            "cold": len(cold.captured_queries),
            "cached": len(warm.captured_queries),
            "bytes": len(response.content),
            "items": len(response.json())
            if isinstance(response.json(), list)
            else (len(response.json().get("items", [])) if "v2" in name else 1),
        }
    cache.clear()
    print(json.dumps(result))


# --- load generation ---------------------------------------------------------------------


def _worker(port, path, cache_bust, deadline, queue, worker_id):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, errors, n = [], 0, 0
    while time.perf_counter() < deadline:
        n += 1
        target = path
        if cache_bust:
            sep = "&" if "?" in path else "?"
            target = f"{path}{sep}_cb={worker_id}-{n}-{time.time_ns()}"
        start = time.perf_counter()
        try:
            conn.request("GET", target, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        latencies.append(time.perf_counter() - start)
    queue.put((latencies, errors))


def load(port, path, *, seconds, connections, cache_bust=False):
    # one request first (warm the worker's imports / renditions)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    conn.getresponse().read()
    conn.close()
    queue = multiprocessing.Queue()
    start = time.perf_counter()
    deadline = start + seconds
    procs = [
        multiprocessing.Process(target=_worker, args=(port, path, cache_bust, deadline, queue, i))
        for i in range(connections)
    ]
    for proc in procs:
        proc.start()
    results = [queue.get() for _ in procs]
    for proc in procs:
        proc.join()
    elapsed = time.perf_counter() - start
    latencies = sorted(lat for lats, _ in results for lat in lats)
    errors = sum(e for _, e in results)
    count = len(latencies)

    def pct(p):
        return latencies[min(count - 1, int(p * count))] * 1000 if count else float("nan")

    return {
        "rps": count / elapsed,
        "p50": pct(0.50),
        "p99": pct(0.99),
        "errors": errors,
        "n": count,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    args = parse_args()
    if args.seed_only:
        seed_and_count()
        return
    env = environment()
    ensure_database(env["DATABASE_URL"])
    run = dict(cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], **run)
    print("seeding / counting queries ...", flush=True)
    # Query counts are taken in-process, reading the content version on every request.
    seed = subprocess.run(
        [PYTHON, __file__, "--seed-only"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**env, "CMS_API_VERSION_TTL": "0"},
        check=True,
    )
    counts = json.loads(seed.stdout.strip().splitlines()[-1])
    port = free_port()
    env["BACKEND_URL"] = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            "--keep-alive",
            "30",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.cms_settings"},
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        v2 = "/api/v2/pages/?fields=*&rich_text_format=html&limit=100&type="
        floor = "/bench/floor?bytes="
        # Cached routes and their floors alternate in short rounds (best round kept), so
        # background load on a shared machine hits both alike.
        paired = [
            ("services cached", "/api/services", f"{floor}{counts['services']['bytes']}"),
            ("blogs cached", "/api/blogs", f"{floor}{counts['blogs']['bytes']}"),
            ("detail cached", "/api/blogs/post-7", f"{floor}{counts['detail']['bytes']}"),
        ]
        single = [
            ("services cold", "/api/services", True),
            ("blogs cold", "/api/blogs", True),
            ("detail cold", "/api/blogs/post-7", True),
            ("v2 services", v2 + "cms.ServicePage", False),
            ("v2 blogs", v2 + "cms.BlogPostPage", False),
        ]
        queries = {
            "services cold": counts["services"]["cold"],
            "services cached": counts["services"]["cached"],
            "blogs cold": counts["blogs"]["cold"],
            "blogs cached": counts["blogs"]["cached"],
            "detail cold": counts["detail"]["cold"],
            "detail cached": counts["detail"]["cached"],
            "v2 services": counts["v2-services"]["cold"],
            "v2 blogs": counts["v2-blogs"]["cold"],
        }
        results = {}
        header = f"{'scenario':22} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8}"
        print(f"\n{header} {'errors':>6}")

        def show(name, r):
            q = queries.get(name, 0)
            print(
                f"{name:22} {r['rps']:9.1f} {r['p50']:8.2f} {r['p99']:8.2f} {q:8} {r['errors']:6}",
                flush=True,
            )

        rounds = 3
        for name, path, floor_path in paired:
            best = {}
            for _ in range(rounds):
                for label, target in ((name, path), ("floor " + name.split()[0], floor_path)):
                    r = load(
                        port, target, seconds=args.seconds / rounds, connections=args.connections
                    )
                    if label not in best or r["rps"] > best[label]["rps"]:
                        best[label] = r
            for label, r in best.items():
                results[label] = r
                show(label, r)
        for name, path, bust in single:
            seconds = args.seconds if not name.startswith("v2") else max(args.seconds, 8)
            r = load(port, path, seconds=seconds, connections=args.connections, cache_bust=bust)
            results[name] = r
            show(name, r)
        print(
            f"\nitems per list: services {counts['services']['items']}, blogs "
            f"{counts['blogs']['items']}; bodies: services {counts['services']['bytes']} B, "
            f"blogs {counts['blogs']['bytes']} B, detail {counts['detail']['bytes']} B"
        )
        print("\nratios (targets: uncached vs v2 >= 10x; cached vs floor >= 0.80; queries <= 6)")

        def ratio(a, b):
            return results[a]["rps"] / results[b]["rps"]

        lines = [
            ("services cold / v2 services", ratio("services cold", "v2 services"), 10),
            ("blogs cold / v2 blogs", ratio("blogs cold", "v2 blogs"), 10),
            ("services cached / floor", ratio("services cached", "floor services"), 0.8),
            ("blogs cached / floor", ratio("blogs cached", "floor blogs"), 0.8),
            ("detail cached / floor", ratio("detail cached", "floor detail"), 0.8),
        ]
        for label, value, target in lines:
            verdict = "ok" if value >= target else "BELOW TARGET"
            print(f"  {label:32} {value:7.2f}  ({verdict})")
        for name in ("services", "blogs", "detail"):
            q = counts[name]["cold"]
            print(f"  queries per uncached {name:10} {q:5}  ({'ok' if q <= 6 else 'OVER'})")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
