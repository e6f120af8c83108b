"""VAT arithmetic in integer minor units.

The rule (documented in docs/invoicing.md): each line is rounded on its own, half up to
the minor unit, and the document's totals are the sums of the rounded lines. So the
printed lines always add up to the printed totals, and net + VAT == gross on every line.

- VAT-inclusive price: gross = price x quantity; VAT = round(gross x rate / (100 + rate));
  net = gross - VAT.
- VAT-exclusive price: net = price x quantity; VAT = round(net x rate / 100);
  gross = net + VAT.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class LineAmounts:
    net_minor: int
    vat_minor: int
    gross_minor: int


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def line_amounts(unit_minor: int, quantity: int, rate: Decimal, *, inclusive: bool) -> LineAmounts:
    rate = Decimal(rate)
    if rate < 0 or unit_minor < 0 or quantity < 1:
        raise ValueError("amounts, quantities and rates must not be negative")
    amount = unit_minor * quantity
    if inclusive:
        vat = _round(Decimal(amount) * rate / (Decimal(100) + rate))
        return LineAmounts(net_minor=amount - vat, vat_minor=vat, gross_minor=amount)
    vat = _round(Decimal(amount) * rate / Decimal(100))
    return LineAmounts(net_minor=amount, vat_minor=vat, gross_minor=amount + vat)


def totals(lines: list[LineAmounts]) -> LineAmounts:
    return LineAmounts(
        net_minor=sum(line.net_minor for line in lines),
        vat_minor=sum(line.vat_minor for line in lines),
        gross_minor=sum(line.gross_minor for line in lines),
    )
