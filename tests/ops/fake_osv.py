"""A local stand-in for the OSV query API (https://api.osv.dev/v1/query): the real pip-audit
posts {"package": {"name", "ecosystem"}, "version"} to it over HTTP on 127.0.0.1 and gets
back OSV-schema entries for the (name, version) pairs the test registered."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def osv_vuln(vuln_id: str, package: str, fixed: str, *, alias: str | None = None) -> dict:
    """One OSV entry in the shape pip-audit's OSV parser reads: it needs "affected" (or it
    drops the entry), takes fix versions from "fixed" events of an ECOSYSTEM range of the
    same PyPI package, and skips entries marked "withdrawn"."""
    return {
        "schema_version": "1.6.0",
        "id": vuln_id,
        "summary": f"test vulnerability in {package}",
        "aliases": [alias] if alias else [],
        "published": "2024-01-01T00:00:00Z",
        "affected": [
            {
                "package": {"name": package, "ecosystem": "PyPI"},
                "ranges": [
                    {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}
                ],
            }
        ],
    }


class FakeOSV:
    def __init__(self, status: int = 200, body: bytes | None = None):
        self.status = status
        self.body = body  # a raw answer in place of OSV JSON (a broken mirror)
        self.vulns: dict[tuple[str, str], list[dict]] = {}
        self.queries: list[dict] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                query = json.loads(body)
                with owner._lock:
                    owner.queries.append({"path": self.path, **query})
                if owner.status != 200:
                    self.send_response(owner.status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                key = (query["package"]["name"], query["version"])
                found = owner.vulns.get(key, [])
                # The real API answers {} for a version without known vulnerabilities.
                payload = json.dumps({"vulns": found} if found else {}).encode()
                if owner.body is not None:
                    payload = owner.body
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/v1/query"

    def report(self, package: str, version: str, vuln: dict) -> None:
        self.vulns.setdefault((package, version), []).append(vuln)

    def queried(self) -> set[tuple[str, str]]:
        with self._lock:
            return {
                (q["package"]["name"], q["version"])
                for q in self.queries
                if q["package"]["ecosystem"] == "PyPI"
            }

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
