"""The GitHub Actions workflow is valid (actionlint) and has the shape the issue asks for;
the dependency audit wrapper fails the build on known vulnerabilities."""

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
ACTIONLINT = ROOT / ".venv" / "bin" / "actionlint"


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text())


def test_actionlint_accepts_the_workflow():
    result = subprocess.run(
        [str(ACTIONLINT), "-no-color", str(WORKFLOW)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    needs: [missing]\n"
        "    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    result = subprocess.run(
        [str(ACTIONLINT), "-no-color", str(broken)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0


def _runs(job) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


def test_test_job_uses_postgres_and_redis_services_and_runs_every_check(workflow):
    job = workflow["jobs"]["test"]
    assert job["services"]["postgres"]["image"].startswith("postgres:")
    assert job["services"]["redis"]["image"].startswith("redis:")
    assert job["env"]["DATABASE_URL"].startswith("postgres://")
    assert job["env"]["REDIS_URL"].startswith("redis://")
    runs = "\n".join(_runs(job))
    assert "makemigrations --check" in runs
    assert "spectacular --validate --fail-on-warn" in runs
    assert "pytest" in runs
    assert "ruff check" in "\n".join(_runs(workflow["jobs"]["lint"]))
    assert "ops/audit.sh" in "\n".join(_runs(workflow["jobs"]["audit"]))
    assert workflow["jobs"]["audit"]["steps"][-1]["env"]["AUDIT_STRICT"] == "1"


def test_image_is_built_and_deploy_needs_approval_and_migrates_first(workflow):
    image = workflow["jobs"]["image"]
    assert set(image["needs"]) == {"lint", "test", "audit"}
    assert any(s.get("uses", "").startswith("docker/build-push-action") for s in image["steps"])
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == ["image"]
    assert deploy["environment"]["name"] == "production"  # required reviewers gate it
    runs = _runs(deploy)
    migrate = next(i for i, r in enumerate(runs) if "migrate" in r and "run --rm" in r)
    switch = next(i for i, r in enumerate(runs) if "up -d" in r)
    assert migrate < switch


def _fake_pip_audit(tmp_path, report: dict, exit_code: int) -> Path:
    script = tmp_path / "pip-audit"
    script.write_text(
        "#!/usr/bin/env python3\nimport sys\n"
        "out = sys.argv[sys.argv.index('-o') + 1]\n"
        f"open(out, 'w').write({json.dumps(json.dumps(report))})\n"
        f"sys.exit({exit_code})\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def _audit(tmp_path, fake, strict=False):
    req = tmp_path / "req.txt"
    req.write_text("django==4.2.0\nrequests==2.0.0\n")
    env = {**os.environ, "PIP_AUDIT": str(fake), "AUDIT_STRICT": "1" if strict else "0"}
    return subprocess.run(
        ["bash", "ops/audit.sh", str(req)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_audit_fails_on_known_vulnerabilities(tmp_path):
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "4.2.0",
                "vulns": [{"id": "PYSEC-2023-100", "fix_versions": ["4.2.2"]}],
            },
            {"name": "requests", "version": "2.0.0", "vulns": []},
        ],
        "fixes": [],
    }
    result = _audit(tmp_path, _fake_pip_audit(tmp_path, report, 1))
    assert result.returncode == 1
    assert "VULNERABLE django 4.2.0: PYSEC-2023-100 (fixed in: 4.2.2)" in result.stdout


def test_audit_passes_clean_and_reports_unreachable_service_clearly(tmp_path):
    clean = {"dependencies": [{"name": "django", "version": "5.2", "vulns": []}], "fixes": []}
    result = _audit(tmp_path, _fake_pip_audit(tmp_path, clean, 0))
    assert result.returncode == 0
    assert "no known vulnerabilities in 1 checked" in result.stdout

    unreachable = {
        "dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}],
        "fixes": [],
    }
    result = _audit(tmp_path, _fake_pip_audit(tmp_path, unreachable, 0))
    assert result.returncode == 0
    assert "did NOT run" in result.stdout
    strict = _audit(tmp_path, _fake_pip_audit(tmp_path, unreachable, 0), strict=True)
    assert strict.returncode == 3
