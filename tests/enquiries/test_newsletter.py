"""Newsletter double opt-in through HTTP: same answer for every address, hashed tokens,
idempotent confirm and unsubscribe GETs, one-click unsubscribe and its headers."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail

from core.mail import outbox_deliver
from core.models import OutboxEmail
from enquiries.models import NewsletterSubscriber, SubscriberStatus
from tests.enquiries.conftest import throttle

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/api/newsletter/subscribe"
CONFIRM = "/api/newsletter/confirm"
UNSUBSCRIBE = "/api/newsletter/unsubscribe"


def token_from(message, path):
    url = re.search(rf"(http\S+{re.escape(path)}\?token=\S+)", message.body).group(1)
    parsed = urlparse(url)
    assert parsed.path == path
    return parse_qs(parsed.query)["token"][0], url


def subscribe(api, email="reader@example.test", **kw):
    return api.post(SUBSCRIBE, {"email": email}, format="json", **kw)


def confirm_token(api, email="reader@example.test"):
    mail.outbox.clear()
    assert subscribe(api, email).status_code == 200
    (message,) = mail.outbox
    return token_from(message, "/newsletter/confirm")[0]


def test_subscribe_sends_a_confirmation_link_to_the_spa(api, settings):
    response = subscribe(api, "Reader@Example.test")
    assert response.status_code == 200
    assert set(response.json()) == {"ok", "message"}
    assert response.json()["ok"] is True
    (message,) = mail.outbox
    assert message.to == ["reader@example.test"]
    token, url = token_from(message, "/newsletter/confirm")
    assert url.startswith(f"{settings.FRONTEND_URL}/newsletter/confirm?token=")
    subscriber = NewsletterSubscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.email == "reader@example.test"
    # Only hashes are stored.
    stored = [getattr(subscriber, f.attname) for f in NewsletterSubscriber._meta.fields]
    assert token not in [str(v) for v in stored]


def test_same_answer_for_new_pending_and_confirmed_addresses(api):
    first = subscribe(api).json()
    again_pending = subscribe(api).json()
    token = confirm_token(api)
    assert api.get(CONFIRM, {"token": token}).status_code == 200
    mail.outbox.clear()
    confirmed = subscribe(api)
    assert confirmed.status_code == 200
    assert first == again_pending == confirmed.json()
    assert mail.outbox == []  # a stranger cannot make us mail a confirmed subscriber
    assert NewsletterSubscriber.objects.count() == 1


def test_confirm_is_idempotent_and_sends_a_welcome_with_list_unsubscribe(api, settings):
    token = confirm_token(api)
    mail.outbox.clear()
    first = api.get(CONFIRM, {"token": token})
    assert first.status_code == 200
    assert set(first.json()) == {"ok", "message"}
    assert "confirmed" in first.json()["message"].lower()
    subscriber = NewsletterSubscriber.objects.get()
    assert subscriber.status == SubscriberStatus.CONFIRMED and subscriber.confirmed_at
    (welcome,) = mail.outbox
    unsubscribe_token, url = token_from(welcome, "/newsletter/unsubscribe")
    assert url.startswith(f"{settings.FRONTEND_URL}/newsletter/unsubscribe?token=")
    header = welcome.extra_headers["List-Unsubscribe"]
    assert header == (
        f"<{settings.BACKEND_URL}/api/newsletter/unsubscribe?token={unsubscribe_token}>"
    )
    assert welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Message-ID" in welcome.extra_headers  # the outbox's own header survives
    assert welcome.message()["List-Unsubscribe"] == header  # really in the sent message

    second = api.get(CONFIRM, {"token": token})
    assert second.status_code == 200
    assert second.json()["message"] != first.json()["message"]
    assert len(mail.outbox) == 1  # no second welcome


def test_unsubscribe_is_idempotent(api):
    token = confirm_token(api)
    api.get(CONFIRM, {"token": token})
    unsubscribe_token, _ = token_from(mail.outbox[-1], "/newsletter/unsubscribe")
    first = api.get(UNSUBSCRIBE, {"token": unsubscribe_token})
    assert first.status_code == 200 and set(first.json()) == {"ok", "message"}
    assert NewsletterSubscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED
    second = api.get(UNSUBSCRIBE, {"token": unsubscribe_token})
    assert second.status_code == 200
    assert NewsletterSubscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED
    # The old confirmation link does not subscribe them again.
    stale = api.get(CONFIRM, {"token": token})
    assert stale.status_code == 400 and stale.json()["error"]
    assert NewsletterSubscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED


def test_one_click_unsubscribe_post(api):
    token = confirm_token(api)
    api.get(CONFIRM, {"token": token})
    unsubscribe_token, _ = token_from(mail.outbox[-1], "/newsletter/unsubscribe")
    response = api.post(
        f"{UNSUBSCRIBE}?token={unsubscribe_token}",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert NewsletterSubscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED


def test_resubscribe_after_unsubscribing_needs_a_new_confirmation(api):
    token = confirm_token(api)
    api.get(CONFIRM, {"token": token})
    unsubscribe_token, _ = token_from(mail.outbox[-1], "/newsletter/unsubscribe")
    api.get(UNSUBSCRIBE, {"token": unsubscribe_token})
    new_token = confirm_token(api)
    assert NewsletterSubscriber.objects.get().status == SubscriberStatus.PENDING
    assert api.get(CONFIRM, {"token": new_token}).status_code == 200
    assert NewsletterSubscriber.objects.get().status == SubscriberStatus.CONFIRMED


@pytest.mark.parametrize("path", [CONFIRM, UNSUBSCRIBE])
@pytest.mark.parametrize("token", ["", "nonsense", "x" * 500])
def test_bad_tokens_are_4xx_with_a_sentence(api, path, token):
    response = api.get(path, {"token": token} if token else {})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_token" and body["error"]


def test_expired_confirmation(api):
    token = confirm_token(api)
    NewsletterSubscriber.objects.update(
        confirm_sent_at=NewsletterSubscriber.objects.get().confirm_sent_at - timedelta(days=8)
    )
    response = api.get(CONFIRM, {"token": token})
    assert response.status_code == 400
    assert "expired" in response.json()["error"]
    assert NewsletterSubscriber.objects.get().status == SubscriberStatus.PENDING


def test_a_newer_link_replaces_the_older_one(api):
    old = confirm_token(api)
    new = confirm_token(api)
    assert api.get(CONFIRM, {"token": old}).status_code == 400
    assert api.get(CONFIRM, {"token": new}).status_code == 200


def test_invalid_email_is_a_400(api):
    response = subscribe(api, "not-an-email")
    assert response.status_code == 400
    assert response.json()["error"].startswith("Email:")
    assert NewsletterSubscriber.objects.count() == 0


def test_rate_limits_per_ip_and_per_address(api, settings):
    throttle(settings, "newsletter_address", "2/hour")
    assert subscribe(api, "target@example.test").status_code == 200
    assert subscribe(api, "target@example.test", REMOTE_ADDR="10.0.0.2").status_code == 200
    flooded = subscribe(api, "TARGET@example.test", REMOTE_ADDR="10.0.0.3")
    assert flooded.status_code == 429 and flooded.json()["error"]
    assert len(mail.outbox) == 2

    throttle(settings, "newsletter", "1/hour")
    assert subscribe(api, "a@example.test", REMOTE_ADDR="10.0.0.9").status_code == 200
    assert subscribe(api, "b@example.test", REMOTE_ADDR="10.0.0.9").status_code == 429


def test_stale_bearer_does_not_401(api):
    api.credentials(HTTP_AUTHORIZATION="Bearer old")
    assert subscribe(api).status_code == 200
    assert api.get(CONFIRM, {"token": "nope"}).status_code == 400


def test_headers_survive_the_outbox_when_sent_later(db):
    """The headers are stored on the outbox row, so a retry sends them too."""
    from django.db import transaction

    from core.mail import send_email_on_commit

    with transaction.atomic():
        email = send_email_on_commit(
            "newsletter_welcome",
            "later@example.test",
            {"unsubscribe_url": "http://frontend.test/newsletter/unsubscribe?token=t"},
            headers={"List-Unsubscribe": "<http://testserver/x>"},
        )
    assert OutboxEmail.objects.get(pk=email.pk).headers == {
        "List-Unsubscribe": "<http://testserver/x>"
    }
    assert outbox_deliver(email.pk) == 1
    assert mail.outbox[-1].extra_headers["List-Unsubscribe"] == "<http://testserver/x>"
