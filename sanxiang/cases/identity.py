"""Citizen identity numbers (公民身份号码) — a pure module, no Django.

GB 11643-1999 《公民身份号码》: 18 characters —

    positions 1–6    address code (常住户口所在县（市、旗、区）的行政区划代码, GB/T 2260)
    positions 7–14   date of birth, YYYYMMDD
    positions 15–17  sequence code (odd for men, even for women)
    position 18      check character, ISO 7064 MOD 11-2: Σ(ai·Wi) mod 11 → "10X98765432"

Only the form is checked: the address code's province part, a real date of birth not in the future, and the
check character. Whether the number was ever issued only the public-security registry knows.
"""

from __future__ import annotations

import datetime as dt

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
LENGTH = 18
ADULT_AGE = 18  # 民法典 art. 17: 十八周岁以上的自然人为成年人.


def check_character(first17: str) -> str:
    """The 18th character for the first 17 digits (ISO 7064 MOD 11-2)."""
    if len(first17) != LENGTH - 1 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"需要 17 位数字，收到“{first17}”")
    return CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def birth_date(number: str) -> dt.date | None:
    """The date of birth written in positions 7–14 (in the old 15-digit form, positions 7–12 as 19YYMMDD), or
    None when it is not a date."""
    if len(number) not in (15, LENGTH):
        return None
    digits = "19" + number[6:12] if len(number) == 15 else number[6:14]
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def id_number_problem(number: str, *, today: dt.date | None = None) -> str | None:
    """Why ``number`` is not a well-formed 18-character identity number, or None when it is.

    A lowercase ``x`` is accepted as the check character (callers normalise with :func:`normalize`).
    """
    number = normalize(number)
    if len(number) != LENGTH:
        return f"公民身份号码应为 18 位，实为 {len(number)} 位（GB 11643）。"
    if not number[:17].isascii() or not number[:17].isdigit() or number[17] not in "0123456789X":
        return "公民身份号码前 17 位应为数字，最后一位为数字或 X（GB 11643）。"
    if not 11 <= int(number[:2]) <= 82:
        return f"公民身份号码的地址码“{number[:6]}”不存在（省级代码应在 11–82 之间）。"
    born = birth_date(number)
    if born is None or born.year < 1900:
        return f"公民身份号码中的出生日期“{number[6:14]}”不是有效日期。"
    if today is not None and born > today:
        return f"公民身份号码中的出生日期“{number[6:14]}”晚于今天。"
    expected = check_character(number[:17])
    if number[17] != expected:
        return f"公民身份号码校验位错误：应为 {expected}，实为 {number[17]}（GB 11643）。"
    return None


def normalize(number: str) -> str:
    return (number or "").strip().upper()


def is_minor(number: str, *, on: dt.date) -> bool:
    """Under 18 on ``on`` by the date of birth in the number (False when the number has no valid date)."""
    born = birth_date(normalize(number))
    if born is None:
        return False
    try:
        adult_on = born.replace(year=born.year + ADULT_AGE)
    except ValueError:  # born on 29 February
        adult_on = born.replace(year=born.year + ADULT_AGE, day=28) + dt.timedelta(days=1)
    return on < adult_on
