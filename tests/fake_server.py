"""A tiny threaded HTTP server that routes requests to a fake provider's methods (the
payment providers, the OSV vulnerability API)."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Reply:
    def __init__(self, status: int, body, headers: dict | None = None):
        self.status = status
        self.body = body
        self.headers = headers or {}


class FakeServer:
    """Subclasses define `routes = [(method, regex, handler_name), ...]`; handlers take
    (request, *groups) and return a Reply. `fail_next(status, times)` injects errors."""

    routes: list = []

    def __init__(self):
        self.lock = threading.RLock()
        self.requests: list[dict] = []
        self._failures: list[int] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                reply = fake.dispatch(self.command, self.path, dict(self.headers), raw)
                body = reply.body
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def fail_next(self, status: int = 500, times: int = 1):
        with self.lock:
            self._failures.extend([status] * times)

    def calls(self, method: str, path_prefix: str) -> list[dict]:
        return [
            r for r in self.requests if r["method"] == method and r["path"].startswith(path_prefix)
        ]

    def dispatch(self, method: str, path: str, headers: dict, raw: bytes) -> Reply:
        request = {"method": method, "path": path, "headers": headers, "raw": raw}
        with self.lock:
            self.requests.append(request)
            if self._failures:
                status = self._failures.pop(0)
                return Reply(status, self.error_body(status))
        route_path = path.split("?", 1)[0]
        for route_method, pattern, name in self.routes:
            match = re.fullmatch(pattern, route_path)
            if route_method == method and match:
                with self.lock:
                    return getattr(self, name)(request, *match.groups())
        return Reply(404, self.error_body(404))

    def error_body(self, status: int):
        return {"error": f"fake error {status}"}
