"""Amounts as integers in the currency's minor unit (cents), never floats.

ISO 4217 exponents: most currencies have two decimals (KES 1500.00 -> 150000 minor units);
zero-decimal currencies such as UGX are charged in whole units (UGX 50000 -> 50000), which
is also how Stripe expects them. The exponents and the display format live in core.money.
"""

from decimal import ROUND_CEILING, Decimal, InvalidOperation

from core.money import display_amount, exponent
from payments.exceptions import MoneyError


def to_minor(amount, currency: str) -> int:
    """Decimal (or str/int) in major units -> int in minor units; refuses fractions of a
    minor unit instead of rounding them away."""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError) as exc:
        raise MoneyError(f"{amount!r} is not an amount") from exc
    if not value.is_finite():
        raise MoneyError(f"{amount!r} is not an amount")
    scaled = value.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise MoneyError(f"{amount} {currency.upper()} has more decimals than the currency allows")
    return int(scaled)


def to_major(minor: int, currency: str) -> Decimal:
    """Minor units -> Decimal with exactly the currency's number of decimals."""
    places = exponent(currency)
    return Decimal(int(minor)).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def format_major(minor: int, currency: str) -> str:
    """The API's decimal string: "1500.00" for KES, "50000" for UGX."""
    return str(to_major(minor, currency))


def display(minor: int, currency: str) -> str:
    """For people (emails, admin): "KES 1,500.00", "UGX 50,000"."""
    return display_amount(to_major(minor, currency), currency)


def ceil_to_whole_units(minor: int, currency: str) -> int:
    """Round up to a whole major unit (M-Pesa takes whole shillings only)."""
    step = 10 ** exponent(currency)
    whole = (Decimal(minor) / step).to_integral_value(rounding=ROUND_CEILING)
    return int(whole) * step
