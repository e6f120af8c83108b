"""First run of a fresh clone, as a newcomer does it: `git clone` → `./bin/dev` → the site
answers `/health` and the banner is printed. Then Ctrl-C, and nothing may keep running.

    .venv/bin/python bench/first_run.py [--source .] [--keep]

Clones the committed HEAD of --source into a temporary folder and runs `./bin/dev` there on
a free port with no DATABASE_URL / REDIS_URL (the embedded defaults). The package cache is
whatever uv's cache holds (warm after any earlier install on this machine). Prints the
wall time to `/health`, to the banner, the CPU time of everything it ran (load-independent,
unlike wall time on a shared machine), the load average, the number of output lines and a
breakdown by phase (install, bootstrap, web server, consumer: CPU seconds and when each ran,
sampled from /proc), then the goal line: wall seconds to `/health` against the 30 s target."""

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BANNER_END = "Ctrl-C stops the web server"
TARGET_SECONDS = 30  # issue 18: fresh clone to /health, warm package cache


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


# Which phase a process of the clone belongs to, by its command line (first match wins:
# every Django process runs .venv/bin/python).
PHASES = [
    ("bootstrap", ("manage.py bootstrap",)),
    ("web server", ("manage.py runserver",)),
    ("consumer", ("manage.py run_huey",)),
    ("install", ("bin/setup", "pip", "/uv", "venv")),
]
TICKS = os.sysconf("SC_CLK_TCK")


def _phase(cmdline: str) -> str:
    for name, needles in PHASES:
        if any(needle in cmdline for needle in needles):
            return name
    return "other"  # bin/dev's shell, the health probe, sleep


def _sample(folder: Path, started: float, seen: dict) -> None:
    """Record each process of the clone: phase, CPU so far, first and last time seen."""
    now = time.monotonic() - started
    for pid in _processes_under(folder):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
        entry = seen.setdefault((pid, fields[19]), {"first": now, "phase": "other"})
        entry.update(cpu=cpu, last=now)
        # A child is seen with its parent's command line until it runs its own program.
        if (phase := _phase(cmdline)) != "other":
            entry["phase"] = phase


def _phases(seen: dict) -> dict:
    """Per phase: CPU seconds of its processes and the wall span in which they ran."""
    out: dict = {}
    for entry in seen.values():
        phase = out.setdefault(entry["phase"], {"cpu": 0.0, "from": entry["first"], "to": 0.0})
        phase["cpu"] += entry["cpu"]
        phase["from"] = min(phase["from"], entry["first"])
        phase["to"] = max(phase["to"], entry["last"])
    order = ["install", "bootstrap", "web server", "consumer", "other"]
    return {
        name: f"{out[name]['cpu']:.1f} s CPU, {out[name]['from']:.1f}-{out[name]['to']:.1f} s"
        for name in order
        if name in out
    }


def _processes_under(folder: Path) -> list[int]:
    """Processes whose working directory is inside the clone (web server, consumer)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if cwd == str(folder) or cwd.startswith(f"{folder}/"):
            found.append(int(entry.name))
    return found


def run_first_run(
    *, source: Path, workdir: Path, timeout: float = 900, until: str = "banner"
) -> dict:
    clone = workdir / "angisoft"
    subprocess.run(["git", "clone", "--quiet", str(source), str(clone)], check=True)
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        # A newcomer's shell has none of these; a test run exports its own settings module.
        if k not in {"DATABASE_URL", "REDIS_URL", "HUEY_IMMEDIATE", "VIRTUAL_ENV", "CACHE_DIR"}
        and not k.startswith("DJANGO_")
    }
    env.update(HOST="127.0.0.1", PORT=str(port))
    lines: list[tuple[float, str]] = []
    load = os.getloadavg()[0]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    dev = subprocess.Popen(
        ["./bin/dev"],
        cwd=clone,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # Ctrl-C goes to this group, as from a terminal
        # A terminal's shell never ignores Ctrl-C, but a bench started in the background
        # does, and bash cannot trap a signal ignored when it started.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )

    def read():
        for line in dev.stdout:
            lines.append((time.monotonic() - started, line.rstrip("\n")))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    health_at = banner_at = None
    seen: dict = {}
    deadline = started + timeout
    while time.monotonic() < deadline and dev.poll() is None:
        _sample(clone, started, seen)
        if health_at is None and _answers(f"http://127.0.0.1:{port}/health"):
            health_at = time.monotonic() - started
        if until == "health" and health_at is not None:
            break
        if any(BANNER_END in text for _, text in lines):
            banner_at = next(t for t, text in lines if BANNER_END in text)
            break
        time.sleep(0.1)
    # Ctrl-C; the group is gone when ./bin/dev already gave up (its output says why).
    with contextlib.suppress(ProcessLookupError):
        os.killpg(dev.pid, signal.SIGINT)
    try:
        dev.wait(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(dev.pid, signal.SIGKILL)
        dev.wait()
    time.sleep(1)
    # Anything left holds the output pipe open: end it before the reader is joined.
    leftovers = _processes_under(clone)
    for pid in leftovers:
        os.kill(pid, signal.SIGKILL)
    reader.join(timeout=10)
    dev.stdout.close()
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    output = [text for _, text in lines]
    start = next((i for i, text in enumerate(output) if "=" * 20 in text), None)
    banner = "\n".join(output[start:]) if start is not None and banner_at else ""
    return {
        "health_seconds": round(health_at, 1) if health_at else None,
        "banner_seconds": round(banner_at, 1) if banner_at else None,
        "cpu_seconds": round(cpu, 1),
        "load_average": round(load, 1),
        "cpus": os.cpu_count(),
        "output_lines": len(output),
        # Sampled every ~0.1 s until the banner: a short-lived process may be missed, and
        # the web server and consumer are cut off where the measurement ends.
        "phases": _phases(seen),
        "banner": banner,
        "stopped": not leftovers,
        "exit_code": dev.returncode,
        "output": "\n".join(output),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT, help="repository to clone")
    parser.add_argument("--keep", action="store_true", help="keep the clone (prints where)")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument(
        "--until",
        choices=["banner", "health"],
        default="banner",
        help="stop at the banner, or as soon as /health answers (older ./bin/dev had no banner)",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="angisoft-first-run-"))
    try:
        result = run_first_run(
            source=args.source, workdir=workdir, timeout=args.timeout, until=args.until
        )
    finally:
        if args.keep:
            print(f"clone kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    figures = {k: v for k, v in result.items() if k not in {"banner", "output"}}
    print(json.dumps(figures, indent=2))
    seconds = result["health_seconds"]
    met = seconds is not None and seconds < TARGET_SECONDS
    print(
        f"GOAL first_run_seconds: {seconds} (target < {TARGET_SECONDS}) "
        f"{'MET' if met else 'NOT MET'}"
    )
    if not (result["banner_seconds"] or (args.until == "health" and result["health_seconds"])):
        print(result["output"][-4000:], file=sys.stderr)
        return 1
    return 0 if result["stopped"] else 2


if __name__ == "__main__":
    sys.exit(main())
