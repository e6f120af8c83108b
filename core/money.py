"""Money for people: the one display format ("KES 1,500.00", "UGX 50,000") and the ISO 4217
exponents it needs. Pure functions, no models, so every app can format an amount without
depending on payments (which keeps minor-unit arithmetic in payments.money)."""

from decimal import Decimal

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


def display_amount(amount, currency: str) -> str:
    """The one money format for people, from major units (a booking's Decimal amounts):
    "KES 150,000.00", "UGX 50,000". Used by the admin, emails and API text alike."""
    if amount is None or amount == "":
        return ""
    places = exponent(currency)
    return f"{currency.upper()} {Decimal(str(amount)):,.{places}f}"
