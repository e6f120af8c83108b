"""Huey tasks: fetch and call a service, nothing else."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from bookings.services.files import booking_file_process
from bookings.services.links import booking_links_send
from bookings.sweeps import booking_files_sweep


@db_task(retries=3, retry_delay=60)
def process_booking_file(file_id: int):
    """Checksum, type re-check and thumbnail for one uploaded file."""
    booking_file_process(file_id=file_id)


@db_periodic_task(crontab(minute="*/5"))
def sweep_booking_files() -> int:
    """Files whose processing task was lost (a killed worker, Redis down at commit)."""
    return booking_files_sweep()


@db_task(retries=3, retry_delay=60)
def email_booking_links(email: str, reference: str = ""):
    """Tracking links for an address that asked (looked up here, not in the request)."""
    booking_links_send(email=email, reference=reference)
