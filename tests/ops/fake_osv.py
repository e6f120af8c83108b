"""A local stand-in for the OSV query API (https://api.osv.dev/v1/query): the real pip-audit
posts {"package": {"name", "ecosystem"}, "version"} to it over HTTP on 127.0.0.1 and gets
back OSV-schema entries for the (name, version) pairs the test registered."""

import json

from tests.fake_server import FakeServer, Reply


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


class FakeOSV(FakeServer):
    routes = [("POST", r"/v1/query", "query")]

    def __init__(self, status: int = 200, body: bytes | None = None):
        super().__init__()
        self.status = status
        self.body = body  # a raw answer in place of OSV JSON (a broken mirror)
        self.vulns: dict[tuple[str, str], list[dict]] = {}

    @property
    def url(self) -> str:
        return super().url + "/v1/query"

    def query(self, request):
        if self.status != 200:
            return Reply(self.status, b"")
        if self.body is not None:
            return Reply(200, self.body)
        asked = json.loads(request["raw"])
        found = self.vulns.get((asked["package"]["name"], asked["version"]), [])
        # The real API answers {} for a version without known vulnerabilities.
        return Reply(200, {"vulns": found} if found else {})

    def report(self, package: str, version: str, vuln: dict) -> None:
        self.vulns.setdefault((package, version), []).append(vuln)

    def queried(self) -> set[tuple[str, str]]:
        with self.lock:
            asked = [json.loads(r["raw"]) for r in self.requests]
        return {
            (q["package"]["name"], q["version"])
            for q in asked
            if q["package"]["ecosystem"] == "PyPI"
        }
