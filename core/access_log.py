"""gunicorn's access log as the one JSON line per request (config/gunicorn.conf.py).

Under gunicorn the app does not write its request line (settings.REQUEST_LOG_WRITER is
"server"): RequestLogMiddleware leaves the line's fields in the WSGI environ and this
logger writes them, with what only the server knows (client address, bytes sent, user
agent, referer), in the format and under the logger name of the app's own lines. One line
per request instead of gunicorn's text line plus the app's JSON line; gunicorn's default
access logger also copied every header and environ variable into a dict for each line.

Imported by the gunicorn master before Django is set up: no Django imports here.
"""

import logging
import time
import traceback

from gunicorn.glogging import Logger

from core.logging import REQUEST_LOG_ENVIRON_KEY, json_line

LOGGER_NAME = "angisoft.request"  # the app's request lines carry the same name


class JsonAccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        try:
            status = getattr(resp, "status_code", None)  # None: no start_response
            fields = environ.get(REQUEST_LOG_ENVIRON_KEY) or {  # a request Django never saw
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "route": None,
                "status": status,
                "duration_ms": round(request_time.total_seconds() * 1000, 2),
                "request_id": None,
                "user_id": None,
            }
            fields = {
                **fields,
                "remote_addr": environ.get("REMOTE_ADDR"),
                "bytes_sent": resp.sent,
                "user_agent": environ.get("HTTP_USER_AGENT"),
                "referer": environ.get("HTTP_REFERER"),
            }
            message = f"{fields['method']} {fields['path']} {status}"
            line = json_line(time.time(), "INFO", LOGGER_NAME, message, fields)
            # handle(makeRecord()) rather than info(): info() walks the stack for a caller
            # that the line does not print.
            log = self.access_log
            log.handle(log.makeRecord(log.name, logging.INFO, __file__, 0, line, None, None))
        except Exception:
            self.error(traceback.format_exc())
