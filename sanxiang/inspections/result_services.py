"""检查结果: a team records the result of its task (with the 现场笔录 and evidence), the result feeds the
target's history, results are published within 20 working days of the inspection (deadline tracked), and a
problem found opens a case linked to the inspection. One transaction and one event per function.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sanxiang.accounts.models import User
from sanxiang.cases import services as case_services
from sanxiang.cases.models import Case
from sanxiang.catalog.models import EnforcementItem
from sanxiang.catalog.penalties import PartyKind, Procedure
from sanxiang.core.calendar import deadline_create
from sanxiang.core.errors import Conflict, InvalidInput, NotAllowed
from sanxiang.inspections import rules
from sanxiang.inspections.access import check_manage, is_member, may_manage
from sanxiang.inspections.models import Plan, PublishedPlan, PublishedResult, Result, Target, Task
from sanxiang.records.evidence import evidence_link
from sanxiang.records.models_evidence import EvidenceItem
from sanxiang.records.services import event_append

SUBJECT = "inspections.task"
PUBLISH_DEADLINE_KIND = "publish_inspection_result"


def _check_plan_state(plan: Plan, action: str) -> None:
    problem = rules.refusal(action, plan.status)
    if problem:
        raise Conflict(problem)


@transaction.atomic
def result_record(
    *,
    actor: User,
    task: Task,
    outcome: str,
    inspected_on: dt.date,
    site_record: str,
    notes: str = "",
    site_record_item: EvidenceItem | None = None,
    evidence: list[EvidenceItem] = (),
) -> Result:
    """录入检查结果: starts the 20-working-day publication deadline from the inspection day, links the scanned
    现场笔录 and the evidence to the task, and writes the target's last inspection (event ``target.inspected``
    beside ``inspection.result``)."""
    task = Task.objects.select_for_update().select_related("plan", "target").get(pk=task.pk)
    if not (is_member(actor, task) or may_manage(actor, task.plan)):
        raise NotAllowed("只有本检查组成员或承办机构负责人可以录入该任务的检查结果。")
    _check_plan_state(task.plan, "record_result")
    if Result.objects.filter(task=task).exists():
        raise Conflict("该任务的检查结果已录入。")
    if outcome not in Result.Outcome.values:
        raise InvalidInput(
            "检查结论应为：" + "、".join(f"{v}（{label}）" for v, label in Result.Outcome.choices) + "。"
        )
    if inspected_on > timezone.localdate():
        raise InvalidInput("检查日期不能晚于今天。")
    if inspected_on < task.assigned_on:
        raise InvalidInput(f"检查日期不能早于任务下达日期 {task.assigned_on.isoformat()}。")
    site_record = (site_record or "").strip()
    if not site_record:
        raise InvalidInput("请填写现场笔录的内容（检查时间、地点、检查人员、检查情况和被检查单位意见）。")
    deadline = deadline_create(
        subject_type=SUBJECT,
        subject_id=task.pk,
        kind=PUBLISH_DEADLINE_KIND,
        start_on=inspected_on,
        period_kind="working",
        period_days=rules.RESULT_PUBLISH_WORKING_DAYS,
        legal_basis=rules.RESULT_PUBLISH_BASIS,
        actor=actor,
        allow_provisional=True,
    )
    result = Result.objects.create(
        task=task,
        outcome=outcome,
        inspected_on=inspected_on,
        notes=(notes or "").strip(),
        site_record=site_record,
        site_record_item=site_record_item,
        recorded_by=actor,
        deadline=deadline,
    )
    linked = []
    for item in [site_record_item, *evidence]:
        if item is not None and item.pk not in linked:
            evidence_link(actor=actor, item=item, subject_type=SUBJECT, subject_id=task.pk)
            linked.append(item.pk)
    event_append(
        actor=actor,
        action="inspection.result",
        subject_type=SUBJECT,
        subject_id=task.pk,
        payload={"plan_id": task.plan_id, "outcome": outcome, "inspected_on": inspected_on.isoformat(),
                 "evidence": linked, "publish_due_on": deadline.due_on.isoformat()},
    )  # fmt: skip
    _target_inspected(actor=actor, target=task.target, on=inspected_on, outcome=result.get_outcome_display())
    return result


def _target_inspected(*, actor: User, target: Target, on: dt.date, outcome: str) -> None:
    """The target's history: last inspection date and result (a later inspection only)."""
    target = Target.objects.select_for_update().get(pk=target.pk)
    if target.last_inspected_on and target.last_inspected_on > on:
        return
    target.last_inspected_on = on
    target.last_result = outcome
    target.save(update_fields=["last_inspected_on", "last_result", "updated_at"])
    event_append(
        actor=actor,
        action="target.inspected",
        subject_type="inspections.target",
        subject_id=target.pk,
        payload={"last_inspected_on": on.isoformat(), "last_result": outcome},
    )


@transaction.atomic
def results_publish(*, actor: User, plan: Plan) -> list[PublishedResult]:
    """公示检查结果: publish every recorded, unpublished result of the plan; when every task's result is
    published the plan is ``results_published``. Event ``plan.publish_results``."""
    check_manage(actor, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _check_plan_state(plan, "publish_results")
    pending = list(
        Result.objects.filter(task__plan=plan, published_at__isnull=True).select_related(
            "task__target", "deadline"
        )
    )
    if not pending:
        raise Conflict("没有待公示的检查结果：请先录入检查结果。")
    published = PublishedPlan.objects.get(plan_id=plan.pk)
    now = timezone.now()
    rows = PublishedResult.objects.bulk_create([
        PublishedResult(published_plan=published, task_number=r.task.number, target_name=r.task.target.name,
                        credit_code=r.task.target.credit_code, outcome=r.outcome, notes=r.notes,
                        inspected_on=r.inspected_on)
        for r in pending
    ])  # fmt: skip
    Result.objects.filter(pk__in=[r.pk for r in pending]).update(published_at=now)
    late = [r.task.number for r in pending if r.deadline.due_on < timezone.localdate()]
    if not Task.objects.filter(plan=plan).exclude(result__published_at__isnull=False).exists():
        plan.status = rules.RESULTS_PUBLISHED
        plan.save(update_fields=["status"])
        published.status = plan.status
        published.save(update_fields=["status"])
    event_append(
        actor=actor,
        action="plan.publish_results",
        subject_type="inspections.plan",
        subject_id=plan.pk,
        payload={"tasks": sorted(r.task.number for r in pending), "late": late, "plan_status": plan.status},
    )
    return rows


@transaction.atomic
def result_open_case(*, actor: User, result: Result, item: EnforcementItem, facts: str) -> Case:
    """A problem found opens a case (案源登记, ``cases.services.case_register``) against the target, handled by
    the team members of the actor's agency (the actor leads when on the team). Event ``inspection.open_case``."""
    result = Result.objects.select_for_update().select_related("task__plan", "task__target").get(pk=result.pk)
    task = result.task
    if not (is_member(actor, task) or may_manage(actor, task.plan)):
        raise NotAllowed("只有本检查组成员或承办机构负责人可以据检查结果登记案源。")
    if not result.found_problem:
        raise InvalidInput("检查结论为“责令整改”或“发现违法行为”时才可据此登记案源。")
    if result.case_id is not None:
        raise Conflict(f"该检查结果已登记案源（案件 #{result.case_id}）。")
    facts = (facts or "").strip() or result.notes or result.site_record
    agency_id = actor.department.agency_id if actor.department else None
    team = [m.inspector.user for m in task.members.select_related("inspector__user__department")]
    ours = [u for u in team if u.department and u.department.agency_id == agency_id]
    if not ours:
        raise InvalidInput("检查组中没有本机关的执法人员，无法由本机关登记案源。")
    lead = actor if actor in ours else ours[0]
    officers = [(lead, "lead")] + [(u, "assistant") for u in ours if u != lead]
    target = task.target
    case = case_services.case_register(
        actor=actor,
        item=item,
        procedure=Procedure.GENERAL.value,
        source=f"双随机抽查：{task.plan.title} 第 {task.number} 号任务",
        # A 个体工商户 is registered by its business name and credit code; the operator is added on the case.
        party={"kind": PartyKind.ORGANISATION.value, "name": target.name, "credit_code": target.credit_code,
               "address": target.address},
        officers=officers,
        facts=facts,
        discovered_on=result.inspected_on,
    )  # fmt: skip
    result.case = case
    result.save(update_fields=["case"])
    event_append(
        actor=actor,
        action="inspection.open_case",
        subject_type=SUBJECT,
        subject_id=task.pk,
        payload={"case_id": case.pk, "item": item.code, "item_version": item.version},
    )
    return case
