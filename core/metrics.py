"""Prometheus metrics at /metrics (Bearer METRICS_TOKEN).

Request counts and latency come from RequestMetricsMiddleware, by URL route pattern (so
/api/bookings/<reference> is one series) and in django-prometheus's families by view name;
DB timings from an execute wrapper installed on every connection; cache timings from
core.cache.InstrumentedRedisCache. Business and queue gauges are read at scrape time by
ScrapeCollector; models of apps that are not installed yet are skipped.

With several gunicorn workers set PROMETHEUS_MULTIPROC_DIR (prometheus_client's
multiprocess mode, config/gunicorn.conf.py) so a scrape sums every worker's files; the
scrape-time gauges are read from the database and Redis, so they are added once, whichever
worker answers. A module-level Gauge needs a multiprocess_mode, or each worker shows up
as its own series.
"""

import hmac
import logging
import os
import time

import prometheus_client
from django.apps import apps
from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from huey.signals import SIGNAL_ERROR
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector
from prometheus_client.utils import floatToGoString

logger = logging.getLogger("angisoft.metrics")

DB_QUERY_SECONDS = prometheus_client.Histogram(
    "angisoft_db_query_seconds",
    "Database statement latency",
    ["alias", "vendor", "outcome"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
# livesum: summed over live workers; gunicorn's child_exit drops a dead worker's share.
REQUESTS_IN_PROGRESS = prometheus_client.Gauge(
    "angisoft_http_requests_in_progress",
    "Requests being handled now (the scrape itself included)",
    multiprocess_mode="livesum",
)
_FAILURES_KEY = "angisoft:metrics:huey_task_failures"
_local_failures: dict[str, int] = {}


# Every request is one observation of REQUESTS, an unexposed histogram labelled with all
# that the request families need; the families are derived from it at scrape time
# (RequestFamilies): two file writes per request instead of six. Families and buckets:
# ours by route pattern, and django-prometheus's that dashboards and tests use, same names
# and labels (the ones it has that repeat these are left out, docs/operations.md).
ROUTE_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
VIEW_BUCKETS = (
    0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 25.0, 50.0, 75.0,
)  # fmt: skip
REQUESTS_SOURCE = "angisoft_http_requests"
REQUESTS = prometheus_client.Histogram(
    REQUESTS_SOURCE,
    "Every request (the source of the request families)",
    ["route", "view", "method", "status", "transport"],
    buckets=sorted({*ROUTE_BUCKETS, *VIEW_BUCKETS}),
    registry=None,
)
EXCEPTIONS_BY_TYPE = prometheus_client.Counter(
    "django_http_exceptions_total_by_type", "Count of exceptions by object type.", ["type"]
)
EXCEPTIONS_BY_VIEW = prometheus_client.Counter(
    "django_http_exceptions_total_by_view", "Count of exceptions by view.", ["view"]
)

# As django-prometheus: any other method string is one label, not a new series each.
_KNOWN_METHODS = frozenset(
    {"GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PATCH"}
)


class RequestMetricsMiddleware:
    """Every request's metrics, from the outermost middleware: in progress, and one
    observation of REQUESTS (route pattern, a bounded label set: unmatched paths share
    one label; view; method; status; transport). Four file writes per request in
    multiprocess mode; each labelled child is looked up once per process."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Label values -> the labelled child's observe (.labels() validates and locks).
        self._observers: dict[tuple, object] = {}

    def __call__(self, request):
        started = time.perf_counter()
        REQUESTS_IN_PROGRESS.inc()
        try:
            response = self.get_response(request)
        finally:
            REQUESTS_IN_PROGRESS.dec()
        elapsed = time.perf_counter() - started
        match = request.resolver_match
        key = (
            match.route if match is not None else None,
            match.view_name if match is not None else None,
            request.method,
            response.status_code,
            request.is_secure(),
        )
        (self._observers.get(key) or self._new_observer(key))(elapsed)
        return response

    def _new_observer(self, key):
        route, view, method, status, secure = key
        observe = REQUESTS.labels(
            "/" + route if route else "<unmatched>",
            view or "<unnamed view>",
            method if method in _KNOWN_METHODS else "<invalid method>",
            str(status),
            "https" if secure else "http",
        ).observe
        if len(self._observers) < 10_000:  # bounded even if labels were not
            self._observers[key] = observe
        return observe

    def process_exception(self, request, exception):
        match = request.resolver_match
        EXCEPTIONS_BY_TYPE.labels(type(exception).__name__).inc()
        EXCEPTIONS_BY_VIEW.labels(match.view_name if match else "<unnamed view>").inc()


class RequestFamilies(Collector):
    """The request families, summed from REQUESTS as `source` (a collector: REQUESTS
    itself, or the multiprocess collector, whose other families pass through) reports it.
    A cumulative bucket of the source is a cumulative bucket of every family whose
    bounds include it, so each family keeps its own buckets."""

    FAMILIES = (
        # (name, help, labels, buckets or None for a counter)
        (
            "angisoft_http_request_duration_seconds",
            "Request latency by route pattern",
            ("route", "method", "status"),
            ROUTE_BUCKETS,
        ),
        (
            "django_http_requests_latency_seconds_by_view_method",
            "Histogram of request processing time labelled by view.",
            ("view", "method"),
            VIEW_BUCKETS,
        ),
        (
            "django_http_requests_total_by_view_transport_method",
            "Count of requests by view, transport, method.",
            ("view", "transport", "method"),
            None,
        ),
        ("django_http_requests_total_by_method", "Count of requests by method.", ("method",), None),
    )

    def __init__(self, source):
        self.source = source

    def collect(self):
        for metric in self.source.collect():
            if metric.name == REQUESTS_SOURCE:
                yield from self._families(metric.samples)
            else:
                yield metric

    def _families(self, samples):
        # Per source series: {le: cumulative count}, count and sum.
        series: dict[tuple, dict] = {}
        for sample in samples:
            labels = dict(sample.labels)
            le = labels.pop("le", None)
            entry = series.setdefault(tuple(sorted(labels.items())), {"le": {}})
            if sample.name.endswith("_bucket"):
                entry["le"][le] = sample.value
            elif sample.name.endswith("_count"):
                entry["count"] = sample.value
            elif sample.name.endswith("_sum"):
                entry["sum"] = sample.value
        for name, documentation, label_names, buckets in self.FAMILIES:
            totals: dict[tuple, dict] = {}
            for key, entry in series.items():
                labels = dict(key)
                total = totals.setdefault(
                    tuple(labels[n] for n in label_names), {"le": {}, "count": 0.0, "sum": 0.0}
                )
                total["count"] += entry.get("count", 0.0)
                total["sum"] += entry.get("sum", 0.0)
                for le, value in entry["le"].items():
                    total["le"][le] = total["le"].get(le, 0.0) + value
            if buckets is None:
                family = CounterMetricFamily(name, documentation, labels=label_names)
                for values, total in totals.items():
                    family.add_metric(values, total["count"])
            else:
                family = HistogramMetricFamily(name, documentation, labels=label_names)
                bounds = [floatToGoString(b) for b in buckets]
                for values, total in totals.items():
                    cumulative = [(le, total["le"].get(le, 0.0)) for le in bounds]
                    family.add_metric(values, [*cumulative, ("+Inf", total["count"])], total["sum"])
            yield family


# --- Database timings: one execute wrapper per connection (Django's execute_wrapper API).


def _timed_execute(alias, vendor):
    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        outcome = "error"
        try:
            result = execute(sql, params, many, context)
            outcome = "ok"
            return result
        finally:
            DB_QUERY_SECONDS.labels(alias, vendor, outcome).observe(time.perf_counter() - started)

    wrapper.angisoft_metrics = True
    return wrapper


def instrument_connection(sender=None, connection=None, **kwargs):
    if not any(getattr(w, "angisoft_metrics", False) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_timed_execute(connection.alias, connection.vendor))


def connect_db_timings() -> None:
    from django.db import connections
    from django.db.backends.signals import connection_created

    connection_created.connect(instrument_connection, dispatch_uid="angisoft-db-metrics")
    for connection in connections.all(initialized_only=True):
        instrument_connection(connection=connection)


# --- Huey task failures: counted in Redis so the web process can report the worker's.


def _redis_conn():
    from huey.contrib.djhuey import HUEY
    from huey.storage import RedisStorage

    # SqliteStorage has a `conn` too (an sqlite3 connection): only Redis counts here.
    return HUEY.storage.conn if isinstance(HUEY.storage, RedisStorage) else None


def record_task_failure(signal, task, exc=None):
    conn = _redis_conn()
    try:
        if conn is not None:
            conn.hincrby(_FAILURES_KEY, task.name, 1)
            return
    except Exception:  # a metrics write must never break the worker
        logger.warning("could not record task failure in Redis", exc_info=True)
    _local_failures[task.name] = _local_failures.get(task.name, 0) + 1


def connect_huey_signals() -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.signal(SIGNAL_ERROR)(record_task_failure)


# --- Gauges read at scrape time.


def _model(label: str, name: str, *fields: str):
    try:
        model = apps.get_model(label, name)
    except LookupError:
        return None
    names = {f.name for f in model._meta.get_fields()}
    return model if all(f in names for f in fields) else None


class ScrapeCollector(Collector):
    def collect(self):
        for part in (
            self._outbox,
            self._queue,
            self._task_failures,
            self._bookings,
            self._payments,
            self._webhooks,
        ):
            try:
                yield from part()
            except Exception:  # one broken source must not hide the others
                logger.warning("metrics source %s failed", part.__name__, exc_info=True)

    def _outbox(self):
        from core.models import OutboxEmail

        gauge = GaugeMetricFamily(
            "angisoft_email_outbox", "Outbox emails by status", labels=["status"]
        )
        counts = dict(OutboxEmail.objects.values_list("status").annotate(n=Count("id")))
        for status in OutboxEmail.Status.values:
            gauge.add_metric([status], counts.get(status, 0))
        yield gauge
        from core.models import DeferredTask

        yield GaugeMetricFamily(
            "angisoft_huey_deferred_tasks",
            "Tasks kept in the database because Redis was unreachable when they were queued",
            DeferredTask.objects.count(),
        )

    def _queue(self):
        from huey.contrib.djhuey import HUEY

        if HUEY.immediate:
            return
        yield GaugeMetricFamily(
            "angisoft_huey_queue_depth", "Tasks waiting in the Huey queue", HUEY.pending_count()
        )
        yield GaugeMetricFamily(
            "angisoft_huey_scheduled",
            "Tasks scheduled for later (retries, ETA)",
            HUEY.scheduled_count(),
        )

    def _task_failures(self):
        counter = CounterMetricFamily(
            "angisoft_huey_task_failures", "Huey task executions that raised", labels=["task"]
        )
        conn = _redis_conn()
        failures = dict(_local_failures)
        if conn is not None:
            for name, value in conn.hgetall(_FAILURES_KEY).items():
                failures[name.decode()] = failures.get(name.decode(), 0) + int(value)
        for name, value in sorted(failures.items()):
            counter.add_metric([name], value)
        yield counter

    def _bookings(self):
        model = _model("bookings", "Booking", "status")
        if model is None:
            return
        gauge = GaugeMetricFamily("angisoft_bookings", "Bookings by status", labels=["status"])
        for status, n in model.objects.values_list("status").annotate(n=Count("id")).order_by():
            gauge.add_metric([status], n)
        yield gauge

    def _payments(self):
        model = _model("payments", "Payment", "provider", "status")
        if model is None:
            return
        gauge = GaugeMetricFamily(
            "angisoft_payments", "Payments by provider and status", labels=["provider", "status"]
        )
        rows = model.objects.values_list("provider", "status").annotate(n=Count("id")).order_by()
        for provider, status, n in rows:
            gauge.add_metric([provider, status], n)
        yield gauge

    def _webhooks(self):
        model = _model("payments", "WebhookEvent", "provider", "status")
        if model is None:
            return
        gauge = GaugeMetricFamily(
            "angisoft_webhook_events",
            "Payment webhook inbox by provider and status (RECEIVED = backlog)",
            labels=["provider", "status"],
        )
        rows = model.objects.values_list("provider", "status").annotate(n=Count("id")).order_by()
        backlog = failed = 0
        for provider, status, n in rows:
            gauge.add_metric([provider, status], n)
            backlog += n if status.upper() == "RECEIVED" else 0
            failed += n if status.upper() == "FAILED" else 0
        yield gauge
        yield GaugeMetricFamily(
            "angisoft_webhook_backlog", "Webhook events received but not yet processed", backlog
        )
        yield GaugeMetricFamily(
            "angisoft_webhook_failures", "Webhook events whose processing failed", failed
        )


_collector = ScrapeCollector()
_registered = False


def _registry():
    global _registered
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        # A fresh registry per scrape (prometheus_client's documented pattern): the workers'
        # files, summed, plus the scrape-time gauges once. The global REGISTRY would only
        # hold this worker's own values.
        registry = prometheus_client.CollectorRegistry()
        registry.register(RequestFamilies(multiprocess.MultiProcessCollector(None)))
        registry.register(_collector)
        return registry
    if not _registered:
        prometheus_client.REGISTRY.register(RequestFamilies(REQUESTS))
        prometheus_client.REGISTRY.register(_collector)
        _registered = True
    return prometheus_client.REGISTRY


@never_cache
def metrics_view(request):
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404  # metrics are off unless a token is configured
    supplied = request.headers.get("Authorization", "")
    if not hmac.compare_digest(supplied.encode(), f"Bearer {token}".encode()):
        response = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(
        prometheus_client.generate_latest(_registry()),
        content_type=prometheus_client.CONTENT_TYPE_LATEST,
    )
