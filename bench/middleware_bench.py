"""Middleware cost: the floor (a constant JSON view through the full middleware stack)
against a bare Django view (the same handler with no middleware) returning the same body,
served by the same gunicorn processes with the production settings and process model
(sync workers, config/gunicorn.conf.py, Prometheus multiprocess files, access log, JSON
request log), loaded by wrk.

    .venv/bin/python bench/middleware_bench.py                 # 2 workers, 3 rounds of 2x5 s
    .venv/bin/python bench/middleware_bench.py --seconds 8 --rounds 5 --port 8111

The two routes alternate in short rounds (best round of each kept), so background load on
a shared machine hits both alike. Needs wrk (apt-get install wrk). No database or Redis is
touched by either route; DATABASE_URL / REDIS_URL only satisfy the production settings.

Prints requests/s and latency per route, then the goal of issue #18:
floor >= 85% of the bare view.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.85
ROUTES = {"bare": "/api/bench/bare", "floor": "/api/bench/floor"}
# Behind the production proxy every request arrives as HTTPS (SECURE_SSL_REDIRECT is on).
PROXY_HEADER = ("X-Forwarded-Proto", "https")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per route per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    return parser.parse_args()


def environment(multiproc_dir: str) -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/angisoft_middleware_bench")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/2")
    env.update(
        DJANGO_SETTINGS_MODULE="bench.middleware_settings",
        DJANGO_SECRET_KEY="bench-only-" + "s" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PROMETHEUS_MULTIPROC_DIR=multiproc_dir,
        PYTHONPATH=str(ROOT),
    )
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int, env: dict) -> subprocess.Popen:
    # The Dockerfile's command, with the bench entry point, port and worker count.
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "bench.middleware_wsgi:application",
        "--config",
        "config/gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        "*",
    ]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def fetch(port: int, path: str) -> http.client.HTTPResponse:
    for _ in range(200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path, headers=dict([PROXY_HEADER]))
            response = conn.getresponse()
            response.body = response.read()
            conn.close()
            return response
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn did not answer on port {port}")


def check_routes(port: int) -> int:
    """Both routes answer 200 with the same body; only the floor carries the stack's
    headers (request id, CSP), so the bare route really skipped the middleware."""
    bare, floor = fetch(port, ROUTES["bare"]), fetch(port, ROUTES["floor"])
    problems = []
    if (bare.status, floor.status) != (200, 200):
        problems.append(f"status bare {bare.status}, floor {floor.status}")
    if bare.body != floor.body:
        problems.append("bodies differ")
    if not floor.getheader("X-Request-ID") or not floor.getheader("Content-Security-Policy"):
        problems.append("the floor response lacks the middleware headers")
    if bare.getheader("X-Request-ID"):
        problems.append("the bare response went through middleware")
    if problems:
        raise SystemExit("route check failed: " + "; ".join(problems))
    return len(floor.body)


def worker_cpu_seconds(master: int) -> float:
    """User + system CPU of the master's worker processes so far."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited while we looked
        if int(fields[1]) == master:
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_REQUESTS = re.compile(r"(\d+) requests in")
_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_ERRORS = re.compile(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)")
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(port: int, path: str, *, seconds: float, connections: int, master: int) -> dict:
    cpu_before = worker_cpu_seconds(master)
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "-H",
            f"{PROXY_HEADER[0]}: {PROXY_HEADER[1]}",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = worker_cpu_seconds(master) - cpu_before
    latency = {p: float(v) * _UNIT[u] for p, v, u in _LATENCY.findall(out)}
    errors = [m.group(0) for m in _ERRORS.finditer(out)]
    return {
        "rps": float(_RPS.search(out).group(1)),
        # Workers' CPU per request: unlike req/s, barely moved by other load on the machine.
        "cpu_us": cpu / max(1, int(_REQUESTS.search(out).group(1))) * 1e6,
        "p50": latency.get("50", float("nan")),
        "p99": latency.get("99", float("nan")),
        "errors": "; ".join(errors) or "-",
    }


def main():
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    port = args.port or free_port()
    multiproc_dir = tempfile.mkdtemp(prefix="middleware-bench-prom-")
    server = start_gunicorn(port, args.workers, environment(multiproc_dir))
    try:
        size = check_routes(port)
        for path in ROUTES.values():  # warm both workers
            wrk(port, path, seconds=1, connections=args.connections, master=server.pid)
        best: dict[str, dict] = {}
        cpu: dict[str, list[float]] = {}
        print(f"body {size} B, {args.workers} sync workers, {args.connections} connections")
        columns = ("req/s", "p50 ms", "p99 ms", "cpu us")
        print(f"{'round':>5} {'route':6} " + " ".join(f"{c:>8}" for c in columns) + "  errors")
        for n in range(1, args.rounds + 1):
            for name, path in ROUTES.items():
                r = wrk(
                    port,
                    path,
                    seconds=args.seconds,
                    connections=args.connections,
                    master=server.pid,
                )
                figures = f"{r['rps']:9.1f} {r['p50']:8.2f} {r['p99']:8.2f} {r['cpu_us']:8.0f}"
                cpu.setdefault(name, []).append(r["cpu_us"])
                print(f"{n:5} {name:6} {figures}  {r['errors']}", flush=True)
                if name not in best or r["rps"] > best[name]["rps"]:
                    best[name] = r
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(multiproc_dir, ignore_errors=True)
    bare, floor = best["bare"]["rps"], best["floor"]["rps"]
    print(f"\nbest rounds: bare {bare:.1f} req/s, floor {floor:.1f} req/s")
    cpu_bare, cpu_floor = min(cpu["bare"]), min(cpu["floor"])
    print(
        f"worker CPU per request (least of the rounds): bare {cpu_bare:.0f} us, "
        f"floor {cpu_floor:.0f} us, bare/floor {cpu_bare / cpu_floor:.3f} "
        "(steadier than req/s on a loaded machine)"
    )
    ratio = floor / bare
    verdict = "MET" if ratio >= TARGET else "NOT MET"
    print(f"GOAL middleware_floor_ratio: {ratio:.3f} (target >= {TARGET}) {verdict}")


if __name__ == "__main__":
    sys.exit(main())
