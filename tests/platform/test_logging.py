import json
import logging
from datetime import UTC, datetime, timedelta

import pytest

from core.logging import JsonFormatter, utc_time


@pytest.mark.django_db
def test_one_json_line_per_request(client, caplog):
    caplog.set_level(logging.INFO, logger="angisoft.request")
    client.get("/health", HTTP_X_REQUEST_ID="req-42")
    [record] = [r for r in caplog.records if r.name == "angisoft.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["method"] == "GET"
    assert line["path"] == "/health"
    assert line["status"] == 200
    assert line["request_id"] == "req-42"
    assert line["user_id"] is None
    assert isinstance(line["duration_ms"], float)
    assert "\n" not in JsonFormatter().format(record)


@pytest.mark.parametrize(
    "created", [0.0, 1_700_000_000.25, 1_795_000_123.999999, 1_795_000_124.000001]
)
def test_line_times_are_iso_utc_to_the_microsecond(created):
    exact = datetime.fromtimestamp(created, UTC)
    for _ in range(2):  # formatted, then from the cached second
        text = utc_time(created)
        assert abs(datetime.fromisoformat(text) - exact) <= timedelta(microseconds=1)
        assert text.endswith("+00:00") and len(text) == len("2026-01-01T00:00:00.000000+00:00")
