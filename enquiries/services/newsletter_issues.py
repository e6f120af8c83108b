"""Sending a newsletter issue: staff start it once; batches of confirmed subscribers are
then queued through the email outbox, each email with its own unsubscribe link and
List-Unsubscribe headers. The issue row is locked per batch and carries the cursor, so
concurrent or repeated batch tasks never queue the same subscriber twice."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import record
from core.mail import send_email_on_commit
from enquiries.models import NewsletterIssue, NewsletterSubscriber, SubscriberStatus
from enquiries.services.newsletter import list_unsubscribe_headers, unsubscribe_url

AUDIT_SEND = "angisoft.newsletter.send"
S = NewsletterIssue.Status


def _batch_size() -> int:
    return getattr(settings, "NEWSLETTER_BATCH_SIZE", 200)


def _queue_next_batch(issue_id: int) -> None:
    from enquiries.tasks import send_newsletter_batch

    transaction.on_commit(lambda: send_newsletter_batch(issue_id))


def newsletter_issue_send(*, issue_id: int, actor, request=None) -> NewsletterIssue:
    """Start sending a draft (or resume one whose batches stopped)."""
    with transaction.atomic():
        issue = NewsletterIssue.objects.select_for_update().get(pk=issue_id)
        if issue.status == S.SENT:
            raise ValidationError("This issue has already been sent.")
        if issue.status == S.DRAFT:
            issue.status = S.SENDING
            issue.send_started_at = timezone.now()
            issue.save(update_fields=["status", "send_started_at"])
        record(AUDIT_SEND, instance=issue, actor=actor, request=request)
        _queue_next_batch(issue.pk)
    return issue


def newsletter_issue_send_batch(*, issue_id: int) -> int:
    """Queue the next batch of emails for an issue being sent; returns how many."""
    with transaction.atomic():
        issue = NewsletterIssue.objects.select_for_update().filter(pk=issue_id).first()
        if issue is None or issue.status != S.SENDING:
            return 0
        batch = list(
            NewsletterSubscriber.objects.filter(
                status=SubscriberStatus.CONFIRMED, pk__gt=issue.last_subscriber_id
            ).order_by("pk")[: _batch_size()]
        )
        for subscriber in batch:
            send_email_on_commit(
                "newsletter_issue",
                subscriber.email,
                {
                    "subject": issue.subject,
                    "body": issue.body,
                    "unsubscribe_url": unsubscribe_url(subscriber),
                },
                headers=list_unsubscribe_headers(subscriber),
            )
        if batch:
            issue.last_subscriber_id = batch[-1].pk
            issue.recipients_queued += len(batch)
        if len(batch) < _batch_size():
            issue.status = S.SENT
            issue.sent_at = timezone.now()
        else:
            _queue_next_batch(issue.pk)
        issue.save(update_fields=["last_subscriber_id", "recipients_queued", "status", "sent_at"])
    return len(batch)
