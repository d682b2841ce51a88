"""Reads of 双随机: the canonical inputs of a plan's draw (targets, inspectors, recusal pairs, constraints), the
public description of a plan, my tasks and result deadlines.

The inputs are read once, at commit (``services.plan_commit``), and frozen in ``Commitment.inputs``; the draw
never reads the directories again.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import F, Q, QuerySet

from sanxiang.accounts import rules as account_rules
from sanxiang.accounts import selectors as account_selectors
from sanxiang.accounts.models import Department, User
from sanxiang.core.calendar import current_calendar
from sanxiang.inspections import rules
from sanxiang.inspections.models import (
    Inspector,
    InspectorRecusal,
    Plan,
    Result,
    Target,
    Task,
    TaskMember,
)


def plan_departments(plan: Plan) -> list[Department]:
    """The lead department and every department with an item in the plan (a joint plan has several)."""
    ids = {plan.department_id, *plan.items.values_list("department_id", flat=True)}
    return list(Department.objects.filter(pk__in=ids).select_related("agency").order_by("id"))


def required_fields(plan: Plan) -> list[str]:
    """The enforcement fields every team must cover: one per item's field (a joint plan: each department's)."""
    codes = plan.items.exclude(item__field__isnull=True).values_list("item__field__code", flat=True)
    return sorted(set(codes))


def plan_targets(plan: Plan) -> QuerySet[Target]:
    """Active targets matching the plan's filter, in the risk classes the plan has a ratio for."""
    targets = Target.objects.filter(is_active=True, risk_class__in=list(plan.ratios))
    if plan.industries:
        targets = targets.filter(industry__in=plan.industries)
    if plan.regions:
        targets = targets.filter(region__in=plan.regions)
    if plan.kinds:
        targets = targets.filter(kind__in=plan.kinds)
    return targets.order_by("credit_code")


def inspector_fields(user: User, fields: list[str], days: list[dt.date]) -> list[str]:
    """The plan fields ``user`` may act in on every one of ``days`` (执法证: accounts.rules.may_act)."""
    records = account_selectors.certificate_records(user)
    return [f for f in fields if all(account_rules.may_act(records, f, day) for day in days)]


def open_workload() -> dict[int, int]:
    """Inspector id -> tasks assigned and not yet inspected (the draw balances on it)."""
    counts: dict[int, int] = {}
    rows = TaskMember.objects.filter(task__result__isnull=True).exclude(task__plan__status=rules.CANCELLED)
    for inspector_id in rows.values_list("inspector_id", flat=True):
        counts[inspector_id] = counts.get(inspector_id, 0) + 1
    return counts


def plan_inspectors(plan: Plan, today: dt.date) -> list[tuple[Inspector, list[str]]]:
    """Eligible inspectors of the plan's departments with the plan fields they are certified in on both today
    and the first day of the period; unavailable ones and those certified in none of the fields are left out."""
    fields = required_fields(plan)
    days = sorted({today, plan.period_start})
    out = []
    rows = Inspector.objects.filter(
        is_active=True, user__is_active=True, user__department__in=plan_departments(plan)
    ).select_related("user")
    for inspector in rows.order_by("public_id"):
        if rules.unavailable_during(
            is_available=inspector.is_available,
            unavailable_from=inspector.unavailable_from,
            unavailable_to=inspector.unavailable_to,
            period_start=plan.period_start,
            period_end=plan.period_end,
        ):
            continue
        certified = inspector_fields(inspector.user, fields, days)
        if certified:
            out.append((inspector, certified))
    return out


def recent_inspection_pairs(inspector_ids: list[int], today: dt.date) -> set[tuple[int, int]]:
    """(inspector id, target id) for every team member who inspected — or was assigned — the target within
    ``INSPECTION_RECUSAL_MONTHS`` months before ``today`` (the plan's recusal rule, docs/inspections.md)."""
    months = settings.INSPECTION_RECUSAL_MONTHS
    if months <= 0:
        return set()
    cutoff = rules.months_before(today, months)
    rows = TaskMember.objects.filter(inspector_id__in=inspector_ids).filter(
        Q(task__result__inspected_on__gte=cutoff)
        | Q(task__result__isnull=True, task__assigned_on__gte=cutoff)
    )
    return set(rows.values_list("inspector_id", "task__target_id"))


def recusal_pairs(inspectors: list[Inspector], targets: QuerySet[Target], today: dt.date) -> list[list[str]]:
    """Recusal pairs as ``[inspector public id, target credit code]``, sorted: declared recusals still in force
    and recent inspections. The reasons stay here; only the pairs leave."""
    by_id = {i.pk: i.public_id for i in inspectors}
    declared = InspectorRecusal.objects.filter(
        ended_at__isnull=True, inspector_id__in=list(by_id), target__in=targets
    ).values_list("inspector_id", "target_id")
    pairs = set(declared) | recent_inspection_pairs(list(by_id), today)
    target_ids = {t for _i, t in pairs}
    codes = dict(targets.filter(pk__in=target_ids).values_list("pk", "credit_code"))
    return sorted({(by_id[i], codes[t]) for i, t in pairs if t in codes and i in by_id})


def plan_public(plan: Plan) -> dict:
    """What the public may know about a plan (no personal data)."""
    return {
        "id": plan.pk,
        "title": plan.title,
        "agency": plan.agency.name,
        "department": plan.department.name,
        "items": [
            {
                "code": pi.item.code,
                "version": pi.item.version,
                "matter": pi.item.matter,
                "sub_item": pi.item.sub_item,
                "basis": pi.item.basis,
                "field": pi.item.field.code if pi.item.field else None,
                "department": str(pi.department),
            }
            for pi in plan.items.select_related("item__field", "department__agency")
        ],
        "joint": len(plan_departments(plan)) > 1,
        "filter": {"industries": plan.industries, "regions": plan.regions, "kinds": plan.kinds},
        "ratios": plan.ratios,
        "period": [plan.period_start.isoformat(), plan.period_end.isoformat()],
        "frequency": plan.frequency,
        "team_size": plan.team_size,
        "same_region": plan.same_region,
    }


def my_tasks(user: User) -> QuerySet[Task]:
    return (
        Task.objects.filter(members__inspector__user=user)
        .exclude(plan__status=rules.CANCELLED)
        .select_related("plan", "target")
        .order_by(F("result__id").asc(nulls_first=True), "plan_id", "number")
    )  # open tasks first; a user is on a team at most once (inspection_member_unique): no duplicates


def task_team(task: Task) -> list[TaskMember]:
    return list(task.members.select_related("inspector__user"))


def result_deadline_mark(result: Result, today: dt.date) -> dict:
    """The publication deadline of a result with its 黄牌/红牌 (none once published)."""
    due = result.deadline.due_on
    if result.published_at is not None:
        return {"due_on": due.isoformat(), "mark": "", "working_days_left": None, "published": True}
    left = current_calendar(provisional=True).count_working_days(today, due) if due > today else 0
    return {
        "due_on": due.isoformat(),
        "mark": rules.deadline_mark(due, today, left),
        "working_days_left": left,
        "published": False,
        "legal_basis": result.deadline.legal_basis,
    }
