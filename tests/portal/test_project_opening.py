"""A paid deposit opens the client's project tracker, which then shows in the portal."""

import pytest

from portal.models import Activity, ClientProject
from portal.tasks import open_client_project
from tests.bookings.factories import BookingFactory
from tests.payments.conftest import _payment_settings, fake_stripe  # noqa: F401 - fixtures
from tests.payments.factories import PayableBookingFactory
from tests.payments.fakes.stripe import event
from tests.payments.helpers import create_payment, post_stripe
from tests.portal.conftest import portal_client, sign_in

pytestmark = pytest.mark.django_db


def test_a_paid_deposit_opens_the_tracker_once(
    api,
    client,
    fake_stripe,  # noqa: F811 - the fixture imported above
    django_capture_on_commit_callbacks,
):
    booking = PayableBookingFactory(client__email="carol@example.test")
    portal = portal_client(sign_in(api, "carol@example.test"))
    (before,) = portal.get("/api/client-portal/bookings").json()["bookings"]
    assert before["clientProject"] is None

    sid = create_payment(api, booking, "stripe").json()["sessionId"]
    paid = event("checkout.session.completed", fake_stripe.pay(sid))
    with django_capture_on_commit_callbacks(execute=True):
        assert post_stripe(client, paid).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        post_stripe(client, paid)  # a duplicate delivery changes nothing

    project = ClientProject.objects.get(booking=booking)
    (after,) = portal.get("/api/client-portal/bookings").json()["bookings"]
    assert after["status"] == "DEPOSIT_PAID"
    assert after["clientProject"] == {"id": str(project.pk), "status": "PLANNING", "progress": 0}
    detail = portal.get(f"/api/client-portal/projects/{project.pk}").json()["project"]
    assert [a["message"] for a in detail["activities"]] == [
        "Deposit received: your project is open and the team is planning the work."
    ]


def test_the_task_is_idempotent_and_waits_for_the_deposit(db):
    unpaid = BookingFactory(status="ACCEPTED")
    open_client_project(unpaid.pk)
    assert not ClientProject.objects.exists()

    paid = BookingFactory(status="DEPOSIT_PAID")
    open_client_project(paid.pk)
    open_client_project(paid.pk)
    assert ClientProject.objects.filter(booking=paid).count() == 1
    assert Activity.objects.count() == 1
