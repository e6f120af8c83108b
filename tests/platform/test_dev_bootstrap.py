"""What a newcomer sees: ./bin/dev's banner holds the admin login (or how to reset it),
and ensure_admin --reset-password gives a working new password."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from core.admin_login import RESET_HINT

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _admin_login_works(client, email, password) -> bool:
    client.logout()
    response = client.post("/admin/login/", {"username": email, "password": password})
    return response.status_code == 302 and client.get("/admin/").status_code == 200


def _field(banner: str, label: str) -> str:
    line = next(line for line in banner.splitlines() if line.strip().startswith(label))
    return line.strip()[len(label) :].strip()


def test_bootstrap_banner_holds_the_new_login_then_the_reset_hint(client, monkeypatch, tmp_path):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("ADMIN_EMAIL", "Newcomer@AngiSoft.local")
    banner_file = tmp_path / "banner.txt"

    call_command("bootstrap", "--no-demo", banner_file=str(banner_file))
    first = banner_file.read_text()
    assert oct(banner_file.stat().st_mode & 0o777) == "0o600"  # it holds a password
    assert _field(first, "Email") == "newcomer@angisoft.local"
    password = _field(first, "Password").split()[0]
    assert len(password) >= 12
    assert "/admin/" in first and "/api/docs/" in first
    assert _admin_login_works(client, "newcomer@angisoft.local", password)

    call_command("bootstrap", "--no-demo", banner_file=str(banner_file))
    second = banner_file.read_text()
    assert _field(second, "Email") == "newcomer@angisoft.local"
    assert password not in second
    assert "unchanged" in _field(second, "Password")
    assert _field(second, "Forgot it?") == RESET_HINT
    assert "manage.py ensure_admin --reset-password" in RESET_HINT


def test_bootstrap_prints_the_banner_without_a_file(capsys, monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("ADMIN_EMAIL", "printed@angisoft.local")
    call_command("bootstrap", "--no-demo")
    out = capsys.readouterr().out
    assert "AngiSoft Platform is running" in out
    assert _field(out, "Email") == "printed@angisoft.local"
    assert "Ctrl-C stops the web server and the job consumer" in out


def test_reset_password_prints_a_new_password_that_signs_in(client, capsys, monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("ADMIN_EMAIL", "boss@angisoft.local")
    call_command("ensure_admin")
    old = capsys.readouterr().out.split("Password:")[1].strip()

    call_command("ensure_admin", "--reset-password")
    out = capsys.readouterr().out
    assert "Admin password reset" in out
    assert "boss@angisoft.local" in out
    new = out.split("Password:")[1].strip()
    assert new != old
    assert _admin_login_works(client, "boss@angisoft.local", new)
    assert not _admin_login_works(client, "boss@angisoft.local", old)


def test_existing_login_points_at_the_reset(capsys, monkeypatch, admin_user):
    monkeypatch.setenv("ADMIN_EMAIL", admin_user.email)
    call_command("ensure_admin")
    out = capsys.readouterr().out
    assert "password unchanged" in out
    assert RESET_HINT in out


@pytest.mark.slow
def test_bin_dev_serves_and_prints_the_banner(tmp_path):
    """The whole ./bin/dev in a subprocess: quiet, then the banner, then Ctrl-C stops both."""
    if not os.environ.get("RUN_SLOW"):
        pytest.skip("RUN_SLOW=1 runs ./bin/dev end to end (bench/first_run.py measures it)")
    from bench.first_run import run_first_run

    result = run_first_run(source=ROOT, workdir=tmp_path, timeout=900)
    assert result["banner"], result["output"]
    assert "Password" in result["banner"]
    assert result["output_lines"] < 60, result["output"]
    assert result["stopped"], "web server or consumer still running after Ctrl-C"


@pytest.mark.slow
def test_web_server_waits_for_the_gate_before_it_serves(tmp_path):
    """runserver --wait-for (./bin/dev starts it beside the bootstrap): it starts up, but
    nothing answers until the gate file exists, and then the site is served."""
    if not os.environ.get("RUN_SLOW"):
        pytest.skip("RUN_SLOW=1 starts a web server and a bootstrap in subprocesses")
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "HUEY_IMMEDIATE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private-media"),
    )
    gate, address = tmp_path / "ready", f"127.0.0.1:{port}"
    web = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--wait-for", str(gate), address],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def health() -> int | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                return r.status
        except OSError:
            return None

    try:
        # The bootstrap runs while the server waits; the server stays silent until the gate.
        subprocess.run(
            [sys.executable, "manage.py", "bootstrap", "--no-demo"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        time.sleep(3)  # time enough for a server that did not wait to be listening
        assert web.poll() is None
        assert health() is None
        gate.touch()
        deadline = time.monotonic() + 120
        while health() != 200 and time.monotonic() < deadline and web.poll() is None:
            time.sleep(0.3)
        assert health() == 200
    finally:
        web.terminate()
        output = web.communicate(timeout=30)[0]
    assert "unapplied migration" not in output, output
