import pytest

from payments.selectors import payment_summaries_for_booking
from tests.payments.factories import PayableBookingFactory, PaymentFactory

pytestmark = pytest.mark.django_db


def test_payment_summaries_for_booking():
    booking = PayableBookingFactory(currency="UGX")
    payment = PaymentFactory(booking=booking, currency="UGX", amount_minor=50000)
    PaymentFactory()  # another booking's

    assert payment_summaries_for_booking(booking.pk) == [
        {
            "id": str(payment.pk),
            "amount": "50000",
            "currency": "UGX",
            "provider": "stripe",
            "status": "PENDING",
        }
    ]
