"""Webhooks through a real (not immediate) Huey queue: the request stores and answers, the
task processes exactly once, duplicates racing it are only counted, and the sweep finds
events whose task was lost. Tasks are taken from the queue and run by hand, as a consumer
would."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import connections
from django.test import Client
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from bookings.models import BookingEvent, BookingStatus
from payments.models import Payment, PaymentStatus, WebhookEvent, WebhookStatus
from payments.tasks import sweep_webhook_inbox
from tests.payments.fakes.stripe import event
from tests.payments.helpers import create_payment, post_mpesa, post_stripe, receipts
from tests.payments.test_concurrency import booking, committed  # noqa: F401 (fixtures)

PROCESS = "process_webhook_event"


@pytest.fixture
def queue():
    """Tasks wait in the (in-memory) queue instead of running inline."""
    HUEY.immediate = False
    try:
        yield HUEY
    finally:
        HUEY.immediate = True  # a fresh storage: nothing left over leaks into other tests


def webhook_tasks(huey) -> list:
    return [t for t in huey.pending() if t.name.endswith(PROCESS)]


def take_webhook_task(huey):
    """The first queued webhook task, removed from the queue (other tasks stay)."""
    others, found = [], None
    while (task := huey.dequeue()) is not None:
        if found is None and task.name.endswith(PROCESS):
            found = task
        else:
            others.append(task)
    for task in others:
        huey.enqueue(task)
    assert found is not None, "no webhook task was queued"
    return found


def drain(huey) -> int:
    """Run every queued task (emails, documents...) as the consumer would."""
    ran = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        ran += 1
    return ran


def close_thread_connections():
    """A thread's database connection and its Redis sockets (the cache is per thread, and
    Django's Redis cache never closes its pool: an unclosed socket warns when collected)."""
    connections.close_all()
    for cache in caches.all(initialized_only=True):
        for pool in getattr(getattr(cache, "_cache", None), "_pools", {}).values():
            pool.disconnect()


def paid_transitions(of) -> int:
    return BookingEvent.objects.filter(booking=of, to_status=BookingStatus.DEPOSIT_PAID).count()


@pytest.fixture
def completed(api_client, booking, fake_stripe):  # noqa: F811 (the imported fixture)
    sid = create_payment(api_client, booking, "stripe").json()["sessionId"]
    return event("checkout.session.completed", fake_stripe.pay(sid))


@pytest.mark.django_db
def test_the_answer_comes_before_processing(
    client, api_client, fake_stripe, fake_daraja, queue, django_capture_on_commit_callbacks
):
    from tests.payments.factories import PayableBookingFactory

    booking = PayableBookingFactory()  # noqa: F811
    sid = create_payment(api_client, booking, "stripe").json()["sessionId"]
    completed = event("checkout.session.completed", fake_stripe.pay(sid))
    with django_capture_on_commit_callbacks(execute=True):
        first = post_stripe(client, completed)
        again = post_stripe(client, completed)  # before the task ran

    assert (first.status_code, first.json()) == (200, {"received": True})
    assert again.status_code == 200
    stored = WebhookEvent.objects.get()
    assert (stored.status, stored.attempts, stored.deliveries) == (WebhookStatus.RECEIVED, 0, 2)
    assert Payment.objects.get().status == PaymentStatus.PENDING
    assert paid_transitions(booking) == 0
    assert mail.outbox == []
    # One task for the event: the duplicate was counted, not queued again.
    assert [t.args for t in webhook_tasks(queue)] == [(stored.pk,)]

    # M-Pesa gets its required answer the same way, before anything is applied.
    other = PayableBookingFactory()
    cid = create_payment(api_client, other, "mpesa", phone="0712345678").json()["checkoutRequestId"]
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_mpesa(client, fake_daraja.callback(cid, 0))
    assert answer.json() == {"ResultCode": 0, "ResultDesc": "Accepted"}
    assert WebhookEvent.objects.get(provider="mpesa").status == WebhookStatus.RECEIVED
    assert len(webhook_tasks(queue)) == 2


def test_the_task_processes_the_event_exactly_once(booking, completed, queue):  # noqa: F811
    assert post_stripe(Client(), completed).status_code == 200
    task = take_webhook_task(queue)

    queue.execute(task)
    queue.execute(task)  # the same task twice (a retry, a sweep, a redelivered message)

    stored = WebhookEvent.objects.get(event_id=completed["id"])
    assert (stored.status, stored.attempts) == (WebhookStatus.PROCESSED, 1)
    assert Payment.objects.get(booking=booking).status == PaymentStatus.SUCCEEDED
    assert paid_transitions(booking) == 1
    drain(queue)
    assert len(receipts(mail.outbox)) == 1


def test_a_duplicate_racing_the_task_is_counted_without_a_second_effect(
    booking,  # noqa: F811
    completed,
    queue,
    monkeypatch,
):
    from payments.gateways.stripe import webhooks as stripe_webhooks

    assert post_stripe(Client(), completed).status_code == 200
    task = take_webhook_task(queue)
    entered, go = threading.Event(), threading.Event()
    handler = stripe_webhooks.HANDLERS["checkout.session.completed"]

    def held(payload):  # the task is mid-processing, holding the inbox row's lock
        entered.set()
        assert go.wait(timeout=30)
        return handler(payload)

    monkeypatch.setitem(stripe_webhooks.HANDLERS, "checkout.session.completed", held)
    answers = []

    def run_task():
        try:
            queue.execute(task)
        finally:
            close_thread_connections()

    def post_duplicate():
        try:
            answers.append(post_stripe(Client(), completed).status_code)
        finally:
            close_thread_connections()

    worker = threading.Thread(target=run_task)
    worker.start()
    assert entered.wait(timeout=30)
    duplicate = threading.Thread(target=post_duplicate)
    duplicate.start()
    duplicate.join(timeout=30)  # answered while the task still holds the row: no lock waited
    assert not duplicate.is_alive()
    go.set()
    worker.join(timeout=60)

    assert answers == [200]
    stored = WebhookEvent.objects.get(event_id=completed["id"])
    assert (stored.status, stored.attempts) == (WebhookStatus.PROCESSED, 1)
    assert webhook_tasks(queue) == []  # counted, not queued for processing a second time
    assert paid_transitions(booking) == 1
    drain(queue)  # the consumer adds the count the duplicate could not write under the lock
    stored.refresh_from_db()
    assert (stored.attempts, stored.deliveries) == (1, 2)
    assert paid_transitions(booking) == 1
    assert len(receipts(mail.outbox)) == 1


def test_the_sweep_processes_a_stale_received_event_once(
    booking,  # noqa: F811
    completed,
    queue,
    settings,
):
    settings.WEBHOOK_SWEEP_GRACE_SECONDS = 300
    assert post_stripe(Client(), completed).status_code == 200
    take_webhook_task(queue)  # the task is lost (a worker died, the queue was flushed)
    stored = WebhookEvent.objects.get(event_id=completed["id"])

    assert sweep_webhook_inbox.call_local() == 0  # not stale yet: its task may still come
    WebhookEvent.objects.filter(pk=stored.pk).update(
        received_at=timezone.now() - timedelta(seconds=301)
    )
    assert sweep_webhook_inbox.call_local() == 1
    assert sweep_webhook_inbox.call_local() == 1  # a second sweep before the task ran
    assert [t.args for t in webhook_tasks(queue)] == [(stored.pk,), (stored.pk,)]
    drain(queue)

    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (WebhookStatus.PROCESSED, 1)
    assert Payment.objects.get(booking=booking).status == PaymentStatus.SUCCEEDED
    assert paid_transitions(booking) == 1
    assert len(receipts(mail.outbox)) == 1
    assert sweep_webhook_inbox.call_local() == 0  # processed events are left alone
