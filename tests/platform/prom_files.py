"""Read and write prometheus_client multiprocess files (one set per worker pid), for the
multiprocess metrics tests."""

import os
from pathlib import Path

import prometheus_client
from prometheus_client import values
from prometheus_client.multiprocess import MultiProcessCollector

from core.metrics import REQUESTS, REQUESTS_IN_PROGRESS, REQUESTS_SOURCE

REQUEST_METRIC = REQUESTS_SOURCE  # what workers write; /metrics derives the families
IN_PROGRESS_METRIC = "angisoft_http_requests_in_progress"


def write_worker_files(directory: Path, pid: int, route: str, requests: int, in_progress=0):
    """Write the files a gunicorn worker with this pid would leave after serving `requests`
    requests on `route` and while handling `in_progress` more."""
    observations = [((route, "health", "GET", "200", "https"), 0.01)] * requests
    write_requests(directory, pid, observations, in_progress=in_progress)


def write_requests(directory: Path, pid: int, observations, in_progress=0):
    """As a worker with this pid: one REQUESTS observation per (labels, seconds), labels
    in REQUESTS' order (route, view, method, status, transport)."""
    saved_class, saved_dir = values.ValueClass, os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    values.ValueClass = values.MultiProcessValue(lambda: pid)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    try:
        histogram = prometheus_client.Histogram(
            REQUEST_METRIC,
            REQUESTS._documentation,
            REQUESTS._labelnames,
            buckets=REQUESTS._upper_bounds[:-1],
            registry=None,
        )
        for labels, seconds in observations:
            histogram.labels(*labels).observe(seconds)
        gauge = prometheus_client.Gauge(
            IN_PROGRESS_METRIC,
            REQUESTS_IN_PROGRESS._documentation,
            multiprocess_mode="livesum",
            registry=None,
        )
        gauge.set(in_progress)
    finally:
        values.ValueClass = saved_class
        if saved_dir is None:
            os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        else:
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = saved_dir


def close_files():
    """Close the mmaps opened by write_worker_files (unclosed files warn, i.e. fail)."""
    values.close_all_multiprocess_files()


def route_count(files, route: str) -> float:
    """Requests on `route` recorded in these files (any method and status)."""
    total = 0.0
    for metric in MultiProcessCollector.merge([str(f) for f in files]):
        if metric.name == REQUEST_METRIC:
            for sample in metric.samples:
                if sample.name == REQUEST_METRIC + "_count" and sample.labels["route"] == route:
                    total += sample.value
    return total


def in_progress(files) -> float:
    total = 0.0
    for metric in MultiProcessCollector.merge([str(f) for f in files]):
        if metric.name == IN_PROGRESS_METRIC:
            total += sum(sample.value for sample in metric.samples)
    return total
