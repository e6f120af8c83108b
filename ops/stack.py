# ruff: noqa: S603, S607  (a test harness that starts local servers from fixed argument lists)
"""A private production-like stack on 127.0.0.1 for fault tests and load benches: its own
PostgreSQL (initdb into a temporary folder, spare port), its own Redis (`redis-server
--port N`), gunicorn and a real Huey consumer. Stopping these never touches the machine's
shared services."""

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if predicate():
                return
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what}")


def _pg_bin(name: str) -> str:
    for version in sorted(Path("/usr/lib/postgresql").glob("*"), reverse=True):
        candidate = version / "bin" / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(name)
    return found


def available() -> str | None:
    """Why the stack cannot run here, or None."""
    try:
        _pg_bin("initdb")
        _pg_bin("pg_ctl")
    except FileNotFoundError:
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    if not shutil.which("redis-server"):
        return "redis-server is not installed"
    return None


class PgServer:
    """PostgreSQL in a temporary folder. As root, the server runs as the `postgres` user."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="angisoft-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self._user = None
        if os.geteuid() == 0:
            self._user = pwd.getpwnam("postgres")
            os.chown(self.dir, self._user.pw_uid, self._user.pw_gid)

    def _run(self, *args, check=True):
        cmd = list(args)
        if self._user is not None:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)

    def init(self):
        self._run(
            _pg_bin("initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )
        self.start()
        return self

    def start(self):
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            _pg_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode="fast"):
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self):
        self.stop()
        self.start()

    def url(self, name="angisoft") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name="angisoft"):
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

    def query(self, sql: str, params=(), name="angisoft"):
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=name
        ) as conn:
            return conn.execute(sql, params).fetchall()

    def destroy(self):
        self.stop(mode="immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="angisoft-redis-"))
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        wait_for(lambda: redis.Redis(port=self.port).ping(), 20, what="redis")
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def url(self, db=0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def destroy(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Stack:
    """PostgreSQL + Redis + gunicorn + Huey consumer with settings for the tests."""

    def __init__(self, *, email_api_url: str, extra_env: dict | None = None, web_workers=2):
        self.pg = PgServer()
        self.redis = RedisServer()
        self.web_port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="angisoft-stack-"))
        self.email_api_url = email_api_url
        self.extra_env = extra_env or {}
        self.web_workers = web_workers
        self.web = None
        self.worker = None
        self._worker_logs = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env.update(
            DJANGO_SETTINGS_MODULE="ops.stack_settings",
            DATABASE_URL=self.pg.url(),
            REDIS_URL=self.redis.url(),
            HUEY_IMMEDIATE="false",
            HUEY_NAME=f"stack{self.web_port}",
            FAKE_POSTMARK_URL=self.email_api_url,
            MEDIA_ROOT=str(self.dir / "media"),
            PRIVATE_MEDIA_ROOT=str(self.dir / "private-media"),
            DB_CONN_MAX_AGE="60",
            OUTBOX_SWEEP_GRACE_SECONDS="2",
            OUTBOX_RETRY_BASE_SECONDS="1",
            OUTBOX_RETRY_MAX_SECONDS="4",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    def manage(self, *args, timeout=600) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )

    def start(self):
        self.pg.init()
        self.pg.create_database()
        self.redis.start()
        self.manage("migrate", "--noinput")
        self.start_web()
        self.start_worker()
        return self

    def start_web(self):
        log = open(self.dir / "gunicorn.log", "ab")  # noqa: SIM115
        self.web = subprocess.Popen(
            [
                str(Path(PYTHON).with_name("gunicorn")),
                "config.wsgi:application",
                "--config",  # the production hooks (no-ops without PROMETHEUS_MULTIPROC_DIR)
                "config/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.web_port}",
                "--workers",
                str(self.web_workers),
                "--threads",
                "4",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=log,
        )
        log.close()  # the child has its own copy of the descriptor
        # Generous: on a loaded 2-core machine importing the project takes most of a minute.
        wait_for(
            lambda: requests.get(f"{self.base_url}/health", timeout=2).ok, 180, what="gunicorn"
        )

    def start_worker(self, workers=2):
        self._worker_logs += 1
        log = open(self.dir / f"worker{self._worker_logs}.log", "ab")  # noqa: SIM115
        self.worker = subprocess.Popen(
            [PYTHON, "manage.py", "run_huey", "--workers", str(workers)],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=log,
        )
        log.close()
        time.sleep(1.5)
        return self.worker

    def kill_worker(self):
        if self.worker and self.worker.poll() is None:
            self.worker.send_signal(signal.SIGKILL)
            self.worker.wait(10)

    def stop_worker(self):
        if self.worker and self.worker.poll() is None:
            self.worker.send_signal(signal.SIGINT)
            try:
                self.worker.wait(15)
            except subprocess.TimeoutExpired:
                self.kill_worker()

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-4000:]}"
            for p in sorted(self.dir.glob("*.log"))
        )

    def destroy(self):
        self.stop_worker()
        if self.web and self.web.poll() is None:
            self.web.terminate()
            try:
                self.web.wait(15)
            except subprocess.TimeoutExpired:
                self.web.kill()
        self.redis.destroy()
        self.pg.destroy()
        shutil.rmtree(self.dir, ignore_errors=True)


if __name__ == "__main__":  # manual use: python -m ops.stack  (starts, prints, waits)
    sys.path.insert(0, str(ROOT))
    stack = Stack(email_api_url=os.environ.get("FAKE_POSTMARK_URL", "http://127.0.0.1:9/"))
    try:
        stack.start()
        print(stack.base_url, stack.pg.url(), stack.redis.url(), flush=True)
        signal.pause()
    finally:
        stack.destroy()
