"""Concurrent booking submissions, each with 5 x 10 MB files, against gunicorn on 127.0.0.1.

Prints bookings/s, upload throughput and the server's peak memory growth above idle
(the sum of the RSS of gunicorn's master and workers, sampled every 20 ms). The target
is under 30 MB above idle: files stream to temporary files and on to the private storage
in chunks, never whole into memory.

    .venv/bin/python bench/bookings_bench.py                        # temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/angisoft_bench \\
        .venv/bin/python bench/bookings_bench.py                    # PostgreSQL

Options: --bookings 12 --concurrency 4 --files 5 --file-mb 10 --workers 2.
"""

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=12)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--files", type=int, default=5)
    parser.add_argument("--file-mb", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    return parser.parse_args()


def environment(tmp: Path) -> dict:
    env = dict(os.environ)
    # SQLite across several gunicorn processes: take the write lock when a transaction
    # starts, and wait for it, instead of failing with "database is locked".
    env.setdefault(
        "DATABASE_URL",
        f"sqlite:///{tmp / 'bench.sqlite3'}?transaction_mode=IMMEDIATE&timeout=60",
    )
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="false",
        PRIVATE_MEDIA_ROOT=str(tmp / "private"),
        MEDIA_ROOT=str(tmp / "media"),
        EMAIL_PROVIDER="file",
        EMAIL_FILE_PATH=str(tmp / "mail"),
        HUEY_IMMEDIATE="true",  # post-processing (checksums) runs inline: the worst case
        LOG_LEVEL="WARNING",
        THROTTLE_BOOKINGS="100000/hour",
        TMPDIR=str(tmp / "uploads"),
    )
    env.pop("REDIS_URL", None)
    env.pop("AWS_STORAGE_BUCKET_NAME", None)
    (tmp / "uploads").mkdir()
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        return 0
    return 0


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except FileNotFoundError:
        return []


class MemorySampler(threading.Thread):
    def __init__(self, master: int):
        super().__init__(daemon=True)
        self.master = master
        self.peak_total = 0
        self.peak_per_pid: dict[int, int] = {}
        self.stop_event = threading.Event()

    def snapshot(self) -> dict[int, int]:
        pids = [self.master, *children(self.master)]
        return {pid: rss_kb(pid) for pid in pids}

    def run(self):
        while not self.stop_event.is_set():
            snap = self.snapshot()
            self.peak_total = max(self.peak_total, sum(snap.values()))
            for pid, value in snap.items():
                self.peak_per_pid[pid] = max(self.peak_per_pid.get(pid, 0), value)
            time.sleep(0.02)


def make_files(tmp: Path, count: int, size_mb: int) -> list[Path]:
    paths = []
    for i in range(count):
        path = tmp / f"document-{i}.pdf"
        with open(path, "wb") as handle:
            handle.write(b"%PDF-1.7\n")
            for _ in range(size_mb):
                handle.write(secrets.token_bytes(1024 * 1024))
            handle.write(b"\n%%EOF\n")
        paths.append(path)
    return paths


def submit(base: str, files: list[Path], n: int) -> int:
    handles = [open(path, "rb") for path in files]  # noqa: SIM115 - closed below
    try:
        response = requests.post(
            f"{base}/api/bookings",
            data={
                "name": f"Bench Client {n}",
                "email": f"bench{n}@example.test",
                "title": "Benchmark booking",
                "description": "Five large attachments.",
                "projectType": "DOCUMENT_EDIT",
            },
            files=[
                ("files", (path.name, handle, "application/pdf"))
                for path, handle in zip(files, handles, strict=True)
            ],
            timeout=300,
        )
    finally:
        for handle in handles:
            handle.close()
    if response.status_code != 201:
        print(f"  submission {n}: HTTP {response.status_code} {response.text[:200]}")
    return response.status_code


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="bookings-bench-") as tmpdir:
        tmp = Path(tmpdir)
        env = environment(tmp)
        python = sys.executable
        subprocess.run(
            [python, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        print(f"Making {args.files} x {args.file_mb} MB files ...")
        files = make_files(tmp, args.files, args.file_mb)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                str(Path(python).with_name("gunicorn")),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--worker-class",
                "sync",
                "--timeout",
                "300",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(tmp / "gunicorn.log", "wb"),  # noqa: SIM115
        )
        try:
            for _ in range(200):
                try:
                    if requests.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.2)
            else:
                raise SystemExit("gunicorn did not start; see its log")
            # Warm every worker (imports, URL resolver, DB connection) with small bookings.
            for i in range(args.workers * 3):
                submit(base, files[:0], -1 - i)
            time.sleep(0.5)
            sampler = MemorySampler(server.pid)
            idle = sampler.snapshot()
            idle_total = sum(idle.values())
            sampler.start()
            started = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                codes = list(pool.map(lambda n: submit(base, files, n), range(args.bookings)))
            elapsed = time.perf_counter() - started
            sampler.stop_event.set()
            sampler.join()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

        ok = codes.count(201)
        if ok != args.bookings:
            log = (tmp / "gunicorn.log").read_text(errors="replace").strip().splitlines()
            print("gunicorn log (last lines):", *log[-15:], sep="\n  ")
        stored = sum(1 for p in (tmp / "private").rglob("*.pdf"))
        leftovers = sum(1 for p in (tmp / "uploads").rglob("*") if p.is_file())
        mb = ok * args.files * args.file_mb
        growth_total = (sampler.peak_total - idle_total) / 1024
        worker_growth = max(
            (sampler.peak_per_pid.get(pid, 0) - idle.get(pid, 0)) / 1024 for pid in idle
        )
        print(
            f"{ok}/{args.bookings} bookings accepted ({args.files} x {args.file_mb} MB each), "
            f"{args.concurrency} concurrent clients, {args.workers} gunicorn sync workers"
        )
        rate, speed = ok / elapsed, mb / elapsed
        print(f"bookings/s: {rate:.2f}   upload: {speed:.1f} MB/s   time: {elapsed:.1f} s")
        idle_mb, peak_mb = idle_total / 1024, sampler.peak_total / 1024
        print(f"server RSS idle: {idle_mb:.1f} MB   peak: {peak_mb:.1f} MB")
        print(
            f"peak RSS growth above idle: {growth_total:.1f} MB total, "
            f"{worker_growth:.1f} MB in the worst worker"
        )
        print(f"stored files: {stored}   temporary upload files left behind: {leftovers}")
        verdict = "PASS" if growth_total < 30 and ok == args.bookings else "FAIL"
        print(
            f"{verdict}: target is every booking accepted and < 30 MB growth (files are streamed)"
        )
        return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
