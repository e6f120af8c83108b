"""Log formatters: one JSON object per line in production, plain text in development."""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else was passed through `extra=`.
_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Under gunicorn, RequestLogMiddleware leaves its request line's fields in the WSGI environ
# under this key, and core.access_log writes them.
REQUEST_LOG_ENVIRON_KEY = "angisoft.request_log"
_ENCODER = json.JSONEncoder(default=str)  # one encoder, not a new one per line
_second = (0, "1970-01-01T00:00:00")  # the last second formatted, and its text


def utc_time(created: float) -> str:
    """ISO 8601 in UTC to the microsecond; the date and time of day are formatted once per
    second (every request writes a line)."""
    global _second
    second = int(created)
    if _second[0] != second:
        _second = (second, datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S"))
    return f"{_second[1]}.{int((created - second) * 1_000_000):06d}+00:00"


def _extra_fields(record: logging.LogRecord) -> dict:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRS}


def json_line(created: float, level: str, logger: str, message: str, fields: dict) -> str:
    """One log line as JSON: the fields every line has, then the line's own."""
    return _ENCODER.encode(
        {"time": utc_time(created), "level": level, "logger": logger, "message": message, **fields}
    )


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = _extra_fields(record)
        if record.exc_info:
            fields["exception"] = self.formatException(record.exc_info)
        return json_line(record.created, record.levelname, record.name, record.getMessage(), fields)


class TextFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extra = _extra_fields(record)
        if extra:
            line += " " + " ".join(f"{k}={v}" for k, v in extra.items())
        return line
