"""ops/audit.sh (the CI dependency audit) runs the real pip-audit against an OSV service
and fails the build on a reported vulnerability. The service is a local fake OSV API
(tests/ops/fake_osv.py) that pip-audit reaches through PIP_AUDIT_OSV_URL, the same
variable an organisation sets to use an internal OSV mirror."""

import os
import socket
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.ops.fake_osv import FakeOSV, osv_vuln

ROOT = Path(__file__).resolve().parents[2]
AUDIT = ROOT / "ops" / "audit.sh"
PIP_AUDIT = ROOT / ".venv" / "bin" / "pip-audit"

pytestmark = pytest.mark.skipif(not PIP_AUDIT.exists(), reason="pip-audit is not installed")


def _locked(name: str) -> str:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    versions = [p["version"] for p in lock["package"] if p["name"] == name]
    assert len(versions) == 1, f"{name} is not pinned once in uv.lock"
    return versions[0]


DJANGO = _locked("django")
REQUESTS = _locked("requests")


def _requirements(tmp_path) -> Path:
    req = tmp_path / "requirements.txt"
    req.write_text(f"django=={DJANGO}\nrequests=={REQUESTS}\n")
    return req


def _audit(tmp_path, osv_url: str, req: Path | None = None, strict: bool = False):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PIP_AUDIT", "AUDIT_STRICT"} and not k.lower().endswith("_proxy")
    }
    env.update(
        PIP_AUDIT_OSV_URL=osv_url,
        AUDIT_STRICT="1" if strict else "0",
        NO_PROXY="127.0.0.1,localhost",
        XDG_CACHE_HOME=str(tmp_path / "xdg-cache"),
    )
    args = ["bash", str(AUDIT)] + ([str(req)] if req else [])
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    # pip-audit got a fresh cache from the script, not the user's shared one.
    assert not (tmp_path / "xdg-cache" / "pip-audit").exists()
    return result


def test_a_reported_vulnerability_fails_the_audit(tmp_path):
    with FakeOSV() as osv:
        osv.report("django", DJANGO, osv_vuln("GHSA-test-0001", "django", "99.0"))
        result = _audit(tmp_path, osv.url, _requirements(tmp_path))
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert f"VULNERABLE django {DJANGO}: GHSA-test-0001 (fixed in: 99.0)" in result.stdout
    assert "1 vulnerable package(s) out of 2 checked" in result.stdout
    assert "requests" not in result.stdout  # only the reported package is named
    assert osv.queried() == {("django", DJANGO), ("requests", REQUESTS)}


def test_no_reported_vulnerability_passes(tmp_path):
    with FakeOSV() as osv:
        # A withdrawn entry is not a vulnerability (pip-audit drops it).
        withdrawn = osv_vuln("GHSA-test-0002", "requests", "99.0")
        osv.report("requests", REQUESTS, {**withdrawn, "withdrawn": "2024-02-01T00:00:00Z"})
        result = _audit(tmp_path, osv.url, _requirements(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pip-audit: no known vulnerabilities in 2 checked packages" in result.stdout
    assert osv.queried() == {("django", DJANGO), ("requests", REQUESTS)}


def test_the_whole_lock_is_audited_with_hashes(tmp_path):
    """Without $1 the script exports uv.lock (hashed pins) and queries every package that
    the lock installs on this interpreter."""
    exported = subprocess.run(
        [".venv/bin/uv", "export", "--frozen", "--no-emit-project", "--no-header", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    expected = set()
    for line in exported.splitlines():
        if "==" in line and not line.startswith(("#", " ")):
            req = Requirement(line.rstrip(" \\"))
            if req.marker is None or req.marker.evaluate():
                pinned = next(iter(req.specifier)).version
                expected.add((canonicalize_name(req.name), pinned))
    assert ("django", DJANGO) in expected and len(expected) > 50

    with FakeOSV() as osv:
        osv.report("requests", REQUESTS, osv_vuln("PYSEC-test-0003", "requests", "98.1"))
        result = _audit(tmp_path, osv.url)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"VULNERABLE requests {REQUESTS}: PYSEC-test-0003 (fixed in: 98.1)" in result.stdout
    assert osv.queried() == expected


@pytest.mark.parametrize("strict", [False, True], ids=["default", "AUDIT_STRICT=1"])
def test_a_failing_service_is_a_notice_never_a_pass(tmp_path, strict):
    with FakeOSV(status=500) as osv:
        result = _audit(tmp_path, osv.url, _requirements(tmp_path), strict=strict)
    assert result.returncode == (3 if strict else 0), result.stdout + result.stderr
    assert "NOTICE: pip-audit could not reach its vulnerability service" in result.stdout
    assert "did NOT run" in result.stdout
    assert "500 Server Error" in result.stdout
    assert "no known vulnerabilities" not in result.stdout
    assert osv.queried()  # it did ask the service


@pytest.mark.parametrize("strict", [False, True], ids=["default", "AUDIT_STRICT=1"])
def test_an_unreachable_service_is_a_notice_never_a_pass(tmp_path, strict):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    url = f"http://127.0.0.1:{closed}/v1/query"
    result = _audit(tmp_path, url, _requirements(tmp_path), strict=strict)
    assert result.returncode == (3 if strict else 0), result.stdout + result.stderr
    assert "NOTICE: pip-audit could not reach its vulnerability service" in result.stdout
    assert "Connection refused" in result.stdout
    assert "no known vulnerabilities" not in result.stdout


def test_a_broken_answer_fails_the_audit_rather_than_passing(tmp_path):
    """The service answered, but not with OSV JSON: pip-audit dies without a report. That
    is not "unreachable" (no NOTICE) and certainly not clean: the build fails."""
    with FakeOSV(body=b"<html>captive portal</html>") as osv:
        result = _audit(tmp_path, osv.url, _requirements(tmp_path), strict=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "pip-audit failed (exit 1) without a vulnerability report" in result.stdout
    assert "NOTICE" not in result.stdout
    assert osv.queried()
