"""A local stand-in for Sentry's ingest endpoint: the real sentry_sdk client posts
envelopes to it over HTTP on 127.0.0.1, and tests read back the events it received."""

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import sentry_sdk

from core.sentry import init_sentry


class FakeSentry:
    def __init__(self):
        self.envelopes: list[list[dict]] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                items = []
                for line in body.splitlines():
                    try:
                        items.append(json.loads(line))
                    except ValueError:
                        items.append({"_raw": line.decode("utf-8", "replace")})
                with owner._lock:
                    owner.envelopes.append(items)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def dsn(self) -> str:
        return f"http://public@127.0.0.1:{self.server.server_port}/1"

    @property
    def events(self) -> list[dict]:
        """Event payloads (envelope items that carry an event_id and a level/exception)."""
        sentry_sdk.flush(timeout=5)
        with self._lock:
            found = []
            for items in self.envelopes:
                for item in items:
                    if "event_id" in item and ("level" in item or "exception" in item):
                        found.append(item)
            return found

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def start_sentry(fake: FakeSentry, *, environment="test", release="angisoft@test") -> None:
    init_sentry(dsn=fake.dsn, environment=environment, release=release)


def stop_sentry() -> None:
    client = sentry_sdk.get_client()
    client.flush(timeout=5)
    client.close()
    sentry_sdk.get_global_scope().set_client(None)
