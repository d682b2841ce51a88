"""rmb_capital: Chinese capitals (大写) after the rules for bills and vouchers (amounts.py docstring)."""

from decimal import Decimal

import pytest

from sanxiang.documents.amounts import rmb_capital, rmb_figures


@pytest.mark.parametrize(
    ("amount", "capital"),
    [
        ("12345.60", "壹万贰仟叁佰肆拾伍元陆角整"),
        ("1005", "壹仟零伍元整"),
        ("100000", "壹拾万元整"),
        ("0.05", "伍分"),
        ("0.50", "伍角整"),
        ("0", "零元整"),
        ("1", "壹元整"),
        ("10", "壹拾元整"),
        ("15", "壹拾伍元整"),
        ("200", "贰佰元整"),
        ("3000", "叁仟元整"),
        ("1409.02", "壹仟肆佰零玖元零贰分"),
        ("1409.20", "壹仟肆佰零玖元贰角整"),
        ("10005", "壹万零伍元整"),
        ("10500", "壹万零伍佰元整"),
        ("100010000", "壹亿零壹万元整"),
        ("100000000", "壹亿元整"),
        ("1000000", "壹佰万元整"),
        ("107000.53", "壹拾万柒仟元伍角叁分"),
        ("30000", "叁万元整"),
        ("6007.14", "陆仟零柒元壹角肆分"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ],
)
def test_rmb_capital_follows_the_rules_for_zeros_and_endings(amount, capital):
    assert rmb_capital(Decimal(amount)) == capital


@pytest.mark.parametrize("amount", ["-1", "0.001", "1000000000000", "NaN", "abc"])
def test_rmb_capital_refuses_what_a_document_cannot_print(amount):
    with pytest.raises(ValueError):
        rmb_capital(amount)


def test_rmb_figures_groups_thousands_with_two_decimals():
    assert rmb_figures(Decimal("12345.6")) == "12,345.60"
    assert rmb_figures(0) == "0.00"
