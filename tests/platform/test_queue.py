"""Redis down when a task is queued: the message waits in the database and is pushed to
the queue, byte for byte, once Redis answers again."""

import uuid

import pytest
import redis
from huey.contrib.djhuey import HUEY, task

from core.models import DeferredTask
from core.queue import ResilientRedisStorage, requeue_deferred_tasks


@task()
def _noted(value):
    return value


class _Huey:
    def __init__(self, storage):
        self.storage = storage


@pytest.mark.django_db
def test_task_queued_while_redis_is_down_is_kept_and_requeued(redis_url, monkeypatch):
    name = f"queue-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", ResilientRedisStorage(name, url="redis://127.0.0.1:9/0"))

    _noted("kept")  # must not raise
    _noted("kept too")
    deferred = list(DeferredTask.objects.all())
    assert len(deferred) == 2
    assert "Connection refused" in deferred[0].error or deferred[0].error

    live = ResilientRedisStorage(name, url=redis_url)
    try:
        # Redis still down for the requeue: nothing is lost.
        assert requeue_deferred_tasks(_Huey(HUEY.storage)) == 0
        assert DeferredTask.objects.count() == 2

        assert requeue_deferred_tasks(_Huey(live)) == 2
        assert DeferredTask.objects.count() == 0
        assert live.queue_size() == 2
        messages = [live.dequeue(), live.dequeue()]
        assert [bytes(t.data) for t in deferred] == messages
        task_obj = HUEY.deserialize_task(messages[0])
        assert task_obj.args == ("kept",)
    finally:
        live.flush_all()


def test_requeue_with_nothing_deferred(db, redis_url):
    live = ResilientRedisStorage(f"queue-{uuid.uuid4().hex[:8]}", url=redis_url)
    assert requeue_deferred_tasks(_Huey(live)) == 0
    assert redis.Redis.from_url(redis_url).ping()


def test_rows_deferred_under_redis_go_to_the_embedded_queue(db, tmp_path):
    """A database switched from Redis to the embedded queue still delivers what waited."""
    from huey.storage import SqliteStorage

    DeferredTask.objects.create(data=b"waiting message", priority=None, error="Redis down")
    storage = SqliteStorage("embedded", filename=str(tmp_path / "queue.db"))
    assert requeue_deferred_tasks(_Huey(storage)) == 1
    assert DeferredTask.objects.count() == 0
    assert storage.dequeue() == b"waiting message"
