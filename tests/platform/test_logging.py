import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from django.test import Client

from core.logging import REQUEST_LOG_ENVIRON_KEY, JsonFormatter, utc_time

ROOT = Path(__file__).resolve().parents[2]


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


@pytest.mark.django_db
def test_with_the_server_writing_the_line_the_app_leaves_its_fields(settings, caplog):
    """REQUEST_LOG_WRITER "server" (gunicorn): no second line from the app, the same fields
    in the WSGI environ for gunicorn's access log (core.access_log)."""
    settings.REQUEST_LOG_WRITER = "server"
    caplog.set_level(logging.INFO, logger="angisoft.request")
    response = Client().get("/health", HTTP_X_REQUEST_ID="req-43")  # loads the setting
    assert [r for r in caplog.records if r.name == "angisoft.request"] == []
    fields = response.wsgi_request.META[REQUEST_LOG_ENVIRON_KEY]
    assert fields["route"] == "/health"
    assert (fields["method"], fields["path"], fields["status"]) == ("GET", "/health", 200)
    assert fields["request_id"] == "req-43" and fields["user_id"] is None
    assert isinstance(fields["duration_ms"], float)


def _serve(port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--config",
            "config/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def test_under_gunicorn_each_request_is_one_json_line():
    """config/gunicorn.conf.py: the access log is the request line, in the app's format
    and with the app's fields, plus the server's; gunicorn's text access line is gone."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "LOG_FORMAT": "json"}
    env.pop("REQUEST_LOG_WRITER", None)
    server = _serve(port, env)
    try:
        for _ in range(600):  # importing the project takes a while on a loaded machine
            try:
                response = requests.get(
                    f"http://127.0.0.1:{port}/api/no-such-thing",
                    headers={"X-Request-ID": "req-44", "User-Agent": "probe/1"},
                    timeout=60,
                )
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    assert response.status_code == 404
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    requests_logged = [line for line in lines if line["logger"] == "angisoft.request"]
    assert len(requests_logged) == 1, output
    [line] = requests_logged
    assert line["message"] == "GET /api/no-such-thing 404"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/api/no-such-thing", 404)
    assert line["request_id"] == "req-44" == response.headers["X-Request-ID"]
    assert line["user_id"] is None and isinstance(line["duration_ms"], float)
    assert line["remote_addr"] == "127.0.0.1" and line["user_agent"] == "probe/1"
    assert line["bytes_sent"] == len(response.content)
    assert "/api/no-such-thing HTTP/1.1" not in output  # gunicorn's own access format
