"""Execution of a fine (行政处罚的执行) — a pure module, no Django.

- 处罚法 art. 67: pay within 15 days of receiving the decision (calendar days: art. 85 covers only 2/3/5/7).
- 处罚法 art. 72(一): then 每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额.
- 处罚法 art. 73 para 3: 加处罚款的数额在行政复议或者行政诉讼期间不予计算.
- 处罚法 art. 66 para 2: 暂缓或者分期缴纳 on application and approval; art. 72 para 2: the period for applying to
  the court then runs from the end of the deferral or instalment period.
- 行政强制法 art. 53: an agency without its own enforcement power may apply to the court 自期限届满之日起三个月内,
  the 期限 being the statutory period for 行政复议 / 行政诉讼 that the party let pass. Those periods come from
  other laws (cited from memory, not in /work/shared/laws): 行政复议法 (2023) art. 20 — 60 days from knowing of
  the act; 行政诉讼法 art. 46 — 6 months. The later of the two is when the court window opens.
- 行政强制法 art. 54: 催告书送达十日后当事人仍未履行义务的 — ten days are working days (art. 69).
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sanxiang.cases.rules import Period, days_not_counted
from sanxiang.core.workdays import WorkCalendar, WorkdayResult

PAYMENT_PERIOD_CALENDAR_DAYS = 15  # 处罚法 art. 67
LATE_FEE_DAILY_RATE = Decimal("0.03")  # 处罚法 art. 72(一)
REMINDER_WORKING_DAYS = 10  # 行政强制法 art. 54 with art. 69
COURT_WINDOW_MONTHS = 3  # 行政强制法 art. 53
RECONSIDERATION_DAYS = 60  # 行政复议法 (2023) art. 20
LITIGATION_MONTHS = 6  # 行政诉讼法 art. 46
CENT = Decimal("0.01")


def payment_due_on(served_on: dt.date, calendar: WorkCalendar) -> WorkdayResult:
    """处罚法 art. 67: 自收到行政处罚决定书之日起十五日内 — the last day to pay (moved to the next working day
    when it falls on a holiday)."""
    return calendar.calendar_days_result(served_on, PAYMENT_PERIOD_CALENDAR_DAYS)


@dataclass(frozen=True)
class Instalment:
    """One approved instalment (分期缴纳, 处罚法 art. 66): its amount and last day; ``paid_on`` when paid."""

    due_on: dt.date
    amount: Decimal
    paid_on: dt.date | None = None


@dataclass(frozen=True)
class LateFee:
    """The late fee (加处罚款) on ``on``: ``days`` counted, ``amount`` owed, ``capped`` when it hit the fine."""

    days: int
    amount: Decimal
    capped: bool


def late_fee_days(
    *, due_on: dt.date, on: dt.date, paid_on: dt.date | None = None, not_counted: Iterable[Period] = ()
) -> int:
    """Days of late fee: from the day after ``due_on`` up to and including ``on`` (or the payment day, if
    earlier: 自逾期之日起至缴纳之日止), less the days of 复议 or 诉讼 (处罚法 art. 73 para 3)."""
    last = on if paid_on is None else min(on, paid_on)
    first = due_on + dt.timedelta(days=1)
    if last < first:
        return 0
    end = last + dt.timedelta(days=1)
    clipped = [
        Period(max(p.start, first), min(p.end or end, end))
        for p in not_counted
        if p.start < end and (p.end is None or p.end > first)
    ]
    excluded, _running = days_not_counted(clipped, until=end)
    return (end - first).days - excluded


def late_fee(
    *,
    fine: Decimal,
    due_on: dt.date,
    on: dt.date,
    paid_on: dt.date | None = None,
    not_counted: Iterable[Period] = (),
) -> LateFee:
    """处罚法 art. 72(一): 3 % of the fine per day after the due day, never more than the fine; days of
    复议/诉讼 are not counted (art. 73). Rounded to the fen (分), half up."""
    days = late_fee_days(due_on=due_on, on=on, paid_on=paid_on, not_counted=not_counted)
    raw = (fine * LATE_FEE_DAILY_RATE * days).quantize(CENT, rounding=ROUND_HALF_UP)
    if raw >= fine:
        return LateFee(days, fine, True)
    return LateFee(days, raw, False)


def instalment_late_fee(
    *, fine: Decimal, instalments: Sequence[Instalment], on: dt.date, not_counted: Iterable[Period] = ()
) -> LateFee:
    """Late fee under an approved instalment plan: 3 % a day of each overdue instalment, the total capped at the
    fine. (Art. 72 names 罚款数额 as the base; for an instalment plan the base is taken as the overdue
    instalment — an interpretation, see the module docs.)"""
    periods = tuple(not_counted)
    total, days = Decimal("0"), 0
    for part in instalments:
        fee = late_fee(fine=part.amount, due_on=part.due_on, on=on, paid_on=part.paid_on, not_counted=periods)
        total += (part.amount * LATE_FEE_DAILY_RATE * fee.days).quantize(CENT, rounding=ROUND_HALF_UP)
        days = max(days, fee.days)
    if total >= fine:
        return LateFee(days, fine, True)
    return LateFee(days, total, False)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months; a day the target month lacks becomes its last day (31 Jan + 1 month = 28/29
    Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def remedy_period_ends_on(served_on: dt.date, calendar: WorkCalendar) -> WorkdayResult:
    """The last day the party could still apply for 复议 (60 days) or sue (6 months): the later of the two."""
    reconsideration = calendar.calendar_days_result(served_on, RECONSIDERATION_DAYS)
    litigation_end = add_months(served_on, LITIGATION_MONTHS)
    while not calendar.is_working_day(litigation_end):
        litigation_end += dt.timedelta(days=1)
    litigation = WorkdayResult(litigation_end, calendar.is_provisional_between(served_on, litigation_end))
    return max(reconsideration, litigation, key=lambda r: r.date)


@dataclass(frozen=True)
class CourtWindow:
    """行政强制法 art. 53–54: when the agency may apply to the court for enforcement.

    ``reminder_ends_on``: the 10th working day after the 催告书 was served; ``opens_on``: the first day an
    application may be made; ``closes_on``: the last day.
    """

    remedy_period_ends_on: dt.date
    reminder_ends_on: dt.date
    opens_on: dt.date
    closes_on: dt.date
    provisional: bool


def court_application_window(
    *,
    served_on: dt.date,
    reminder_served_on: dt.date,
    calendar: WorkCalendar,
    deferral_ends_on: dt.date | None = None,
) -> CourtWindow:
    """The window for applying to the court, as 强制法 art. 53 and 54 and 处罚法 art. 72 para 2 say.

    It opens the day after the later of (a) the end of the 复议/诉讼 periods (art. 53: 在法定期限内不申请…又不履行),
    (b) the end of an approved deferral or instalment period (处罚法 art. 72 para 2) and (c) the 10 working
    days after the 催告书 was served (art. 54: 送达十日后). It closes three months after the period in (a) or
    (b) expired (art. 53: 自期限届满之日起三个月内; 72 para 2: counted from the end of the deferral).
    """
    remedy = remedy_period_ends_on(served_on, calendar)
    reminder = calendar.working_days_result(reminder_served_on, REMINDER_WORKING_DAYS)
    base = remedy.date if deferral_ends_on is None else max(remedy.date, deferral_ends_on)
    closes = add_months(base, COURT_WINDOW_MONTHS)
    while not calendar.is_working_day(closes):
        closes += dt.timedelta(days=1)
    opens = max(base, reminder.date) + dt.timedelta(days=1)
    provisional = remedy.provisional or reminder.provisional or calendar.is_provisional_between(base, closes)
    return CourtWindow(remedy.date, reminder.date, opens, closes, provisional)
