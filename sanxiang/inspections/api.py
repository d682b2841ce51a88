"""REST API of 双随机 (docs/inspections.md): plans (create, commit, cancel, reveal, publish), tasks, results and
their publication, cases from findings, and the inspector directory. Thin adapters: parse with a serializer,
fetch through ``access``, call one service, render. Errors are ``{"detail", "code"}`` with 400/403/404/409.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from sanxiang.accounts.models import Department, User
from sanxiang.catalog import selectors as catalog_selectors
from sanxiang.catalog.models import InspectionItem
from sanxiang.core.api import SessionAPIView
from sanxiang.core.errors import InvalidInput
from sanxiang.inspections import directory_services, result_services, rules, selectors, services
from sanxiang.inspections import serializers as s
from sanxiang.inspections.access import (
    InspectionNotFound,
    access_plan,
    access_task,
    check_manage,
    visible_plans,
)
from sanxiang.inspections.models import Inspector, Plan, Result, Target, Task
from sanxiang.records.evidence_access import access_evidence_item


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def current_inspection_item(code: str) -> InspectionItem:
    item = InspectionItem.objects.current().filter(code=code).select_related("field").first()
    if item is None:
        raise InvalidInput(f"随机抽查事项“{code}”不存在或已废止。")
    return item


def plan_items(user: User, rows: list[dict]) -> list[tuple[InspectionItem, Department]]:
    """(item, department) pairs of a plan from codes and department ids (default: the user's department)."""
    out = []
    for row in rows:
        department = user.department
        if row.get("department"):
            department = Department.objects.filter(pk=row["department"]).select_related("agency").first()
            if department is None:
                raise InvalidInput(f"实施部门 #{row['department']} 不存在。")
        out.append((current_inspection_item(row["item"]), department))
    return out


# -- rendering -------------------------------------------------------------------------------------------------


def plan_summary(plan: Plan) -> dict:
    return {"id": plan.pk, "title": plan.title, "status": plan.status,
            "status_label": rules.STATE_LABELS[plan.status],
            "period": [plan.period_start.isoformat(), plan.period_end.isoformat()]}  # fmt: skip


def task_json(task: Task, today) -> dict:
    result = getattr(task, "result", None) if hasattr(task, "result") else None
    return {
        "id": task.pk,
        "plan": task.plan_id,
        "number": task.number,
        "target": {"name": task.target.name, "credit_code": task.target.credit_code, "region": task.target.region,
                   "address": task.target.address},
        "team": [{"public_id": m.inspector.public_id, "name": str(m.inspector.user), "lead": m.is_lead}
                 for m in selectors.task_team(task)],
        "result": None if result is None else {
            "id": result.pk, "outcome": result.outcome, "outcome_label": result.get_outcome_display(),
            "inspected_on": result.inspected_on.isoformat(), "notes": result.notes,
            "case": result.case_id, "published_at": result.published_at.isoformat() if result.published_at else None,
            "deadline": selectors.result_deadline_mark(result, today),
        },
    }  # fmt: skip


def plan_detail(plan: Plan) -> dict:
    today = timezone.localdate()
    commitment = getattr(plan, "commitment", None) if hasattr(plan, "commitment") else None
    draw = getattr(plan, "draw", None) if hasattr(plan, "draw") else None
    tasks = plan.tasks.select_related("target", "plan").order_by("number")
    return {
        **plan_summary(plan),
        **{k: v for k, v in selectors.plan_public(plan).items() if k not in {"id", "title"}},
        "cancel_reason": plan.cancel_reason,
        "commitment": None if commitment is None else {
            "body": commitment.body, "source_name": commitment.source_name,
            "source_after": commitment.source_after.isoformat(), "committed_at": commitment.committed_at.isoformat(),
            "targets": len(commitment.inputs["targets"]), "inspectors": len(commitment.inputs["inspectors"]),
        },
        "draw": None if draw is None else {"value": draw.value, "revealed_at": draw.revealed_at.isoformat(),
                                            "record_sha256": services.digest(draw.record)},
        "tasks": [task_json(t, today) for t in tasks],
    }  # fmt: skip


def _plan_response(plan: Plan, status: int = 200) -> Response:
    return Response(plan_detail(Plan.objects.get(pk=plan.pk)), status=status)


# -- plans -----------------------------------------------------------------------------------------------------


class PlanCollection(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="本机关的抽查计划")
    def get(self, request):
        return Response({"results": [plan_summary(p) for p in visible_plans(request.user)[:200]]})

    @extend_schema(request=s.PlanIn, responses={201: OpenApiTypes.OBJECT}, summary="制定抽查计划（草稿）")
    def post(self, request):
        check_manage(request.user)
        data = _valid(s.PlanIn, request)
        items = plan_items(request.user, data.pop("items"))
        plan = services.plan_create(actor=request.user, items=items, **data)
        return _plan_response(plan, 201)


class PlanDetail(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="抽查计划详情（承诺、抽取、任务、结果）")
    def get(self, request, plan_id):
        return _plan_response(access_plan(request.user, plan_id))


class PlanCommit(SessionAPIView):
    @extend_schema(request=s.CommitIn, responses={201: OpenApiTypes.OBJECT}, summary="提交并公开承诺",
                   description="冻结抽取输入并公开承诺。无法满足的约束返回 400 及原因；同一计划再次承诺返回 409。")  # fmt: skip
    def post(self, request, plan_id):
        plan = access_plan(request.user, plan_id, for_action=True)
        services.plan_commit(actor=request.user, plan=plan, **_valid(s.CommitIn, request))
        return _plan_response(plan, 201)


class PlanCancel(SessionAPIView):
    @extend_schema(request=s.ReasonIn, responses=OpenApiTypes.OBJECT, summary="取消计划（已承诺的公开原因）")
    def post(self, request, plan_id):
        plan = access_plan(request.user, plan_id, for_action=True)
        services.plan_cancel(actor=request.user, plan=plan, **_valid(s.ReasonIn, request))
        return _plan_response(plan)


class PlanReveal(SessionAPIView):
    @extend_schema(request=s.RevealIn, responses=OpenApiTypes.OBJECT, summary="录入随机源数值并抽取",
                   description="只能在承诺的取值时间之后；结果锁定，不能重新抽取。")  # fmt: skip
    def post(self, request, plan_id):
        plan = access_plan(request.user, plan_id, for_action=True)
        services.draw_reveal(actor=request.user, plan=plan, **_valid(s.RevealIn, request))
        return _plan_response(plan)


class PlanPublish(SessionAPIView):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT, summary="公示检查任务")
    def post(self, request, plan_id):
        plan = access_plan(request.user, plan_id, for_action=True)
        services.plan_publish(actor=request.user, plan=plan)
        return _plan_response(plan)


class PlanPublishResults(SessionAPIView):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT, summary="公示已录入的检查结果")
    def post(self, request, plan_id):
        plan = access_plan(request.user, plan_id, for_action=True)
        result_services.results_publish(actor=request.user, plan=plan)
        return _plan_response(plan)


# -- tasks and results -----------------------------------------------------------------------------------------


class MyTasks(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="我的检查任务")
    def get(self, request):
        today = timezone.localdate()
        return Response({"results": [task_json(t, today) for t in selectors.my_tasks(request.user)[:200]]})


class TaskDetail(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="检查任务")
    def get(self, request, task_id):
        return Response(task_json(access_task(request.user, task_id), timezone.localdate()))


class TaskResult(SessionAPIView):
    @extend_schema(request=s.ResultIn, responses={201: OpenApiTypes.OBJECT}, summary="录入检查结果")
    def post(self, request, task_id):
        task = access_task(request.user, task_id, for_action=True)
        data = _valid(s.ResultIn, request)
        if data["site_record_item"] is not None:
            data["site_record_item"] = access_evidence_item(request.user, data["site_record_item"])
        data["evidence"] = [access_evidence_item(request.user, pk) for pk in data["evidence"]]
        result_services.result_record(actor=request.user, task=task, **data)
        return Response(task_json(Task.objects.get(pk=task.pk), timezone.localdate()), status=201)


class TaskCase(SessionAPIView):
    @extend_schema(request=s.OpenCaseIn, responses={201: OpenApiTypes.OBJECT}, summary="据检查发现登记案源")
    def post(self, request, task_id):
        task = access_task(request.user, task_id, for_action=True)
        result = Result.objects.filter(task=task).first()
        if result is None:
            raise InvalidInput("请先录入检查结果。")
        data = _valid(s.OpenCaseIn, request)
        item = catalog_selectors.item_in_force(code=data["item"], on=timezone.localdate())
        if item is None:
            raise InvalidInput("执法事项不存在或不在有效期内。")
        case = result_services.result_open_case(
            actor=request.user, result=result, item=item, facts=data["facts"]
        )
        return Response({"case": case.pk, "task": task.pk}, status=201)


# -- inspector directory ---------------------------------------------------------------------------------------


def _inspector(request, inspector_id) -> Inspector:
    check_manage(request.user)
    inspector = Inspector.objects.filter(
        pk=inspector_id, user__department__agency_id=request.user.department.agency_id
    ).first()
    if inspector is None:
        raise InspectionNotFound("执法检查人员不存在。")
    return inspector


def inspector_json(i: Inspector) -> dict:
    return {"id": i.pk, "public_id": i.public_id, "user": i.user_id, "name": str(i.user), "regions": i.regions,
            "available": i.is_available, "active": i.is_active}  # fmt: skip


class InspectorCollection(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="执法检查人员名录库（本机关）")
    def get(self, request):
        check_manage(request.user)
        rows = Inspector.objects.filter(user__department__agency_id=request.user.department.agency_id)
        return Response({"results": [inspector_json(i) for i in rows.select_related("user")]})

    @extend_schema(request=s.InspectorIn, responses={201: OpenApiTypes.OBJECT}, summary="列入名录库")
    def post(self, request):
        data = _valid(s.InspectorIn, request)
        user = User.objects.filter(pk=data["user"], is_active=True).select_related("department").first()
        if user is None:
            raise InvalidInput(f"工作人员 #{data['user']} 不存在。")
        inspector = directory_services.inspector_register(
            actor=request.user, user=user, regions=data["regions"]
        )
        return Response(inspector_json(inspector), status=201)


class InspectorAvailability(SessionAPIView):
    @extend_schema(request=s.AvailabilityIn, responses=OpenApiTypes.OBJECT, summary="设置可否参加抽取")
    def post(self, request, inspector_id):
        inspector = _inspector(request, inspector_id)
        inspector = directory_services.inspector_set_availability(
            actor=request.user, inspector=inspector, **_valid(s.AvailabilityIn, request)
        )
        return Response(inspector_json(inspector))


class InspectorRecusals(SessionAPIView):
    @extend_schema(request=s.RecusalIn, responses={201: OpenApiTypes.OBJECT}, summary="登记回避")
    def post(self, request, inspector_id):
        inspector = _inspector(request, inspector_id)
        data = _valid(s.RecusalIn, request)
        target = Target.objects.filter(credit_code=data.pop("target").strip().upper()).first()
        if target is None:
            raise InvalidInput("检查对象不存在：请填写名录库中的统一社会信用代码。")
        row = directory_services.recusal_declare(
            actor=request.user, inspector=inspector, target=target, **data
        )
        return Response({"id": row.pk}, status=201)
