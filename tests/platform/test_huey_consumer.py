"""In Redis mode a task waits in the queue until a real `run_huey` consumer executes it."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]


def _env(redis_url, mail_dir, queue_name):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        REDIS_URL=redis_url,
        HUEY_IMMEDIATE="false",
        HUEY_NAME=queue_name,
        EMAIL_PROVIDER="file",
        EMAIL_FILE_PATH=str(mail_dir),
        DATABASE_URL=f"sqlite:///{mail_dir.parent / 'consumer.sqlite3'}",
    )
    return env


def test_redis_task_is_run_by_real_consumer(redis_url, tmp_path):
    mail_dir = tmp_path / "mail"
    queue_name = f"test-{uuid.uuid4().hex[:8]}"
    env = _env(redis_url, mail_dir, queue_name)

    enqueue = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from core.tasks import deliver_email;"
            "deliver_email('platform_test', ['ops@angisoft.test'], {'marker': 'queued-in-redis'})",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert enqueue.returncode == 0, enqueue.stderr
    conn = redis.Redis.from_url(redis_url)
    queue_key = f"huey.redis.{queue_name.replace('-', '')}"
    assert conn.llen(queue_key) == 1, "the task should wait in Redis, not run inline"
    assert not mail_dir.exists()

    consumer = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (mail_dir.exists() and any(mail_dir.iterdir())):
            time.sleep(0.2)
    finally:
        consumer.terminate()
        output = consumer.communicate(timeout=30)[0]
        conn.delete(
            queue_key,
            f"huey.results.{queue_name.replace('-', '')}",
            f"huey.schedule.{queue_name.replace('-', '')}",
        )

    files = list(mail_dir.iterdir()) if mail_dir.exists() else []
    assert len(files) == 1, output
    sent = files[0].read_text()
    assert "To: ops@angisoft.test" in sent
    assert "queued-in-redis" in sent
    assert conn.llen(queue_key) == 0
