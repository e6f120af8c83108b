from decimal import Decimal

import pytest

from payments.exceptions import MoneyError
from payments.money import ceil_to_whole_units, display, format_major, to_minor


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("1500.00", "KES", 150000),
        ("1500", "kes", 150000),
        ("0.01", "USD", 1),
        ("50000", "UGX", 50000),
        ("1000", "JPY", 1000),
        ("1.234", "KWD", 1234),
        (Decimal("120.5"), "USD", 12050),
    ],
)
def test_to_minor(amount, currency, minor):
    assert to_minor(amount, currency) == minor


@pytest.mark.parametrize(
    ("amount", "currency"), [("50000.5", "UGX"), ("1.001", "KES"), ("abc", "KES"), ("NaN", "USD")]
)
def test_to_minor_refuses_what_the_currency_cannot_hold(amount, currency):
    with pytest.raises(MoneyError):
        to_minor(amount, currency)


def test_formatting():
    assert format_major(150000, "KES") == "1500.00"
    assert format_major(50000, "UGX") == "50000"
    assert display(150000, "KES") == "KES 1,500.00"
    assert display(50000, "UGX") == "UGX 50,000"


def test_whole_shillings_round_up():
    assert ceil_to_whole_units(150040, "KES") == 150100
    assert ceil_to_whole_units(150000, "KES") == 150000
