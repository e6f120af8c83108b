"""/metrics: token-protected Prometheus exposition with request, DB, outbox, queue, task
failure and business gauges."""

import uuid

import pytest
from django.apps import apps
from huey.contrib.djhuey import HUEY, task
from huey.storage import RedisStorage
from prometheus_client.parser import text_string_to_metric_families

from core.models import OutboxEmail

TOKEN = "metrics-test-token"


@task()
def _exploding_task():
    raise ValueError("boom")


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def _scrape() -> dict[str, list]:
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        samples = {}
        for family in text_string_to_metric_families(response.content.decode()):
            for sample in family.samples:
                samples.setdefault(sample.name, []).append(sample)
        return samples

    return _scrape


def _value(samples, name, **labels):
    for sample in samples.get(name, []):
        if all(sample.labels.get(k) == v for k, v in labels.items()):
            return sample.value
    return None


@pytest.mark.django_db
def test_metrics_are_off_without_a_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize("header", ["", "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_metrics_reject_a_missing_or_wrong_token(client, settings, header):
    settings.METRICS_TOKEN = TOKEN
    response = client.get("/metrics", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"angisoft_" not in response.content


@pytest.mark.django_db
def test_request_route_and_db_metrics(client, scrape):
    client.get("/health")
    client.get("/health/ready")
    client.get("/api/no-such-route-" + uuid.uuid4().hex)
    samples = scrape()
    assert (
        _value(
            samples,
            "angisoft_http_request_duration_seconds_count",
            route="/health",
            method="GET",
            status="200",
        )
        >= 1
    )
    assert (
        _value(samples, "angisoft_http_request_duration_seconds_count", route="/health/ready") >= 1
    )
    # Random paths share a bounded label instead of creating new series.
    assert not any(
        "no-such-route" in s.labels.get("route", "")
        for s in samples["angisoft_http_request_duration_seconds_count"]
    )
    assert _value(samples, "django_http_requests_total_by_method_total", method="GET") >= 3
    assert (
        _value(samples, "django_http_requests_latency_seconds_by_view_method_count", view="health")
        >= 1
    )
    assert _value(samples, "angisoft_db_query_seconds_count", alias="default", outcome="ok") >= 1
    # Each family keeps its buckets; the histogram they are summed from is not exposed.
    route_bounds = {
        s.labels["le"] for s in samples["angisoft_http_request_duration_seconds_bucket"]
    }
    view_bounds = {
        s.labels["le"]
        for s in samples["django_http_requests_latency_seconds_by_view_method_bucket"]
    }
    assert "0.075" in view_bounds - route_bounds
    source = [f"angisoft_http_requests_{part}" for part in ("bucket", "count", "sum", "created")]
    assert not set(source) & set(samples), sorted(samples)


@pytest.mark.django_db
def test_outbox_and_business_gauges(scrape):
    for status in ["pending", "pending", "sent", "failed"]:
        OutboxEmail.objects.create(
            template="t",
            recipients=["a@b.test"],
            status=status,
            next_attempt_at="2030-01-01T00:00:00Z",
        )
    samples = scrape()
    assert _value(samples, "angisoft_email_outbox", status="pending") == 2
    assert _value(samples, "angisoft_email_outbox", status="sent") == 1
    assert _value(samples, "angisoft_email_outbox", status="failed") == 1
    assert _value(samples, "angisoft_huey_deferred_tasks") == 0
    if "payments.WebhookEvent" in {m._meta.label for m in apps.get_models()}:
        assert _value(samples, "angisoft_webhook_backlog") == 0
        assert _value(samples, "angisoft_webhook_failures") == 0


@pytest.mark.django_db
def test_bookings_by_status_gauge(scrape):
    from tests.bookings import factories

    Booking = apps.get_model("bookings", "Booking")
    factories.BookingFactory()
    factories.BookingFactory()
    samples = scrape()
    by_status = {s.labels["status"]: s.value for s in samples["angisoft_bookings"]}
    expected = {}
    for status in Booking.objects.values_list("status", flat=True):
        expected[status] = expected.get(status, 0) + 1
    assert by_status == expected
    assert sum(by_status.values()) == 2


@pytest.mark.django_db
def test_task_failures_are_counted(scrape):
    before = (
        _value(
            scrape(),
            "angisoft_huey_task_failures_total",
            task="_exploding_task",
        )
        or 0
    )
    _exploding_task()
    _exploding_task()
    after = _value(
        scrape(),
        "angisoft_huey_task_failures_total",
        task="_exploding_task",
    )
    assert after == before + 2


@pytest.mark.django_db
def test_huey_queue_depth_from_redis(scrape, redis_url, monkeypatch):
    name = f"metrics-{uuid.uuid4().hex[:8]}"
    storage = RedisStorage(name, url=redis_url)
    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", storage)
    try:
        for _ in range(3):
            _exploding_task()
        samples = scrape()
        assert _value(samples, "angisoft_huey_queue_depth") == 3
        assert _value(samples, "angisoft_huey_scheduled") == 0
    finally:
        storage.flush_all()
