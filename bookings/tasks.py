"""Huey tasks: fetch and call a service, nothing else."""

from huey.contrib.djhuey import db_task

from bookings import services


@db_task(retries=3, retry_delay=60)
def process_booking_file(file_id: int):
    """Checksum, type re-check and thumbnail for one uploaded file."""
    services.booking_file_process(file_id=file_id)
