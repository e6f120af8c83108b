from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, task
from huey.exceptions import RetryTask

from core.mail import backoff_seconds, outbox_deliver, outbox_sweep, render_email


@task(retries=5, retry_delay=30)
def deliver_email(template: str, recipients: list[str], context: dict) -> int:
    """Send without the outbox (no database). Application code uses send_email_on_commit."""
    message = render_email(template, context)
    message.to = recipients
    return message.send()


@db_task()
def deliver_outbox_email(email_id: int) -> int | None:
    result = outbox_deliver(email_id)
    if result == 0:
        from core.models import OutboxEmail

        attempts = OutboxEmail.objects.values_list("attempts", flat=True).get(pk=email_id)
        raise RetryTask(f"outbox email {email_id} failed", delay=backoff_seconds(attempts))
    return result


@db_periodic_task(crontab(minute="*"))
def sweep_outbox() -> int:
    return outbox_sweep()


@db_periodic_task(crontab(minute="*"))
def requeue_deferred_tasks() -> int:
    from core.queue import requeue_deferred_tasks as requeue

    return requeue(HUEY)


# Messages queued while this app lived in config/ (the Redis queue, retry schedules,
# DeferredTask rows) name "config.tasks.<task>". Huey looks names up in its registry, so
# the old names point at the same tasks; a retry is queued again under the new name.
LEGACY_TASK_MODULE = "config.tasks"


def _accept_legacy_names(*wrappers) -> None:
    for wrapper in wrappers:
        task_class = wrapper.task_class
        HUEY._registry._registry.setdefault(
            f"{LEGACY_TASK_MODULE}.{task_class.__name__}", task_class
        )


_accept_legacy_names(deliver_email, deliver_outbox_email, sweep_outbox, requeue_deferred_tasks)
