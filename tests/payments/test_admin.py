"""Wagtail admin: payments list/inspect, refunds (permission-checked, audited, confirmed by
webhook), the webhook inbox with replay, and the reconciliation report."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from payments.models import Payment, PaymentStatus, Refund, RefundStatus, WebhookEvent
from tests.factories import UserFactory
from tests.payments.fakes.stripe import event
from tests.payments.helpers import create_payment, post_stripe

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(api_client, client, booking, fake_stripe, django_capture_on_commit_callbacks):
    sid = create_payment(api_client, booking, "stripe").json()["sessionId"]
    with django_capture_on_commit_callbacks(execute=True):
        post_stripe(client, event("checkout.session.completed", fake_stripe.pay(sid)))
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.SUCCEEDED
    return payment


def assert_refused(response):
    """Wagtail answers a PermissionDenied in its admin with a redirect to the dashboard."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def staff_with(*codenames):
    group = Group.objects.create(name="-".join(codenames) or "none")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(codename=codename))
    return UserFactory(groups=[group])


def test_list_and_inspect(client, admin_user, paid):
    client.force_login(admin_user)

    listing = client.get(reverse("payment:index"))
    inspect = client.get(reverse("payment:inspect", args=[paid.pk]))

    assert listing.status_code == 200
    assert paid.provider_reference in listing.content.decode()
    assert inspect.status_code == 200
    assert "KES 1,500.00" in inspect.content.decode()
    assert reverse("payment:refund", args=[paid.pk]) in inspect.content.decode()


def test_admin_cannot_edit_or_delete_payments(client, admin_user, paid):
    client.force_login(admin_user)
    assert client.get(reverse("payment:edit", args=[paid.pk])).status_code in (302, 403)
    assert client.post(reverse("payment:delete", args=[paid.pk])).status_code in (302, 403)
    assert Payment.objects.filter(pk=paid.pk).exists()


def test_refund_is_requested_audited_and_confirmed_by_webhook(
    client, admin_user, paid, fake_stripe, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)

    response = client.post(
        reverse("payment:refund", args=[paid.pk]), {"amount": "500.00", "reason": "Scope cut"}
    )

    assert response.status_code == 302
    refund = Refund.objects.get()
    assert (refund.amount_minor, refund.status) == (50000, RefundStatus.PENDING)
    (call,) = fake_stripe.calls("POST", "/v1/refunds")
    assert call["headers"]["Idempotency-Key"] == f"refund-{paid.pk}-1"
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.SUCCEEDED  # not until the provider confirms
    entry = ModelLogEntry.objects.get(action="angisoft.payment.refund")
    assert entry.user == admin_user
    assert entry.data["amount"] == "500.00"

    charge = fake_stripe.charge_for(paid.provider_reference)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_stripe(client, event("charge.refunded", charge)).status_code == 200

    paid.refresh_from_db()
    assert paid.status == PaymentStatus.PARTIALLY_REFUNDED
    assert paid.amount_refunded_minor == 50000
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    # The client hears about it once, even if Stripe tells us twice.
    with django_capture_on_commit_callbacks(execute=True):
        post_stripe(client, event("charge.refunded", charge))
    (notice,) = [m for m in mail.outbox if m.subject.startswith("Refund of")]
    assert "KES 500.00" in notice.subject
    assert paid.booking.client.email in notice.to


def test_refund_needs_the_permission(client, paid):
    viewer = staff_with("view_payment")
    client.force_login(viewer)

    assert client.get(reverse("payment:inspect", args=[paid.pk])).status_code == 200
    response = client.post(reverse("payment:refund", args=[paid.pk]), {"amount": "100"})

    assert_refused(response)
    assert Refund.objects.count() == 0


def test_refund_cannot_exceed_what_was_paid(client, paid, fake_stripe):
    client.force_login(staff_with("view_payment", "refund_payment"))

    response = client.post(reverse("payment:refund", args=[paid.pk]), {"amount": "1500.01"})

    assert response.status_code == 200
    assert "Enter an amount between" in response.content.decode()
    assert fake_stripe.calls("POST", "/v1/refunds") == []


def test_failed_webhook_shows_in_inbox_and_replays(
    client,
    admin_user,
    api_client,
    booking,
    fake_stripe,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    from payments.gateways.stripe import webhooks

    sid = create_payment(api_client, booking, "stripe").json()["sessionId"]
    evt = event("checkout.session.completed", fake_stripe.pay(sid))
    monkeypatch.setitem(webhooks.HANDLERS, "checkout.session.completed", lambda p: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):  # the task runs inline here
        assert post_stripe(client, evt).status_code == 200  # stored: the failure is ours
    monkeypatch.undo()
    stored = WebhookEvent.objects.get()
    client.force_login(admin_user)

    inbox = client.get(reverse("webhookevent:index") + "?status=FAILED")
    assert evt["id"] in inbox.content.decode()
    page = client.get(reverse("webhookevent:inspect", args=[stored.pk]))
    assert "ZeroDivisionError" in page.content.decode()
    response = client.post(reverse("webhookevent:replay", args=[stored.pk]))

    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.status == "PROCESSED"
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED
    assert ModelLogEntry.objects.filter(action="angisoft.payment.webhook_replay").exists()


def test_replay_needs_the_permission(client, db):
    stored = WebhookEvent.objects.create(provider="stripe", event_id="evt_1", status="FAILED")
    client.force_login(staff_with("view_webhookevent"))
    assert_refused(client.post(reverse("webhookevent:replay", args=[stored.pk])))
    stored.refresh_from_db()
    assert stored.status == "FAILED"


def test_reconciliation_report(client, admin_user, api_client, booking, fake_stripe):
    sid = create_payment(api_client, booking, "stripe").json()["sessionId"]
    fake_stripe.pay(sid)
    client.force_login(admin_user)

    run = client.post(reverse("reconciliationrun:run"))
    assert run.status_code == 302
    report = client.get(run["Location"])
    index = client.get(reverse("reconciliationrun:index"))

    assert report.status_code == 200
    assert "Repaired (1)" in report.content.decode()
    assert index.status_code == 200
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED


def test_a_refund_that_fails_at_stripe_is_marked_failed(
    client, admin_user, paid, fake_stripe, django_capture_on_commit_callbacks
):
    from core.models import AlertIncident

    client.force_login(admin_user)
    client.post(reverse("payment:refund", args=[paid.pk]), {"amount": "1500.00"})
    refund = Refund.objects.get()
    failed = {
        "id": refund.provider_refund_id,
        "object": "refund",
        "amount": 150000,
        "status": "failed",
        "failure_reason": "expired_or_canceled_card",
        "metadata": {"payment_id": str(paid.pk)},
    }

    with django_capture_on_commit_callbacks(execute=True):
        assert post_stripe(client, event("refund.failed", failed)).status_code == 200

    refund.refresh_from_db()
    assert refund.status == RefundStatus.FAILED
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.SUCCEEDED
    assert AlertIncident.objects.filter(key="payments.refund_failed").exists()
