"""gunicorn hooks for Prometheus multiprocess mode (used by the Dockerfile and ops/stack.py).

Bind and workers stay on the command line; this file sets the access log (one JSON line per
request, core.access_log), the worker timeout
(GUNICORN_TIMEOUT, the same variable settings.WORKER_TIMEOUT_SECONDS reads: provider calls
are budgeted to end well inside it) and adds the hooks, which do nothing unless
PROMETHEUS_MULTIPROC_DIR is set. Each worker writes its metric
values to files in that folder and /metrics sums them (core/metrics.py)."""

import os
from pathlib import Path

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = timeout
# One JSON line per request: the access log writes the app's request line with the
# server's fields (core.access_log), and the app leaves it the fields instead of logging.
logger_class = "core.access_log.JsonAccessLogger"
accesslog = "-"
os.environ.setdefault("REQUEST_LOG_WRITER", "server")


def _multiproc_dir() -> Path | None:
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(path) if path else None


def on_starting(server):
    """Empty the folder: files left by a previous run would be summed into the new one."""
    path = _multiproc_dir()
    if path is None:
        return
    path.mkdir(parents=True, exist_ok=True)
    for entry in path.iterdir():
        if entry.is_file() or entry.is_symlink():
            entry.unlink()


def child_exit(server, worker):
    """Drop the dead worker's live gauges; its counters and histograms stay in the sums."""
    if _multiproc_dir() is None:
        return
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
