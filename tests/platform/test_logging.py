import json
import logging

import pytest

from core.logging import JsonFormatter


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
