from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task
from huey.exceptions import RetryTask

from cms import services


@db_task()
def deliver_webhook(delivery_id: int) -> None:
    delay = services.webhook_deliver(delivery_id)
    if delay is not None:
        raise RetryTask(delay=delay)


@db_task(retries=3, retry_delay=60)
def purge_frontend_cache() -> None:
    services.frontend_cache_purge()


@db_periodic_task(crontab(minute="*"))
def publish_scheduled() -> None:
    """Wagtail's scheduled publishing: go live / expire pages, snippets and settings."""
    from django.core.management import call_command

    call_command("publish_scheduled")


@db_periodic_task(crontab(minute="*/5"))
def sweep_webhook_deliveries() -> int:
    """Deliveries whose task was lost (a killed worker, Redis down at commit)."""
    from cms.sweeps import webhook_deliveries_sweep

    return webhook_deliveries_sweep()
