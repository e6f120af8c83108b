"""Publish webhooks: a signed JSON event per configured endpoint, delivered by Huey with
retries and exponential backoff, each attempt in the delivery log. The receiver is a real
HTTP server on 127.0.0.1 started by the test."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from huey.contrib.djhuey import HUEY

from cms import services
from cms.models import WebhookDelivery, WebhookEndpoint
from tests.cms.factories import ReviewFactory, blog_post

pytestmark = pytest.mark.django_db


class Receiver:
    """A frontend revalidation hook: records requests, answers with scripted statuses."""

    def __init__(self, statuses=(200,)):
        self.requests = []
        self.statuses = list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = (
                    receiver.statuses.pop(0)
                    if len(receiver.statuses) > 1
                    else (receiver.statuses[0])
                )
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/revalidate"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    servers = []

    def start(statuses=(200,)):
        server = Receiver(statuses)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def verify(secret, headers, body):
    timestamp = headers["X-AngiSoft-Timestamp"]
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(headers["X-AngiSoft-Signature"], "sha256=" + expected.hexdigest())


def test_publish_posts_signed_event_to_each_endpoint(tree, receiver, commit):
    first, second = receiver(), receiver()
    a = WebhookEndpoint.objects.create(name="Frontend", url=first.url)
    b = WebhookEndpoint.objects.create(name="Preview site", url=second.url)
    WebhookEndpoint.objects.create(name="Off", url=first.url + "/off", is_active=False)

    post = commit(blog_post, tree, 1)

    assert len(first.requests) == 1 and len(second.requests) == 1
    headers, body = first.requests[0]
    event = json.loads(body)
    assert event["event"] == "page.published"
    assert event["model"] == "cms.blogpostpage"
    assert event["id"] == str(post.pk) and event["slug"] == "post-1"
    assert event["path"] == "/blog/post-1"
    assert event["url"] == "http://frontend.test/blog/post-1"
    assert headers["X-AngiSoft-Event"] == "page.published"
    assert headers["Content-Type"] == "application/json"
    assert verify(a.secret, headers, body)
    assert not verify(b.secret, headers, body)  # each endpoint has its own secret
    assert verify(b.secret, *second.requests[0])
    assert not verify(a.secret, headers, body + b" ")  # any change breaks the signature

    delivery = WebhookDelivery.objects.get(endpoint=a)
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert delivery.attempts == 1 and delivery.response_status == 200
    assert headers["X-AngiSoft-Delivery"] == str(delivery.pk)


def test_unpublish_delete_and_snippet_changes_send_events(tree, receiver, commit):
    hook = receiver()
    WebhookEndpoint.objects.create(name="Frontend", url=hook.url)
    post = commit(blog_post, tree, 1)
    commit(post.unpublish)
    commit(post.delete)
    commit(ReviewFactory)
    events = [json.loads(body)["event"] for _, body in hook.requests]
    assert events[:3] == ["page.published", "page.unpublished", "page.deleted"]
    assert "content.saved" in events[3:]


def test_failed_delivery_is_retried_with_backoff_then_delivered(tree, receiver, commit, settings):
    settings.CMS_WEBHOOK_RETRY_BASE_SECONDS = 30
    hook = receiver(statuses=(500, 503, 200))
    endpoint = WebhookEndpoint.objects.create(name="Flaky", url=hook.url)
    HUEY.flush()

    commit(blog_post, tree, 1)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == WebhookDelivery.Status.RETRYING
    assert delivery.attempts == 1 and delivery.response_status == 500
    assert "HTTP 500" in delivery.last_error

    # Huey holds the retry in its schedule, 30 s later (then 60 s: exponential).
    delays = []
    for expected_attempts in (2, 3):
        [scheduled] = HUEY.scheduled()
        delays.append(
            (scheduled.eta - delivery.last_attempt_at.replace(tzinfo=None)).total_seconds()
        )
        HUEY.storage.flush_schedule()
        HUEY.execute(scheduled, timestamp=scheduled.eta)  # the consumer, once due
        delivery.refresh_from_db()
        assert delivery.attempts == expected_attempts
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert HUEY.scheduled() == []
    assert 25 <= delays[0] <= 35 and 55 <= delays[1] <= 65
    assert len(hook.requests) == 3
    # every attempt carries the same event, freshly signed
    assert all(verify(endpoint.secret, h, b) for h, b in hook.requests)


def test_delivery_gives_up_after_max_attempts(receiver, settings, db):
    settings.CMS_WEBHOOK_MAX_ATTEMPTS = 2
    hook = receiver(statuses=(500,))
    endpoint = WebhookEndpoint.objects.create(name="Down", url=hook.url)
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event="x", payload={"event": "x"})
    assert services.webhook_deliver(delivery.pk) == 30
    assert services.webhook_deliver(delivery.pk) is None
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED and delivery.attempts == 2
    assert services.webhook_deliver(delivery.pk) is None  # final: not sent again
    assert len(hook.requests) == 2


def test_unreachable_endpoint_is_logged(db, settings):
    endpoint = WebhookEndpoint.objects.create(name="Nowhere", url="http://127.0.0.1:9/hook")
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event="x", payload={})
    assert services.webhook_deliver(delivery.pk) == settings.CMS_WEBHOOK_RETRY_BASE_SECONDS
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.RETRYING
    assert "ConnectionError" in delivery.last_error


def test_delivery_log_visible_in_admin(client, admin_user, db):
    endpoint = WebhookEndpoint.objects.create(name="Frontend", url="http://127.0.0.1:9/x")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="page.published", payload={"event": "page.published"}
    )
    client.force_login(admin_user)
    listing = client.get("/admin/webhook-deliveries/")
    assert listing.status_code == 200 and b"page.published" in listing.content
    inspect = client.get(f"/admin/webhook-deliveries/inspect/{delivery.pk}/")
    assert inspect.status_code == 200


class PurgeReceiver(Receiver):
    """A caching proxy's purge endpoint (wagtail.contrib.frontend_cache HTTPBackend)."""

    def __init__(self):
        super().__init__()
        receiver = self
        handler = self.server.RequestHandlerClass

        def do_purge(self):
            receiver.requests.append((self.headers["Host"], self.path))
            self.send_response(200)
            self.end_headers()

        handler.do_PURGE = do_purge


def test_cdn_purge_of_api_urls_on_publish(tree, commit, settings):
    proxy = PurgeReceiver()
    try:
        settings.WAGTAILFRONTENDCACHE = {
            "local": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": proxy.url.rsplit("/api/", 1)[0],
            }
        }
        commit(blog_post, tree, 1)
    finally:
        proxy.close()
    purged = {(host, path) for host, path in proxy.requests}
    assert ("testserver", "/api/blogs") in purged
    assert ("testserver", "/api/services") in purged
    assert ("testserver", "/api/site/all") in purged
