"""Huey tasks: fetch and call a service, nothing else."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from portal.services import access, projects


@db_task(retries=3, retry_delay=30)
def send_portal_link(email: str) -> None:
    """Runs the lookup outside the request, so the API answers alike for every email."""
    access.portal_link_request(email=email)


@db_task(retries=3, retry_delay=60)
def open_client_project(booking_id: int) -> None:
    projects.client_project_open(booking_id=booking_id)


@db_periodic_task(crontab(minute="23", hour="3"))
def purge_portal_access() -> int:
    return access.portal_access_purge()
