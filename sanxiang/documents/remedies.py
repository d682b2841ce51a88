"""Dates and the rights-and-remedies text printed on documents. A pure module, no Django.

Periods (domain.md "Deadlines"):

- 陈述、申辩: within 3 working days of receiving the notice (local practice; 处罚法 art. 45, 62);
- 要求听证: within 5 working days of the notice (处罚法 art. 64(1));
- 行政复议: within 60 days of knowing of the decision (行政复议法 art. 20);
- 行政诉讼: within 6 months of knowing of the decision (行政诉讼法 art. 46);
- 缴纳罚款: within 15 days of receiving the decision, then 3 % of the fine per day (处罚法 art. 67, 72).

The working-day dates are computed by the caller on the official calendar (core/workdays.py) and passed in:
this module only words them. A date that is not known yet (the document is not served) is worded as a period.
"""

from __future__ import annotations

import calendar
import datetime as dt

RECONSIDERATION_DAYS = 60
LAWSUIT_MONTHS = 6
PAYMENT_DAYS = 15
STATEMENT_WORKING_DAYS = 3
HEARING_REQUEST_WORKING_DAYS = 5


def chinese_date(day: dt.date | None) -> str:
    """2026-03-02 → ``2026年3月2日`` (no leading zeros, as documents write dates); None → ``""``."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has no such day (8月31日 + 6 → 2月28日)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reconsideration_until(received_on: dt.date) -> dt.date:
    return received_on + dt.timedelta(days=RECONSIDERATION_DAYS)


def lawsuit_until(received_on: dt.date) -> dt.date:
    return add_months(received_on, LAWSUIT_MONTHS)


def _until(day: dt.date | None) -> str:
    return f"（即{chinese_date(day)}前）" if day else ""


def statement_text(deadline: dt.date | None) -> str:
    return (
        f"根据《中华人民共和国行政处罚法》第四十五条的规定，你（单位）有权进行陈述和申辩。"
        f"请于收到本告知书之日起{STATEMENT_WORKING_DAYS}个工作日内{_until(deadline)}提出陈述、申辩意见，"
        f"逾期视为放弃陈述和申辩的权利。"
    )


def hearing_text(deadline: dt.date | None) -> str:
    return (
        f"根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求举行听证。"
        f"请于收到本告知书之日起{HEARING_REQUEST_WORKING_DAYS}个工作日内{_until(deadline)}提出听证申请，"
        f"逾期视为放弃听证的权利。"
    )


def remedy_text(*, received_on: dt.date | None, reconsideration_body: str, court: str) -> str:
    """复议、诉讼 of a decision. With ``received_on`` (served) the last days are printed as dates."""
    reconsider = _until(reconsideration_until(received_on)) if received_on else ""
    sue = _until(lawsuit_until(received_on)) if received_on else ""
    return (
        f"如不服本处罚决定，可以在收到本决定书之日起{RECONSIDERATION_DAYS}日内{reconsider}"
        f"向{reconsideration_body}申请行政复议，或者在{LAWSUIT_MONTHS}个月内{sue}依法向{court}提起行政诉讼。"
        f"行政复议和行政诉讼期间，本处罚决定不停止执行，法律另有规定的除外。"
    )


def payment_text(*, received_on: dt.date | None, bank: str) -> str:
    until = _until(received_on + dt.timedelta(days=PAYMENT_DAYS)) if received_on else ""
    return (
        f"请在收到本决定书之日起{PAYMENT_DAYS}日内{until}到{bank}缴纳罚没款。"
        f"逾期不缴纳的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款的数额。"
    )
