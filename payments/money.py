"""Amounts as integers in the currency's minor unit (cents), never floats.

ISO 4217 exponents: most currencies have two decimals (KES 1500.00 -> 150000 minor units);
zero-decimal currencies such as UGX are charged in whole units (UGX 50000 -> 50000), which
is also how Stripe expects them.
"""

from decimal import ROUND_CEILING, Decimal, InvalidOperation

from payments.exceptions import MoneyError

# Stripe's zero-decimal list, which follows ISO 4217 for the currencies we can meet.
ZERO_DECIMAL_CURRENCIES = frozenset(
    {
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
        "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    }
)  # fmt: skip
THREE_DECIMAL_CURRENCIES = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})


def exponent(currency: str) -> int:
    code = currency.upper()
    if code in ZERO_DECIMAL_CURRENCIES:
        return 0
    if code in THREE_DECIMAL_CURRENCIES:
        return 3
    return 2


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


def display_amount(amount, currency: str) -> str:
    """The one money format for people, from major units (a booking's Decimal amounts):
    "KES 150,000.00", "UGX 50,000". Used by the admin, emails and API text alike."""
    if amount is None or amount == "":
        return ""
    places = exponent(currency)
    return f"{currency.upper()} {Decimal(str(amount)):,.{places}f}"


def ceil_to_whole_units(minor: int, currency: str) -> int:
    """Round up to a whole major unit (M-Pesa takes whole shillings only)."""
    step = 10 ** exponent(currency)
    whole = (Decimal(minor) / step).to_integral_value(rounding=ROUND_CEILING)
    return int(whole) * step
