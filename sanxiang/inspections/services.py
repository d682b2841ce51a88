"""Plans and the draw (抽查计划, 承诺, 抽取, 公示): every write is one ``plan_<verb>`` / ``draw_reveal`` function,
keyword-only with an explicit ``actor=``, in one transaction with exactly one record-log event.

Commit then reveal (architecture.md "The random draw", issue 7; RFC 3797's discipline):

1. ``plan_commit`` reads the directories once, freezes the draw's inputs in ``Commitment.inputs``, checks them
   with ``draw.feasibility`` (a plan that cannot be met is refused with the reasons, never relaxed), and
   publishes the commitment — with the named source of randomness and the time after which its value will be
   taken, which must be in the future — before any randomness exists. One commitment per plan.
2. ``draw_reveal`` takes the public value once that time has passed, re-runs nothing from the database: it
   draws from the frozen inputs, locks the result (``Draw``, one per plan), creates the tasks and teams and
   publishes the draw record.
3. ``plan_publish`` publishes the task list; ``plan_cancel`` (before the draw) publishes the reason.

Results live in ``result_services.py``, the inspector directory in ``directory_services.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone

from sanxiang.accounts.models import Department, User
from sanxiang.catalog.models import InspectionItem
from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.inspections import draw, rules, selectors
from sanxiang.inspections.access import check_manage
from sanxiang.inspections.models import (
    Commitment,
    Draw,
    Inspector,
    Plan,
    PlanItem,
    PublishedPlan,
    Target,
    Task,
    TaskMember,
)
from sanxiang.records.services import event_append

SUBJECT = "inspections.plan"


def today() -> dt.date:
    return timezone.localdate()


def lock(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("agency", "department").get(pk=plan.pk)


def _check_state(plan: Plan, action: str) -> None:
    problem = rules.refusal(action, plan.status)
    if problem:
        raise Conflict(problem)


def _strings(values) -> list[str]:
    if isinstance(values, str):
        values = values.replace("，", ",").split(",")
    return sorted({str(v).strip() for v in values or [] if str(v).strip()})


def digest(data) -> str:
    """SHA-256 of canonical JSON (sorted keys, no spaces, UTF-8): how the log and pages name a published file."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- plans ------------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor: User,
    title: str,
    items: list[tuple[InspectionItem, Department]],
    ratios: dict,
    period_start: dt.date,
    period_end: dt.date,
    frequency: str,
    team_size: int = 2,
    industries=(),
    regions=(),
    kinds=(),
    same_region: bool = False,
    max_tasks_per_inspector: int | None = None,
) -> Plan:
    """制定抽查计划 (state ``draft``). ``items``: random-inspection items (current versions) with the department
    that inspects each; items of several departments make a joint plan. Event ``plan.create``."""
    check_manage(actor)
    title = (title or "").strip()
    if not title:
        raise InvalidInput("请填写计划名称。")
    if not items:
        raise InvalidInput("请至少选择一项随机抽查事项。")
    clean_ratios, problems = rules.ratio_problems(ratios)
    if problems:
        raise InvalidInput("".join(problems))
    # 两名以上执法人员 (行政处罚法 art. 42; the item list's 检查人员要求).
    if team_size is None or int(team_size) < 2:
        raise InvalidInput("每组检查人员不少于 2 人（行政处罚法第四十二条：执法人员不得少于两人）。")
    if period_end < period_start:
        raise InvalidInput("检查结束日期不能早于开始日期。")
    if not (frequency or "").strip():
        raise InvalidInput("请填写抽查频次，如“每年 1 次”。")
    if max_tasks_per_inspector is not None and int(max_tasks_per_inspector) < 1:
        raise InvalidInput("每人任务上限应为正整数；不限时留空。")
    agency_id = actor.department.agency_id
    seen = set()
    for item, department in items:
        if item.effective_to is not None or item.effective_from > today():
            raise InvalidInput(f"随机抽查事项“{item}”不是现行版本，请选择现行有效的事项。")
        if item.field_id is None:
            raise InvalidInput(f"随机抽查事项“{item}”未设执法类别，无法确定检查人员的资格要求。")
        if item.pk in seen:
            raise InvalidInput(f"随机抽查事项“{item}”重复。")
        if not department.is_active:
            raise InvalidInput(f"实施部门“{department}”已停用。")
        seen.add(item.pk)
    plan = Plan.objects.create(
        agency_id=agency_id,
        department=actor.department,
        title=title,
        period_start=period_start,
        period_end=period_end,
        frequency=frequency.strip(),
        ratios=clean_ratios,
        team_size=int(team_size),
        same_region=bool(same_region),
        max_tasks_per_inspector=max_tasks_per_inspector,
        industries=_strings(industries),
        regions=_strings(regions),
        kinds=_strings(kinds),
        created_by=actor,
    )
    PlanItem.objects.bulk_create([PlanItem(plan=plan, item=i, department=d) for i, d in items])
    event_append(
        actor=actor,
        action="plan.create",
        subject_type=SUBJECT,
        subject_id=plan.pk,
        payload=selectors.plan_public(plan),
    )
    return plan


def frozen_inputs(plan: Plan, *, source: dict, on: dt.date) -> dict:
    """The draw's inputs read from the database now, as JSON (targets by credit code, inspectors by public id)."""
    targets = selectors.plan_targets(plan)
    eligible = selectors.plan_inspectors(plan, on)
    workload = selectors.open_workload()
    required, covered = rules.draw_fields(plan.items.values_list("department_id", "item__field__code"))
    constraints = {
        "ratios": plan.ratios,
        "team_size": plan.team_size,
        "fields_required": required,
        "same_region": plan.same_region,
        "max_tasks_per_inspector": plan.max_tasks_per_inspector,
    }
    if covered:  # a joint plan: each department's field covered by some member of every team
        constraints["fields_covered"] = covered
    return {
        "plan_id": str(plan.pk),
        "targets": [
            {
                "id": t.credit_code,
                "name": t.name,
                "risk_class": t.risk_class,
                "region": t.region,
                "industry": t.industry,
            }
            for t in targets.only("credit_code", "name", "risk_class", "region", "industry").iterator()
        ],  # fmt: skip
        "inspectors": [
            {
                "id": i.public_id,
                "fields": fields,
                "regions": list(i.regions),
                "workload": workload.get(i.pk, 0),
            }
            for i, fields in eligible
        ],
        "recusals": [list(p) for p in selectors.recusal_pairs([i for i, _f in eligible], targets, on)],
        "constraints": constraints,
        "source": source,
        "code_version": draw.CODE_VERSION,
    }


def draw_inputs(frozen: dict) -> draw.DrawInputs:
    """The ``draw.DrawInputs`` of frozen JSON inputs (the inverse of :func:`frozen_inputs`)."""
    c = frozen["constraints"]
    return draw.DrawInputs(
        plan_id=frozen["plan_id"],
        targets=tuple(draw.Target(**t) for t in frozen["targets"]),
        inspectors=tuple(
            draw.Inspector(
                id=i["id"], fields=tuple(i["fields"]), regions=tuple(i["regions"]), workload=i["workload"]
            )
            for i in frozen["inspectors"]
        ),
        recusals=tuple((a, b) for a, b in frozen["recusals"]),
        constraints=draw.Constraints(
            ratios=dict(c["ratios"]),
            team_size=c["team_size"],
            fields_required=tuple(c["fields_required"]),
            same_region=c["same_region"],
            max_tasks_per_inspector=c["max_tasks_per_inspector"],
            fields_covered=tuple(c.get("fields_covered", ())),
        ),
        source=draw.RandomnessSource(**frozen["source"]),
        code_version=frozen["code_version"],
    )


@transaction.atomic
def plan_commit(
    *, actor: User, plan: Plan, source_name: str, source_after: dt.datetime, source_description: str = ""
) -> Commitment:
    """承诺: freeze the inputs, refuse an infeasible plan with its reasons, store, log and publish the
    commitment with the named randomness source and the time after which its value will be taken.
    Event ``plan.commit``. A second commitment for the same plan is refused (409)."""
    check_manage(actor, plan)
    plan = lock(plan)
    if Commitment.objects.filter(plan=plan).exists():
        raise Conflict(
            "该计划已经提交过承诺：每个计划只能承诺一次，不能重新抽取；如须放弃，请取消计划并公开原因。"
        )
    _check_state(plan, "commit")
    source_name = (source_name or "").strip()
    if not source_name:
        raise InvalidInput("请写明随机源的名称，如“中国福利彩票双色球第 2026137 期开奖号码”。")
    if source_after is None or timezone.is_naive(source_after):
        raise InvalidInput("请填写随机源取值时间（含日期、时刻和时区）。")
    now = timezone.now()
    if source_after <= now:
        raise InvalidInput(
            "随机源取值时间必须晚于现在：承诺须在随机数产生之前公开。请选择将来的开奖或发布时间。"
        )
    source = {
        "name": source_name,
        "after": timezone.localtime(source_after).isoformat(),
        "description": (source_description or "").strip(),
    }
    frozen = frozen_inputs(plan, source=source, on=today())
    inputs = draw_inputs(frozen)
    reasons = draw.feasibility(inputs)
    if reasons:
        raise InvalidInput(
            "计划无法按要求抽取：" + "；".join(reasons) + "。请调整计划或补充检查人员后再承诺。"
        )
    body = draw.commitment(inputs)
    try:
        with transaction.atomic():
            row = Commitment.objects.create(
                plan=plan,
                inputs=frozen,
                body=body,
                source_name=source_name,
                source_after=source_after,
                source_description=source["description"],
                committed_by=actor,
            )
    except IntegrityError:
        raise Conflict("该计划已经提交过承诺：每个计划只能承诺一次。") from None
    plan.status = rules.next_state("commit", plan.status)
    plan.save(update_fields=["status"])
    PublishedPlan.objects.create(
        plan_id=plan.pk,
        agency_name=plan.agency.name,
        title=plan.title,
        status=plan.status,
        plan=selectors.plan_public(plan),
        commitment=body,
        committed_at=row.committed_at,
    )
    event_append(
        actor=actor,
        action="plan.commit",
        subject_type=SUBJECT,
        subject_id=plan.pk,
        payload={"commitment": body, "commitment_sha256": digest(body), "inputs_sha256": digest(frozen),
                 "targets": len(frozen["targets"]), "inspectors": len(frozen["inspectors"])},
    )  # fmt: skip
    return row


@transaction.atomic
def plan_cancel(*, actor: User, plan: Plan, reason: str) -> Plan:
    """取消计划 before the draw; once committed, the cancellation and its reason are published next to the
    commitment (a draw is never abandoned quietly). Event ``plan.cancel``."""
    check_manage(actor, plan)
    plan = lock(plan)
    _check_state(plan, "cancel")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("请写明取消计划的原因；已承诺的计划，原因将公开。")
    was = plan.status
    plan.status = rules.next_state("cancel", plan.status)
    plan.cancel_reason = reason
    plan.save(update_fields=["status", "cancel_reason"])
    if was == rules.COMMITTED:
        PublishedPlan.objects.filter(plan_id=plan.pk).update(
            status=plan.status, cancellation={"reason": reason, "at": timezone.now().isoformat()}
        )
    event_append(
        actor=actor,
        action="plan.cancel",
        subject_type=SUBJECT,
        subject_id=plan.pk,
        payload={"from": was, "reason": reason, "published": was == rules.COMMITTED},
    )
    return plan


@transaction.atomic
def draw_reveal(*, actor: User, plan: Plan, value: str) -> Draw:
    """录入随机数并抽取: after the committed time, draw from the frozen inputs with the public ``value``, lock
    the result, create the tasks and teams, and publish the draw record. Event ``plan.draw``."""
    check_manage(actor, plan)
    plan = lock(plan)
    if Draw.objects.filter(plan=plan).exists():
        raise Conflict("该计划已经抽取，结果已锁定，不能重新抽取。")
    _check_state(plan, "reveal")
    commitment = plan.commitment
    if timezone.now() <= commitment.source_after:
        after = timezone.localtime(commitment.source_after).strftime("%Y-%m-%d %H:%M")
        raise Conflict(f"随机源的数值须在 {after} 之后取得，现在还不能抽取。")
    value = (value or "").strip()
    if not value:
        raise InvalidInput(f"请录入“{commitment.source_name}”公布的数值。")
    inputs = draw_inputs(commitment.inputs)
    try:
        result = draw.run(inputs, value)
    except draw.Infeasible as exc:
        reasons = "；".join(exc.reasons)
        raise Conflict(f"按承诺的输入无法完成抽取：{reasons}。结果未生成；请取消计划并公开原因。") from None
    record = draw.record(inputs, value, result)
    row = Draw.objects.create(plan=plan, value=value, record=record, revealed_by=actor)
    _create_tasks(plan, result)
    plan.status = rules.next_state("reveal", plan.status)
    plan.save(update_fields=["status"])
    PublishedPlan.objects.filter(plan_id=plan.pk).update(
        status=plan.status, record=record, drawn_at=row.revealed_at
    )
    event_append(
        actor=actor,
        action="plan.draw",
        subject_type=SUBJECT,
        subject_id=plan.pk,
        payload={"value": value, "record_sha256": digest(record), "tasks": len(result.tasks),
                 "drawn_per_class": dict(result.drawn_per_class)},
    )  # fmt: skip
    return row


def _create_tasks(plan: Plan, result) -> None:
    codes = [t.target_id for t in result.tasks]
    targets = {t.credit_code: t for t in Target.objects.filter(credit_code__in=codes)}
    public_ids = {i for t in result.tasks for i in t.inspector_ids}
    inspectors = {i.public_id: i for i in Inspector.objects.filter(public_id__in=public_ids)}
    on = today()
    tasks = Task.objects.bulk_create(
        [
            Task(plan=plan, number=n, target=targets[t.target_id], assigned_on=on)
            for n, t in enumerate(result.tasks, 1)
        ]
    )
    members = [
        TaskMember(task=task, inspector=inspectors[pid], is_lead=(k == 0))
        for task, drawn in zip(tasks, result.tasks, strict=True)
        for k, pid in enumerate(drawn.inspector_ids)
    ]
    TaskMember.objects.bulk_create(members)


def task_list_public(plan: Plan) -> list[dict]:
    """The published task list: organisations by name and credit code, teams by public id."""
    rows = Task.objects.filter(plan=plan).select_related("target").prefetch_related("members__inspector")
    return [
        {"number": t.number, "target": t.target.name, "credit_code": t.target.credit_code, "region": t.target.region,
         "risk_class": t.target.risk_class, "team": [m.inspector.public_id for m in t.members.all()]}
        for t in rows.order_by("number")
    ]  # fmt: skip


@transaction.atomic
def plan_publish(*, actor: User, plan: Plan) -> Plan:
    """公示检查任务: publish the task list of a drawn plan. Event ``plan.publish``."""
    check_manage(actor, plan)
    plan = lock(plan)
    _check_state(plan, "publish")
    tasks = task_list_public(plan)
    plan.status = rules.next_state("publish", plan.status)
    plan.save(update_fields=["status"])
    PublishedPlan.objects.filter(plan_id=plan.pk).update(
        status=plan.status, tasks=tasks, tasks_published_at=timezone.now()
    )
    event_append(
        actor=actor,
        action="plan.publish",
        subject_type=SUBJECT,
        subject_id=plan.pk,
        payload={"tasks": len(tasks), "tasks_sha256": digest(tasks)},
    )
    return plan
