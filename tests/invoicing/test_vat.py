"""VAT per line, rounded half up to the minor unit; totals are the sums of the lines."""

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest

from invoicing import vat

RATES = [Decimal("16"), Decimal("0"), Decimal("8"), Decimal("16.5")]


def test_known_values():
    # KES 1,160.00 inclusive at 16%: 1,000.00 net + 160.00 VAT.
    assert vat.line_amounts(116000, 1, Decimal("16"), inclusive=True) == vat.LineAmounts(
        100000, 16000, 116000
    )
    assert vat.line_amounts(100000, 1, Decimal("16"), inclusive=False) == vat.LineAmounts(
        100000, 16000, 116000
    )
    # 0.01 inclusive: VAT 0.00138 rounds to 0; 0.04 exclusive: 0.0064 rounds to 0.01.
    assert vat.line_amounts(1, 1, Decimal("16"), inclusive=True).vat_minor == 0
    assert vat.line_amounts(4, 1, Decimal("16"), inclusive=False).vat_minor == 1
    assert vat.line_amounts(99999, 3, Decimal("0"), inclusive=True).vat_minor == 0


@pytest.mark.parametrize("inclusive", [True, False])
def test_random_lines_balance_and_round_half_up(inclusive):
    rng = random.Random(20261128)
    for _ in range(5000):
        rate = rng.choice(RATES)
        unit = rng.randint(0, 10**9)
        quantity = rng.randint(1, 20)
        line = vat.line_amounts(unit, quantity, rate, inclusive=inclusive)
        assert line.net_minor + line.vat_minor == line.gross_minor
        assert min(line.net_minor, line.vat_minor) >= 0
        base = unit * quantity
        if inclusive:
            assert line.gross_minor == base
            exact = Decimal(base) * rate / (100 + rate)
        else:
            assert line.net_minor == base
            exact = Decimal(base) * rate / 100
        assert abs(Decimal(line.vat_minor) - exact) <= Decimal("0.5")
        assert line.vat_minor == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("inclusive", [True, False])
def test_random_documents_total_the_rounded_lines(inclusive):
    rng = random.Random(17)
    for _ in range(1000):
        lines = [
            vat.line_amounts(
                rng.randint(1, 10**7), rng.randint(1, 5), rng.choice(RATES), inclusive=inclusive
            )
            for _ in range(rng.randint(1, 8))
        ]
        total = vat.totals(lines)
        assert total.vat_minor == sum(line.vat_minor for line in lines)
        assert total.net_minor + total.vat_minor == total.gross_minor
        assert total.gross_minor == sum(line.gross_minor for line in lines)
        assert total.net_minor == sum(line.net_minor for line in lines)


def test_negative_input_is_refused():
    with pytest.raises(ValueError):
        vat.line_amounts(-1, 1, Decimal("16"), inclusive=True)
    with pytest.raises(ValueError):
        vat.line_amounts(100, 0, Decimal("16"), inclusive=True)
