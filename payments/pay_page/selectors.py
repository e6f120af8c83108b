"""What the payment page shows. Reads only: `payments.services.payment_create` still
enforces every rule when the client presses a button."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from bookings import states
from bookings.models import Booking, BookingStatus
from payments.exceptions import MoneyError
from payments.gateways import providers_for
from payments.models import PAID_STATUSES, Payment, PaymentProvider, PaymentStatus
from payments.money import display, format_major, to_minor
from payments.selectors import client_message
from payments.services import charge_minor

PAYABLE = "payable"
PAID = "paid"
NOT_YET = "not_yet"
CLOSED = "closed"

BUTTON_LABELS = {
    PaymentProvider.STRIPE: "Pay {amount} by card",
    PaymentProvider.PAYPAL: "Pay {amount} with PayPal",
    PaymentProvider.MPESA: "Send the M-Pesa prompt for {amount}",
}


@dataclass(frozen=True)
class ProviderOption:
    provider: str
    button: str


@dataclass(frozen=True)
class DepositOffer:
    state: str
    message: str = ""
    amount_due: str = ""  # for people: "KES 1,500.00"
    amount: str = ""  # the form's guard against a deposit changed meanwhile: "1500.00"
    options: tuple[ProviderOption, ...] = ()

    @property
    def providers(self) -> list[str]:
        return [option.provider for option in self.options]


def _not_payable(booking: Booking) -> DepositOffer | None:
    paid = booking.payments.filter(status__in=PAID_STATUSES).order_by("succeeded_at").first()
    if paid or booking.deposit_paid_at or booking.status in states.PAID_OR_LATER:
        received = f" of {paid.amount_display}" if paid else ""
        return DepositOffer(PAID, f"We have received your deposit{received}. Thank you!")
    if booking.status in states.TERMINAL:
        label = BookingStatus(booking.status).label.lower()
        return DepositOffer(CLOSED, f"This booking is {label}, so there is nothing to pay.")
    if booking.status == BookingStatus.ACCEPTED:
        return DepositOffer(
            NOT_YET,
            "First accept the quotation on your booking page; the deposit can be paid "
            "here right after.",
        )
    if booking.status != BookingStatus.TERMS_ACCEPTED or not booking.deposit_amount:
        return DepositOffer(
            NOT_YET,
            "We are still reviewing your booking. We will email you when the deposit is due.",
        )
    return None


def deposit_offer(booking: Booking) -> DepositOffer:
    """Whether the deposit can be paid now, how much, and with which providers (those
    configured here that take the booking's currency)."""
    if (closed := _not_payable(booking)) is not None:
        return closed
    currency = booking.currency.upper()
    try:
        due = to_minor(booking.deposit_amount, currency)
    except MoneyError:
        return DepositOffer(NOT_YET, "Please contact us: this deposit cannot be paid online.")
    options = tuple(
        ProviderOption(
            provider,
            BUTTON_LABELS[provider].format(
                amount=display(charge_minor(provider, due, currency), currency)
            ),
        )
        for provider in providers_for(currency)
    )
    message = (
        ""
        if options
        else "Online payment is not available for this booking right now. Please contact us "
        "and we will help you pay."
    )
    return DepositOffer(
        PAYABLE,
        message,
        amount_due=display(due, currency),
        amount=format_major(due, currency),
        options=options,
    )


# --- the M-Pesa status page --------------------------------------------------------------


@dataclass(frozen=True)
class MpesaProgress:
    state: str  # pending | paid | unpaid | timed_out
    message: str

    @property
    def refresh(self) -> bool:
        return self.state == "pending"


def mpesa_progress(payment: Payment, *, now=None) -> MpesaProgress:
    """Where an STK push stands, for a page that refreshes itself until it is settled or
    PAY_PAGE_MPESA_WAIT_SECONDS have passed without an answer."""
    if payment.status in PAID_STATUSES:
        return MpesaProgress("paid", "Payment received. Your receipt is on its way by email.")
    if payment.status != PaymentStatus.PENDING:
        return MpesaProgress("unpaid", client_message(payment))
    waited = (now or timezone.now()) - payment.created_at
    if waited > timedelta(seconds=settings.PAY_PAGE_MPESA_WAIT_SECONDS):
        return MpesaProgress(
            "timed_out",
            "We have not heard back from M-Pesa yet. If you entered your PIN, your receipt "
            "will be emailed as soon as M-Pesa confirms the payment; otherwise, try again.",
        )
    return MpesaProgress("pending", client_message(payment))
