"""Sending a newsletter issue from the admin: batches through the outbox, one email per
confirmed subscriber with their own unsubscribe link and headers, never twice."""

import pytest
from django.core import mail

from enquiries.models import NewsletterIssue, NewsletterSubscriber, SubscriberStatus
from enquiries.services.newsletter import hash_token
from tests.accounts.factories import make_staff

pytestmark = pytest.mark.django_db

ISSUES = "/admin/newsletter/issues/"


def subscriber(email, status=SubscriberStatus.CONFIRMED):
    from enquiries.services.newsletter import new_nonce

    row = NewsletterSubscriber(email=email, status=status)
    new_nonce(row)
    row.save()
    return row


@pytest.fixture
def audience(db):
    confirmed = [subscriber(f"reader{i}@example.test") for i in range(5)]
    subscriber("pending@example.test", SubscriberStatus.PENDING)
    subscriber("gone@example.test", SubscriberStatus.UNSUBSCRIBED)
    return confirmed


def test_marketing_writes_and_sends_an_issue_in_batches(
    client, audience, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    client.force_login(make_staff("marketing"))
    response = client.post(
        f"{ISSUES}new/", {"subject": "November news", "body": "Hello readers.\n\nWe shipped."}
    )
    assert response.status_code == 302, response.content
    issue = NewsletterIssue.objects.get()
    assert issue.status == NewsletterIssue.Status.DRAFT
    page = client.get(f"{ISSUES}inspect/{issue.pk}/").content.decode()
    assert "Send to 5 confirmed subscribers" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{ISSUES}send/{issue.pk}/")
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT and issue.recipients_queued == 5
    assert sorted(m.to[0] for m in mail.outbox) == [f"reader{i}@example.test" for i in range(5)]
    for message in mail.outbox:
        assert message.subject == "November news" and "We shipped." in message.body
        header = message.extra_headers["List-Unsubscribe"]
        token = header.split("token=")[1].rstrip(">")
        row = NewsletterSubscriber.objects.get(email=message.to[0])
        assert hash_token(token) == row.unsubscribe_token_hash  # their own link
        assert f"/newsletter/unsubscribe?token={token}" in message.body
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Sending again sends nothing; a sent issue cannot be edited.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"{ISSUES}send/{issue.pk}/", follow=True)
    assert "already been sent" in again.content.decode()
    assert mail.outbox == []
    assert client.get(f"{ISSUES}edit/{issue.pk}/").status_code in (302, 403)


def test_a_repeated_batch_task_does_not_mail_twice(audience, django_capture_on_commit_callbacks):
    from enquiries.services.newsletter_issues import newsletter_issue_send_batch

    issue = NewsletterIssue.objects.create(
        subject="Hi", body="Text", status=NewsletterIssue.Status.SENDING
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert newsletter_issue_send_batch(issue_id=issue.pk) == 5
        assert newsletter_issue_send_batch(issue_id=issue.pk) == 0
    assert len(mail.outbox) == 5


def test_developers_cannot_see_or_send_issues(client, audience):
    issue = NewsletterIssue.objects.create(subject="Hi", body="Text")
    client.force_login(make_staff("developer"))
    assert client.get(ISSUES).status_code in (302, 403)
    response = client.post(f"{ISSUES}send/{issue.pk}/")
    assert response.status_code in (302, 403)
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.DRAFT and mail.outbox == []
