"""Reads of the publicity pipeline: the admin's queue with yellow/red marks, the workbench counts, who is
notified."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sanxiang.accounts.models import Role, User
from sanxiang.core.calendar import current_calendar
from sanxiang.core.workdays import UnknownYearError, WorkCalendar
from sanxiang.publicity import access
from sanxiang.publicity.models import Disclosure

YELLOW_WORKING_DAYS = 2  # 黄牌: 2 working days or fewer left (as for case deadlines)


@dataclass(frozen=True)
class Marked:
    disclosure: Disclosure
    mark: str  # "", "yellow" or "red"
    working_days_left: int


def mark_of(disclosure: Disclosure, today: dt.date, cal: WorkCalendar | None = None) -> Marked:
    """红牌 when overdue; 黄牌 when 2 working days or fewer are left (the due day counts as one)."""
    due = disclosure.due_on
    if today > due:
        return Marked(disclosure, "red", 0)
    cal = cal or current_calendar(provisional=True)
    try:
        left = cal.count_working_days(today, due) if due > today else 0
    except UnknownYearError:
        left = (due - today).days
    return Marked(disclosure, "yellow" if left <= YELLOW_WORKING_DAYS else "", left)


def pending() -> list[Disclosure]:
    return Disclosure.objects.filter(status=Disclosure.Status.PENDING).select_related("agency")


def queue(user, today: dt.date) -> list[Marked]:
    """The pending disclosures ``user`` may see, earliest due first, with their marks."""
    rows = access.visible_disclosures(user).filter(status=Disclosure.Status.PENDING).order_by("due_on", "id")
    cal = current_calendar(provisional=True)
    return [mark_of(d, today, cal) for d in rows.select_related("agency")]


def history(user, limit: int = 100):
    return (
        access.visible_disclosures(user)
        .exclude(status=Disclosure.Status.PENDING)
        .order_by("-decided_on", "-id")
        .select_related("agency")[:limit]
    )


def workbench_counts(user, today: dt.date) -> dict | None:
    """待公开 / 黄牌 / 红牌 for a publicity admin's workbench; None for anyone else."""
    if not access.may_act(user):
        return None
    marks = queue(user, today)
    return {
        "pending": len(marks),
        "yellow": sum(m.mark == "yellow" for m in marks),
        "red": sum(m.mark == "red" for m in marks),
    }


def publicity_admins(agency_id: int) -> list[User]:
    return list(
        User.objects.filter(
            role_grants__role=Role.PUBLICITY_ADMIN, department__agency_id=agency_id, is_active=True
        )
    )
