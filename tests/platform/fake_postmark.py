"""A local fake of Postmark's send API (POST /email). The real anymail Postmark backend is
pointed at it; tests make it fail on demand and read back what was accepted."""

import json
import select
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakePostmark:
    def __init__(self, port: int = 0):
        self.accepted: list[dict] = []
        self.requests = 0
        self.fail_remaining = 0  # answer the next N requests with HTTP 500
        self.failing = False  # answer every request with HTTP 500 until switched off
        # hold: keep each request open until release(); a client that disconnects while
        # held (a killed worker) gets nothing sent, like a provider whose request died.
        self.hold = False
        self.held = 0
        self.aborted = 0
        self._release = threading.Event()
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                if owner.hold and not self._wait_for_release():
                    return
                with owner._lock:
                    owner.requests += 1
                    fail = owner.failing or owner.fail_remaining > 0
                    if owner.fail_remaining > 0:
                        owner.fail_remaining -= 1
                    if not fail:
                        owner.accepted.append(body)
                        number = len(owner.accepted)
                if fail:
                    self._reply(500, {"ErrorCode": 500, "Message": "Internal server error"})
                else:
                    self._reply(
                        200,
                        {
                            "ErrorCode": 0,
                            "Message": "OK",
                            "MessageID": f"fake-{number}",
                            "To": body.get("To", ""),
                            "SubmittedAt": "2026-01-01T00:00:00Z",
                        },
                    )

            def _wait_for_release(self) -> bool:
                with owner._lock:
                    owner.held += 1
                while not owner._release.wait(0.1):
                    if self._client_gone():
                        break
                # Checked once more after release: a client that died in the last 0.1 s
                # must not have its message accepted (nobody would read the answer).
                if self._client_gone():
                    with owner._lock:
                        owner.aborted += 1
                    return False
                return True

            def _client_gone(self) -> bool:
                readable, _, _ = select.select([self.connection], [], [], 0)
                return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""

            def _reply(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/"

    def release(self):
        self.hold = False
        self._release.set()

    def message_ids(self) -> list[str]:
        with self._lock:
            return [
                header["Value"]
                for body in self.accepted
                for header in body.get("Headers", [])
                if header["Name"].lower() == "message-id"
            ]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
