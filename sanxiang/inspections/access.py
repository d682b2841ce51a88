"""Who may see and act on inspection plans and tasks. Every fetch goes through :func:`access_plan` or
:func:`access_task`; "does not exist" and "not allowed to see" are answered the same way (404).

- every staff member of the agency sees its plans (the task list is published anyway once drawn), and the staff
  of a department taking part in a joint plan see that plan;
- plans are made, committed, drawn, published and cancelled by the unit head (承办机构负责人) or a leader
  (机关负责人) of the agency;
- a task's result is recorded by a member of its team (or the unit head / leader);
- supervisors (监督人员) see every plan, read-only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from sanxiang.accounts.models import Role, User
from sanxiang.core.errors import NotAllowed
from sanxiang.inspections.models import Plan, Task

MANAGERS = frozenset({Role.UNIT_HEAD, Role.LEADER})


class InspectionNotFound(Http404):
    pass


def visible_plans(user: User) -> QuerySet[Plan]:
    if not user.is_authenticated or not user.is_active:
        return Plan.objects.none()
    if Role.SUPERVISOR in user.role_codes:
        return Plan.objects.all()
    if user.department is None:
        return Plan.objects.none()
    # A joint plan is also visible to the staff of every participating department (of another agency too).
    ours = Q(agency_id=user.department.agency_id) | Q(items__department_id=user.department_id)
    return Plan.objects.filter(pk__in=Plan.objects.filter(ours).values("pk"))


def may_manage(user: User, plan: Plan | None = None) -> bool:
    """Unit head or leader of the plan's agency (of their own agency when ``plan`` is None)."""
    if not user.is_authenticated or user.department is None or not (user.role_codes & MANAGERS):
        return False
    return plan is None or plan.agency_id == user.department.agency_id


def check_manage(user: User, plan: Plan | None = None) -> None:
    if not may_manage(user, plan):
        raise NotAllowed("抽查计划须由承办机构负责人或机关负责人制定、承诺、抽取、公示或取消。")


def access_plan(user: User, plan_id, *, for_action: bool = False) -> Plan:
    """The plan when ``user`` may see it (404 otherwise); with ``for_action``, also refuse who may not manage
    plans (403)."""
    try:
        pk = int(plan_id)
    except (TypeError, ValueError):
        raise InspectionNotFound("抽查计划不存在。") from None
    plan = visible_plans(user).filter(pk=pk).select_related("agency", "department").first()
    if plan is None:
        raise InspectionNotFound("抽查计划不存在。")
    if for_action:
        check_manage(user, plan)
    return plan


def is_member(user: User, task: Task) -> bool:
    return task.members.filter(inspector__user=user).exists()


def access_task(user: User, task_id, *, for_action: bool = False) -> Task:
    """The task when ``user`` may see its plan (404 otherwise); with ``for_action``, only a team member or a
    manager of the agency may act on it (403)."""
    try:
        pk = int(task_id)
    except (TypeError, ValueError):
        raise InspectionNotFound("检查任务不存在。") from None
    task = (
        Task.objects.filter(pk=pk, plan__in=visible_plans(user))
        .select_related("plan__agency", "target")
        .first()
    )
    if task is None:
        raise InspectionNotFound("检查任务不存在。")
    if for_action and not (is_member(user, task) or may_manage(user, task.plan)):
        raise NotAllowed("只有本检查组成员或承办机构负责人可以录入该任务的检查结果。")
    return task
