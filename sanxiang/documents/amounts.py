"""Amounts of money as written on enforcement documents: figures (12,345.60) and Chinese capitals (大写).

A pure module, no Django. The capitals follow the rules for filling in amounts on bills and vouchers
(中国人民银行《支付结算办法》附件《正确填写票据和结算凭证的基本规定》):

- 壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分零整; ten is 壹拾 (壹拾万元整, never 拾万元整);
- a run of zeros inside the number is written as one 零 (1005 → 壹仟零伍元整; 100010000 → 壹亿零壹万元整);
- zeros at the end of the yuan part are not written (100000 → 壹拾万元整);
- an amount without 分 ends with 整 (12345.60 → 壹万贰仟叁佰肆拾伍元陆角整); with 分 it does not;
- 角 zero and 分 non-zero writes 零 before the 分 (1409.02 → 壹仟肆佰零玖元零贰分);
- below one yuan the 元 is left out (0.05 → 伍分, 0.50 → 伍角整); zero is 零元整.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
SECTION_UNITS = ("", "万", "亿")
CENT = Decimal("0.01")
LIMIT = Decimal("1000000000000")  # 万亿 is not written on enforcement documents


def _decimal(amount) -> Decimal:
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not an amount: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    if value < 0:
        raise ValueError(f"amounts on documents are not negative: {amount!r}")
    if value >= LIMIT:
        raise ValueError(f"amount too large for Chinese capitals: {amount!r}")
    if value != value.quantize(CENT):
        raise ValueError(f"an amount has at most two decimals (角, 分): {amount!r}")
    return value.quantize(CENT)


def _section(number: int) -> str:
    """One group of four digits (0 < number < 10000), without a leading 零."""
    text, zero_pending = "", False
    for position in range(3, -1, -1):
        digit = number // 10**position % 10
        if digit == 0:
            zero_pending = bool(text)
            continue
        if zero_pending:
            text += "零"
            zero_pending = False
        text += DIGITS[digit] + SMALL_UNITS[position]
    return text


def _yuan(number: int) -> str:
    sections = []
    while number:
        sections.append(number % 10000)
        number //= 10000
    text, zero_pending = "", False
    for index in range(len(sections) - 1, -1, -1):
        part = sections[index]
        if part == 0:
            zero_pending = bool(text)
            continue
        if text and (zero_pending or part < 1000):
            text += "零"
        text += _section(part) + SECTION_UNITS[index]
        zero_pending = False
    return text


def rmb_capital(amount) -> str:
    """The amount in Chinese capitals (大写), e.g. ``Decimal("12345.60")`` → 壹万贰仟叁佰肆拾伍元陆角整.

    Raises ValueError for a negative amount, more than two decimals, or 1 万亿 and more."""
    value = _decimal(amount)
    cents = int(value * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if cents == 0:
        return "零元整"
    text = _yuan(yuan) + "元" if yuan else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    elif fen and yuan:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    else:
        text += "整"
    return text


def rmb_figures(amount) -> str:
    """The amount in figures with thousands separators and two decimals: 12345.6 → ``12,345.60``."""
    value = Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{value:,.2f}"
