"""Periodic jobs of the cases app (run by ``sanxiang worker``): deadline warnings (黄牌 / 红牌).

Every 15 minutes each open case deadline is marked: yellow when 2 working days or fewer are left, red when
overdue. The person responsible is notified once per deadline and colour; on red, the unit head of the
handling department too. A deadline answered for by a group (法制审核: the legal reviewers; 移送决定: the
leaders) notifies the group. Idempotent: the marks and the notification keys make a re-run send nothing new.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from sanxiang.accounts.models import Department, Role, User
from sanxiang.cases import selectors
from sanxiang.cases.models import CaseDeadline
from sanxiang.cases.notifications import notification_send
from sanxiang.cases.workflow import DEADLINES
from sanxiang.core.periodic import periodic


def _group(row: CaseDeadline) -> list[User]:
    agency = row.case.agency_id
    if row.code == "review":
        return list(User.objects.filter(role_grants__role=Role.LEGAL_REVIEWER, department__agency_id=agency,
                                        department__kind=Department.Kind.LEGAL, is_active=True))  # fmt: skip
    return list(
        User.objects.filter(role_grants__role=Role.LEADER, department__agency_id=agency, is_active=True)
    )


def _unit_heads(row: CaseDeadline) -> list[User]:
    return list(User.objects.filter(role_grants__role=Role.UNIT_HEAD, department_id=row.case.department_id,
                                    is_active=True))  # fmt: skip


def deadline_warnings(now: dt.datetime) -> dict[str, int]:
    """Mark open deadlines and notify; returns how many yellow/red marks and notifications were new."""
    today = timezone.localdate(now)
    cal = selectors.calendar()
    counts = {"yellow": 0, "red": 0, "notifications": 0}
    for row in selectors.open_deadlines().filter(Q(yellow_at__isnull=True) | Q(red_at__isnull=True)):
        mark = selectors.deadline_mark(row, today, cal).mark
        if not mark or (mark == "yellow" and row.yellow_at) or (mark == "red" and row.red_at):
            continue
        CaseDeadline.objects.filter(pk=row.pk).update(**{f"{mark}_at": now})
        counts[mark] += 1
        label = DEADLINES[row.code].label if row.code in DEADLINES else row.code
        due = row.deadline.due_on.isoformat() + ("（暂定）" if row.deadline.provisional else "")
        case = row.case.number or f"案源 {row.case_id}"
        text = (f"【红牌】{case}“{label}”已于 {due} 届满，请立即处理。" if mark == "red"
                else f"【黄牌】{case}“{label}”将于 {due} 届满（不超过 2 个工作日）。")  # fmt: skip
        recipients = [row.responsible] if row.responsible else _group(row)
        if mark == "red":
            recipients += _unit_heads(row)
        for user in {u.pk: u for u in recipients}.values():
            sent = notification_send(recipient=user, text=text, link=f"/api/cases/{row.case_id}/",
                                     key=f"deadline:{row.pk}:{mark}")  # fmt: skip
            counts["notifications"] += sent is not None
    return counts


@periodic(
    name="cases.deadline_warnings", every=dt.timedelta(minutes=15), description="案件期限黄牌、红牌预警"
)
def cases_deadline_warnings(slot: dt.datetime) -> str:
    counts = deadline_warnings(timezone.now())
    return f"黄牌 {counts['yellow']}，红牌 {counts['red']}，提醒 {counts['notifications']} 条。"
