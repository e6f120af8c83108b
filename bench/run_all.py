"""Runs every bench in bench/ one after another and prints each goal it reports.

    .venv/bin/python bench/run_all.py [--only first_run,cms_bench] [--skip fuzz_api]

A bench is any bench/*.py with a `__main__` block; each prints its goals as lines
`GOAL <name>: <value> (target <target>) MET|NOT MET`. Benches run one at a time (they
would steal each other's CPU) with the environment of this command (DATABASE_URL, REDIS_URL
as each bench documents). Exit status: 0 when every reported goal is met and every bench
exited cleanly. Before each bench it waits (up to 2 minutes) until the machine is 90%
idle, so that one bench's aftermath does not slow the next."""

import argparse
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
GOAL_LINE = re.compile(
    r"^GOAL (?P<name>[^:]+): (?P<value>\S+) \(target (?P<target>[^)]*)\) (?P<met>MET|NOT MET)\s*$"
)


def discover() -> list[Path]:
    return sorted(
        path
        for path in BENCH.glob("*.py")
        if path.name != Path(__file__).name and "__main__" in path.read_text()
    )


def parse_goals(output: str) -> list[dict]:
    return [m.groupdict() for line in output.splitlines() if (m := GOAL_LINE.match(line))]


def run(path: Path, timeout: float) -> dict:
    """Runs one bench, echoing its output as it comes; kills it after `timeout` seconds."""
    started = time.monotonic()
    print(f"--- {path.stem}", flush=True)
    proc = subprocess.Popen(
        [sys.executable, str(path)],
        cwd=BENCH.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    lines = []
    for line in proc.stdout:
        print(line, end="", flush=True)
        lines.append(line)
    code = proc.wait()
    timed_out = not timer.is_alive()
    timer.cancel()
    return {
        "bench": path.stem,
        "exit": "timeout" if timed_out else code,
        "seconds": round(time.monotonic() - started),
        "goals": parse_goals("".join(lines)),
    }


def _cpu_times() -> tuple[int, int]:
    """(idle, total) jiffies of all CPUs since boot."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return fields[3] + fields[4], sum(fields)  # idle + iowait


def wait_until_idle(threshold: float, timeout: float) -> None:
    """Wait until the machine is at least `threshold` idle over one second: what one bench
    leaves behind (servers stopping, files being written back) must not run under the
    next one's measurement."""
    started = time.monotonic()
    while True:
        idle0, total0 = _cpu_times()
        time.sleep(1)
        idle1, total1 = _cpu_times()
        idle = (idle1 - idle0) / max(total1 - total0, 1)
        waited = time.monotonic() - started
        if idle >= threshold or waited >= timeout:
            print(f"--- machine {idle:.0%} idle after {waited:.0f} s", flush=True)
            return


def summary(results: list[dict]) -> tuple[str, bool]:
    rows = [("bench", "goal", "value", "target", "result")]
    ok = True
    for result in results:
        for goal in result["goals"]:
            rows.append((result["bench"], goal["name"], goal["value"], goal["target"], goal["met"]))
            ok &= goal["met"] == "MET"
        if not result["goals"]:
            rows.append((result["bench"], "(no goal printed)", "-", "-", "-"))
        if result["exit"] != 0:
            rows.append((result["bench"], "(exit status)", str(result["exit"]), "0", "FAILED"))
            ok = False
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines), ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated bench names (file stems)")
    parser.add_argument("--skip", default="", help="comma-separated bench names to leave out")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per bench")
    parser.add_argument(
        "--idle", type=float, default=0.9, help="idle share to wait for before each bench"
    )
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    skip = set(filter(None, args.skip.split(",")))
    benches = [p for p in discover() if (only is None or p.stem in only) and p.stem not in skip]
    results = []
    for path in benches:
        wait_until_idle(args.idle, timeout=120)
        results.append(run(path, args.timeout))
    table, ok = summary(results)
    print("\n" + table)
    print("\nALL GOALS MET" if ok else "\nSOME GOALS NOT MET (or a bench failed)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
