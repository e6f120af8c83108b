"""Huey on Redis that survives a Redis outage at enqueue time.

``ResilientRedisHuey`` stores a message it cannot push (connection refused, timeout) in the
DeferredTask table instead of raising into the request that queued it; the periodic
``requeue_deferred_tasks`` task pushes those messages once Redis is back. Callers keep
using tasks as usual (`my_task(...)`, `.schedule(...)`)."""

import logging

from huey import RedisHuey
from huey.storage import RedisStorage
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("angisoft.queue")
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class ResilientRedisStorage(RedisStorage):
    def enqueue(self, data, priority=None):
        try:
            return super().enqueue(data, priority)
        except _UNREACHABLE as exc:
            from core.models import DeferredTask

            DeferredTask.objects.create(data=data, priority=priority, error=str(exc)[:500])
            logger.warning("Redis unreachable: task deferred to the database (%s)", exc)
            return None


class ResilientRedisHuey(RedisHuey):
    storage_class = ResilientRedisStorage


def requeue_deferred_tasks(huey, *, limit: int = 1000) -> int:
    """Push deferred messages to the queue, oldest first; stop at the first failure."""
    from core.models import DeferredTask

    storage = huey.storage
    # Past the resilient wrapper, so a failed push stops here instead of deferring again.
    # Rows left from a Redis setup go to whatever queue is configured now.
    if isinstance(storage, RedisStorage):

        def push(data, priority):
            return RedisStorage.enqueue(storage, data, priority)
    else:
        push = storage.enqueue
    pushed = 0
    for task in DeferredTask.objects.order_by("id")[:limit]:
        try:
            push(bytes(task.data), task.priority)
        except _UNREACHABLE:
            break
        task.delete()
        pushed += 1
    if pushed:
        logger.info("requeued %s deferred task(s)", pushed)
    return pushed
