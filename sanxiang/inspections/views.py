"""The 双随机 screens: staff pages (plans, commit, reveal, my tasks, result form — phone-friendly, officers
record results at the site) and the public pages under ``/portal/choucha/`` that read only the published copies
(``PublishedPlan``, ``PublishedResult``), never the working tables.

Thin adapters: parse, fetch through ``access``, call one service, render. A domain refusal is shown on the same
page with its HTTP status (400/403/409), never a 500.
"""

from __future__ import annotations

import functools
import json

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sanxiang.accounts.models import Role, User
from sanxiang.accounts.otp import staff_page
from sanxiang.catalog import selectors as catalog_selectors
from sanxiang.core.errors import DomainError
from sanxiang.inspections import api, directory_services, result_services, rules, selectors, services
from sanxiang.inspections.access import access_plan, access_task, check_manage, may_manage, visible_plans
from sanxiang.inspections.forms import (
    AvailabilityForm,
    CancelForm,
    CommitForm,
    InspectorForm,
    OpenCaseForm,
    PlanForm,
    RecusalForm,
    ResultForm,
    RevealForm,
)
from sanxiang.inspections.models import Inspector, PublishedPlan, Result, Target
from sanxiang.inspections.selectors import my_tasks
from sanxiang.records.evidence import evidence_add


def refused_page(view):
    """A domain refusal raised before the view's own handling (e.g. an officer posting a manager's action) is
    shown as a page with its status (403/409), never a 500."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return render(request, "inspections/refused.html", {"error": exc.message}, status=exc.http_status)

    return guarded


# -- staff: plans ----------------------------------------------------------------------------------------------


@require_safe
@staff_page
@refused_page
def plan_list(request):
    plans = visible_plans(request.user).select_related("department")[:200]
    return render(
        request,
        "inspections/plans.html",
        {"plans": plans, "labels": rules.STATE_LABELS, "may_manage": may_manage(request.user)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
@refused_page
def plan_new(request):
    form = PlanForm(request.POST or None)
    status, error = 200, ""
    if request.method == "POST" and form.is_valid():
        try:
            check_manage(request.user)
            items = form.item_pairs(request.user.department)
            plan = services.plan_create(actor=request.user, items=items, **form.service_input())
        except DomainError as exc:
            status, error = exc.http_status, exc.message
        else:
            messages.success(request, "抽查计划已保存为草稿。")
            return redirect("inspections:plan", plan_id=plan.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "inspections/plan_new.html", {"form": form, "error": error}, status=status)


def _plan_page(request, plan, *, error: str = "", status: int = 200):
    detail = api.plan_detail(plan)
    context = {
        "plan": plan,
        "detail": detail,
        "label": rules.STATE_LABELS[plan.status],
        "may_manage": may_manage(request.user, plan),
        "can": {a: rules.refusal(a, plan.status) is None for a in rules.TRANSITIONS},
        "cancel_form": CancelForm(),
        "error": error,
    }
    return render(request, "inspections/plan.html", context, status=status)


@require_safe
@staff_page
@refused_page
def plan_page(request, plan_id):
    return _plan_page(request, access_plan(request.user, plan_id))


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
@refused_page
def plan_commit(request, plan_id):
    plan = access_plan(request.user, plan_id, for_action=request.method == "POST")
    form = CommitForm(request.POST or None)
    status, error = 200, ""
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_commit(actor=request.user, plan=plan, **form.service_input())
        except DomainError as exc:
            status, error = exc.http_status, exc.message
        else:
            messages.success(request, "承诺已提交并公开。")
            return redirect("inspections:plan", plan_id=plan.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request, "inspections/commit.html", {"plan": plan, "form": form, "error": error}, status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
@refused_page
def plan_reveal(request, plan_id):
    plan = access_plan(request.user, plan_id, for_action=request.method == "POST")
    form = RevealForm(request.POST or None)
    status, error = 200, ""
    if request.method == "POST" and form.is_valid():
        try:
            services.draw_reveal(actor=request.user, plan=plan, value=form.cleaned_data["value"])
        except DomainError as exc:
            status, error = exc.http_status, exc.message
        else:
            messages.success(request, "已抽取，结果已锁定并公开抽取记录。")
            return redirect("inspections:plan", plan_id=plan.pk)
    elif request.method == "POST":
        status = 400
    commitment = getattr(plan, "commitment", None)
    context = {"plan": plan, "form": form, "error": error, "commitment": commitment}
    return render(request, "inspections/reveal.html", context, status=status)


@require_POST
@staff_page
@refused_page
def plan_action(request, plan_id, action):
    """The one-button actions of the plan page: publish the tasks, publish results, cancel."""
    plan = access_plan(request.user, plan_id)
    calls = {
        "publish": lambda: services.plan_publish(actor=request.user, plan=plan),
        "publish_results": lambda: result_services.results_publish(actor=request.user, plan=plan),
        "cancel": lambda: services.plan_cancel(
            actor=request.user, plan=plan, reason=request.POST.get("reason", "")
        ),
    }
    if action not in calls:
        raise Http404("操作不存在。")
    try:
        calls[action]()
    except DomainError as exc:
        return _plan_page(request, plan, error=exc.message, status=exc.http_status)
    messages.success(request, f"已办理：{rules.ACTION_LABELS[action]}。")
    return redirect("inspections:plan", plan_id=plan.pk)


# -- staff: tasks and results ----------------------------------------------------------------------------------


@require_safe
@staff_page
@refused_page
def task_list(request):
    return render(request, "inspections/tasks.html", {"tasks": my_tasks(request.user)[:200]})


def case_items(task):
    """Enforcement items a finding may open a case under: those in force in the plan's fields."""
    fields = selectors.required_fields(task.plan)
    return (
        catalog_selectors.items_in_force(on=timezone.localdate())
        .filter(field__code__in=fields)
        .order_by("code")
    )


def _task_page(request, task, *, form=None, case_form=None, error: str = "", status: int = 200):
    today = timezone.localdate()
    items = case_items(task)
    context = {
        "task": task,
        "detail": api.task_json(task, today),
        "form": form or ResultForm(),
        "case_form": case_form or OpenCaseForm(items=items),
        "error": error,
    }
    return render(request, "inspections/task.html", context, status=status)


@require_safe
@staff_page
@refused_page
def task_page(request, task_id):
    return _task_page(request, access_task(request.user, task_id))


@require_POST
@staff_page
@refused_page
def task_result(request, task_id):
    task = access_task(request.user, task_id, for_action=True)
    form = ResultForm(request.POST, request.FILES)
    if not form.is_valid():
        return _task_page(request, task, form=form, status=400)
    d = form.cleaned_data
    upload = d.pop("site_record_file")
    try:
        # The scanned 现场笔录 is stored as evidence and the result recorded in one transaction: both or neither.
        with transaction.atomic():
            item = None
            if upload is not None:
                item = evidence_add(actor=request.user, source=upload, kind="document", filename=upload.name,
                                    content_type=upload.content_type or "", officer=request.user)  # fmt: skip
            result_services.result_record(actor=request.user, task=task, site_record_item=item, **d)
    except DomainError as exc:
        return _task_page(request, task, form=form, error=exc.message, status=exc.http_status)
    messages.success(request, "检查结果已录入。")
    return redirect("inspections:task", task_id=task.pk)


@require_POST
@staff_page
@refused_page
def task_case(request, task_id):
    task = access_task(request.user, task_id, for_action=True)
    items = case_items(task)
    form = OpenCaseForm(request.POST, items=items)
    result = Result.objects.filter(task=task).first()
    if not form.is_valid() or result is None:
        return _task_page(request, task, case_form=form, error="请先录入检查结果并选择执法事项。", status=400)
    item = catalog_selectors.item_in_force(code=form.cleaned_data["item"], on=timezone.localdate())
    try:
        case = result_services.result_open_case(
            actor=request.user, result=result, item=item, facts=form.cleaned_data["facts"]
        )
    except DomainError as exc:
        return _task_page(request, task, case_form=form, error=exc.message, status=exc.http_status)
    messages.success(request, "已据检查发现登记案源。")
    return redirect("cases:case", case_id=case.pk)


# -- staff: the inspector directory ----------------------------------------------------------------------------


def _directory_page(request, *, error: str = "", status: int = 200):
    check_manage(request.user)
    agency_id = request.user.department.agency_id
    rows = Inspector.objects.filter(user__department__agency_id=agency_id).select_related("user__department")
    unlisted = (
        User.objects.filter(is_active=True, department__agency_id=agency_id, role_grants__role=Role.OFFICER)
        .exclude(inspector__isnull=False)
        .distinct()
        .order_by("id")
    )
    context = {
        # One prefix per inspector, so that each row's fields have their own ids (labels, screen readers).
        "rows": [(i, AvailabilityForm(prefix=f"i{i.pk}"), RecusalForm(prefix=f"i{i.pk}")) for i in rows],
        "register_form": InspectorForm(officers=unlisted),
        "recusal_months": settings.INSPECTION_RECUSAL_MONTHS,
        "error": error,
    }
    return render(request, "inspections/inspectors.html", context, status=status)


@require_safe
@staff_page
@refused_page
def inspector_list(request):
    return _directory_page(request)


@require_POST
@staff_page
@refused_page
def inspector_action(request, action, inspector_id=0):
    """Register an officer, set an inspector's availability, declare a recusal (one service each)."""
    check_manage(request.user)
    agency_id = request.user.department.agency_id
    inspector = Inspector.objects.filter(pk=inspector_id, user__department__agency_id=agency_id).first()
    try:
        if action == "register":
            officers = User.objects.filter(is_active=True, department__agency_id=agency_id)
            form = InspectorForm(request.POST, officers=officers)
            if not form.is_valid():
                return _directory_page(request, error="请选择执法人员。", status=400)
            user = officers.get(pk=form.cleaned_data["user"])
            directory_services.inspector_register(
                actor=request.user, user=user, regions=form.cleaned_data["regions"]
            )
        elif inspector is None:
            raise Http404("执法检查人员不存在。")
        elif action == "availability":
            form = AvailabilityForm(request.POST, prefix=f"i{inspector.pk}")
            if not form.is_valid():
                return _directory_page(request, error="请正确填写可否参加抽取及日期。", status=400)
            directory_services.inspector_set_availability(
                actor=request.user, inspector=inspector, **form.cleaned_data
            )
        elif action == "recusal":
            form = RecusalForm(request.POST, prefix=f"i{inspector.pk}")
            if not form.is_valid():
                return _directory_page(request, error="请填写检查对象、回避事由和具体情况。", status=400)
            target = Target.objects.filter(credit_code=form.cleaned_data["target"].strip().upper()).first()
            if target is None:
                return _directory_page(
                    request, error="检查对象不存在：请填写名录库中的统一社会信用代码。", status=400
                )
            directory_services.recusal_declare(actor=request.user, inspector=inspector, target=target,
                                               kind=form.cleaned_data["kind"], reason=form.cleaned_data["reason"])  # fmt: skip
        else:
            raise Http404("操作不存在。")
    except DomainError as exc:
        return _directory_page(request, error=exc.message, status=exc.http_status)
    messages.success(request, "已保存。")
    return redirect("inspections:inspectors")


# -- public: /portal/choucha/ ----------------------------------------------------------------------------------


def _published(pk) -> PublishedPlan:
    row = PublishedPlan.objects.filter(plan_id=pk).first()
    if row is None:
        raise Http404("该抽查计划未公开。")
    return row


@require_safe
def public_plans(request):
    rows = PublishedPlan.objects.all()[:500]
    return render(request, "inspections/public_plans.html", {"rows": rows, "labels": rules.STATE_LABELS})


@require_safe
def public_plan(request, pk):
    row = _published(pk)
    context = {
        "row": row,
        "label": rules.STATE_LABELS.get(row.status, row.status),
        "commitment_json": json.dumps(row.commitment, ensure_ascii=False, indent=2, sort_keys=True),
        "results": list(row.results.all()),
        "record_sha256": services.digest(row.record) if row.record else "",
    }
    return render(request, "inspections/public_plan.html", context)


@require_safe
def public_draw_json(request, pk):
    """The draw record as published, for ``sanxiang draw verify`` and anyone's own re-implementation."""
    row = _published(pk)
    if row.record is None:
        raise Http404("该计划尚未抽取。")
    body = json.dumps(row.record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{row.plan_id}.json"'
    return response
