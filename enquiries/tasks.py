"""Huey tasks: fetch and call a service, nothing else."""

from huey.contrib.djhuey import db_task

from enquiries.services.newsletter_issues import newsletter_issue_send_batch


@db_task(retries=3, retry_delay=60)
def send_newsletter_batch(issue_id: int) -> int:
    return newsletter_issue_send_batch(issue_id=issue_id)
