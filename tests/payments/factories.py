"""Bookings ready to pay, and payments, for the payments tests."""

import secrets
from decimal import Decimal

import factory

from bookings.models import Booking, BookingStatus, Client
from bookings.tokens import hash_token
from payments.models import Payment, PaymentProvider
from tests.bookings.factories import allocated_reference


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    email = factory.Sequence(lambda n: f"client{n}@example.test")
    name = factory.Faker("name")
    phone = "0712345678"


class PayableBookingFactory(factory.django.DjangoModelFactory):
    """A booking in TERMS_ACCEPTED with a deposit due. `booking.token` is its tracking token."""

    class Meta:
        model = Booking
        skip_postgeneration_save = True

    public_reference = factory.LazyFunction(allocated_reference)
    status = BookingStatus.TERMS_ACCEPTED
    client = factory.SubFactory(ClientFactory)
    title = "Company website"
    description = "A five-page site."
    project_type = "SOFTWARE"
    quoted_amount = Decimal("10000.00")
    deposit_amount = Decimal("1500.00")
    currency = "KES"
    tracking_token_hash = "0" * 64

    @factory.post_generation
    def token(self, create, extracted, **kwargs):
        self.token = extracted or secrets.token_urlsafe(24)
        self.tracking_token_hash = hash_token(self.token)
        if create:
            self.save(update_fields=["tracking_token_hash"])


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    booking = factory.SubFactory(PayableBookingFactory)
    provider = PaymentProvider.STRIPE
    amount_minor = 150000
    currency = "KES"
    idempotency_key = factory.Sequence(lambda n: f"test-key-{n}")
    provider_reference = factory.Sequence(lambda n: f"cs_test_factory_{n}")
