"""Periodic jobs of the core app (run by ``sanxiang worker``, see core/periodic.py)."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from sanxiang.core.calendar import current_calendar
from sanxiang.core.periodic import periodic

logger = logging.getLogger("sanxiang.calendar")

# The State Council publishes next year's holiday notice around November; from then on, warn every day until
# the schedule is loaded, because deadlines running into that year are only provisional until it is.
WARN_FROM_MONTH = 11


def next_year_missing(today: dt.date) -> int | None:
    """The next year, when it is November or later and its working-day schedule is not loaded; else None."""
    if today.month < WARN_FROM_MONTH:
        return None
    year = today.year + 1
    return None if year in current_calendar().years else year


@periodic(
    name="calendar.next_year_check",
    every=dt.timedelta(days=1),
    description="检查下一年度工作日安排是否已载入",
)
def calendar_next_year_check(slot: dt.datetime) -> str:
    year = next_year_missing(timezone.localdate(slot))
    if year is None:
        return "下一年度工作日安排已载入或尚未到检查时间。"
    message = (
        f"{year} 年的工作日安排尚未载入：涉及 {year} 年的期限目前只能给出暂定结果。"
        f"请在国务院办公厅公布放假安排后用 `sanxiang calendar load FILE` 载入。"
    )
    logger.warning(message)
    return message
