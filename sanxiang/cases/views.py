"""The case screens (工作台 → 我的案件, 我的期限, 案源登记, 案件页, 执法活动, 法制审核). Thin adapters: parse, fetch
through ``access_case``, call one service, render. A domain refusal is shown on the same page as a Chinese
message with its HTTP status (400/403/409), never a 500.

The workflow actions reuse the API's table (``cases.api.ACTIONS``) and its per-action serializers, so a button
is offered exactly when the API would accept it (``cases.api.available``).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from rest_framework.exceptions import ValidationError

from sanxiang.accounts.models import Role, User
from sanxiang.accounts.otp import staff_page
from sanxiang.cases import activity_services, api, selectors, services, workflow
from sanxiang.cases.access import access_case, visible_cases
from sanxiang.cases.document_views import documents_section
from sanxiang.cases.forms import (
    ActivityForm,
    CollectiveForm,
    OpinionForm,
    RegisterForm,
    action_data,
    action_fields,
)
from sanxiang.cases.models import Case
from sanxiang.catalog import selectors as catalog_selectors
from sanxiang.core.errors import DomainError, InvalidInput
from sanxiang.records.evidence_access import access_evidence_item
from sanxiang.records.selectors import events_for
from sanxiang.review import checklist
from sanxiang.review import services as review_services

REVIEW_STATES = (workflow.State.IN_REVIEW, workflow.State.IN_REVIEW_AFTER_HEARING)
LEADER_STATES = (workflow.State.AWAITING_DECISION, workflow.State.COLLECTIVE_DISCUSSION,
                 workflow.State.TRANSFER_PENDING)  # fmt: skip
# Actions done on their own screens rather than with a small form on the case page.
OWN_SCREEN = {"record_inspection": "activity", "preserve_evidence": "activity", "seize": "activity",
              "review_pass": "review", "review_return": "review", "review_recommend_transfer": "review"}  # fmt: skip
ACTIVITY_KIND = {"record_inspection": "inspection", "preserve_evidence": "preservation", "seize": "seizure"}
EVENT_LABELS = {"case.register": "案源登记", "review.coordinate": "协调", "review.collective_record": "集体讨论记录",
                "case.link_evidence": "关联证据", "activity.record": "记录执法活动", "activity.sign": "签名",
                "activity.link_evidence": "活动关联证据", "activity.complete": "完成执法活动"}  # fmt: skip


def mask_id_number(value: str) -> str:
    """公民身份号码 on screen: the first 6 and last 4 characters (110105********002X)."""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def _error_text(exc: ValidationError) -> str:
    def flat(detail, prefix=""):
        if isinstance(detail, dict):
            return [m for k, v in detail.items() for m in flat(v, api_label(k))]
        if isinstance(detail, list):
            return [m for v in detail for m in flat(v, prefix)]
        return [f"{prefix}：{detail}" if prefix else str(detail)]

    return "；".join(flat(exc.detail))


def api_label(name: str) -> str:
    from sanxiang.cases.forms import FIELD_LABELS

    return FIELD_LABELS.get(name, name)


# -- lists ------------------------------------------------------------------------------------------------------


def case_lists(user: User) -> list[tuple[str, list[Case]]]:
    """我的案件 by role: cases I handle; my unit's; the review queue; cases awaiting the leader."""
    seen = visible_cases(user).select_related("item").order_by("-registered_at")
    roles = user.role_codes
    lists = []
    if roles & {Role.OFFICER}:
        lists.append(("我承办的案件", seen.filter(officers__officer=user)))
    if Role.UNIT_HEAD in roles and user.department_id:
        lists.append(("本部门案件", seen.filter(department_id=user.department_id)))
    if Role.LEGAL_REVIEWER in roles:
        lists.append(("待法制审核", seen.filter(status__in=REVIEW_STATES)))
    if Role.LEADER in roles:
        lists.append(("待决定、待集体讨论", seen.filter(status__in=LEADER_STATES)))
    return [(title, list(rows[:100])) for title, rows in lists]


def workbench_todo(user: User) -> dict:
    """The counts and links of 我的待办 on the workbench."""
    today = timezone.localdate()
    marks = selectors.my_deadlines(user, today)
    return {
        "lists": [(title, len(rows)) for title, rows in case_lists(user)],
        "deadlines": len(marks),
        "yellow": sum(1 for m in marks if m.mark == "yellow"),
        "red": sum(1 for m in marks if m.mark == "red"),
        "unread": selectors.notifications_for(user, unread_only=True).count(),
    }


@require_safe
@staff_page
def case_list(request):
    return render(request, "cases/list.html", {"lists": case_lists(request.user)})


@require_safe
@staff_page
def deadline_list(request):
    today = timezone.localdate()
    marks = [api._deadline(m) for m in selectors.my_deadlines(request.user, today)]
    notes = selectors.notifications_for(request.user).order_by("-created_at")[:50]
    return render(request, "cases/deadlines.html", {"deadlines": marks, "notifications": notes})


# -- 案源登记 ----------------------------------------------------------------------------------------------------


def _register_form(request):
    user = request.user
    items = catalog_selectors.items_in_force(on=timezone.localdate()).order_by("code")
    agency = user.department.agency_id if user.department else None
    officers = User.objects.filter(is_active=True, department__agency_id=agency,
                                   role_grants__role=Role.OFFICER).distinct().order_by("id")  # fmt: skip
    data = request.POST if request.method == "POST" else None
    return RegisterForm(data, items=items, officers=officers, user=user)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
def case_new(request):
    form = _register_form(request)
    status, error = 200, ""
    if request.method == "POST" and form.is_valid():
        item = catalog_selectors.item_in_force(code=form.cleaned_data["item"], on=timezone.localdate())
        try:
            case = services.case_register(actor=request.user, item=item, **form.service_input())
        except DomainError as exc:
            status, error = exc.http_status, exc.message
        else:
            messages.success(request, "案源已登记。")
            return redirect("cases:case", case_id=case.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "cases/new.html", {"form": form, "error": error}, status=status)


# -- 案件页 ------------------------------------------------------------------------------------------------------


def _action_forms(case: Case, user: User, detail: dict) -> list[dict]:
    out = []
    for a in detail["available_actions"]:
        code = a["action"]
        spec = api.ACTIONS.get(code)
        fields = action_fields(spec.serializer, agency_id=case.agency_id) if spec else None
        out.append(
            {**a, "screen": OWN_SCREEN.get(code, ""), "kind": ACTIVITY_KIND.get(code, ""), "fields": fields}
        )
    return out


def _timeline(case: Case) -> list[dict]:
    rows = []
    for e in events_for("cases.case", case.pk):
        code = e.action.split(".", 1)[-1]
        label = EVENT_LABELS.get(e.action) or workflow.ACTION_LABELS.get(code, e.action)
        rows.append({"seq": e.seq, "at": e.created_at, "actor": e.actor, "label": label})
    return rows


def _rounds(case: Case) -> list[dict]:
    questions = {i.code: i.question for i in checklist.ITEMS}
    out = []
    for sub in case.review_submissions.select_related("opinion__reviewer").order_by("round"):
        opinion = getattr(sub, "opinion", None)
        findings = []
        if opinion is not None:
            findings = [{"question": questions.get(code, code), **f} for code, f in opinion.findings.items()]
        out.append({"sub": sub, "opinion": opinion, "findings": findings,
                    "conclusion": checklist.Conclusion(opinion.conclusion).label if opinion else ""})  # fmt: skip
    return out


def _case_page(request, case: Case, *, error: str = "", status: int = 200, failed_action: str = ""):
    user = request.user
    detail = api.case_detail(case, user)
    parties = list(case.parties.all())
    for p in parties:
        p.id_number_masked = mask_id_number(p.id_number) if p.id_number else ""
    context = {
        "case": case,
        "detail": detail,
        "parties": parties,
        "officers": case.officers.select_related("officer"),
        "actions": _action_forms(case, user, detail),
        "timeline": _timeline(case),
        "rounds": _rounds(case),
        "error": error,
        "failed_action": failed_action,
        "collective_open": case.status == workflow.State.COLLECTIVE_DISCUSSION and user.has_role(Role.LEADER),
        "documents": documents_section(case, user),
    }
    return render(request, "cases/case.html", context, status=status)


@require_safe
@staff_page
def case_page(request, case_id):
    return _case_page(request, access_case(request.user, case_id))


@require_POST
@staff_page
def case_action(request, case_id, action):
    """One workflow action from its small form on the case page: validate with the API's serializer, then the
    one service. Refusals re-render the case page with the reason and the refusal's status."""
    spec = api.ACTIONS.get(action)
    try:
        case = access_case(request.user, case_id, for_action=action)
    except DomainError as exc:
        return _case_page(
            request, access_case(request.user, case_id), error=exc.message, status=exc.http_status
        )
    if spec is None:
        label = workflow.ACTION_LABELS.get(action, action)
        return _case_page(request, case, error=f"“{label}”不能在此办理。", status=400, failed_action=action)
    serializer = spec.serializer(data=action_data(spec.serializer, request.POST))
    if not serializer.is_valid():
        return _case_page(request, case, error=_error_text(ValidationError(serializer.errors)), status=400,
                          failed_action=action)  # fmt: skip
    try:
        spec.call(request.user, case, dict(serializer.validated_data))
    except DomainError as exc:
        return _case_page(request, Case.objects.get(pk=case.pk), error=exc.message, status=exc.http_status,
                          failed_action=action)  # fmt: skip
    messages.success(request, f"已办理：{workflow.ACTION_LABELS.get(action, action)}。")
    return redirect("cases:case", case_id=case.pk)


# -- 执法活动 ----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
def activity_new(request, case_id):
    """Record an activity with the officers' and the party's signatures (or the party's refusal), link evidence
    and, when ticked, complete it.
    The steps are one transaction: a refusal (e.g. no video for 查封扣押) keeps nothing, and the form comes back
    with what was typed (the browser also keeps a draft)."""
    user = request.user
    case = access_case(user, case_id, for_action="activity")
    officers = User.objects.filter(is_active=True, department__agency_id=case.agency_id,
                                   role_grants__role=Role.OFFICER).distinct().order_by("id")  # fmt: skip
    data = request.POST if request.method == "POST" else None
    initial = {"officers": [str(o.officer_id) for o in case.officers.all()], "kind": request.GET.get("kind")}
    form = ActivityForm(data, officers=officers, initial={k: v for k, v in initial.items() if v})
    status, error = 200, ""
    if request.method == "POST" and form.is_valid():
        try:
            activity = _record_activity(user, case, form.cleaned_data, form.officer_signatures())
        except DomainError as exc:
            status, error = exc.http_status, exc.message
        else:
            done = "并完成" if activity.status == activity.Status.COMPLETED else "（草稿）"
            messages.success(request, f"{activity.get_kind_display()}已记录{done}。")
            return redirect("cases:case", case_id=case.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "cases/activity.html", {"case": case, "form": form, "error": error}, status=status)


@transaction.atomic
def _record_activity(user: User, case: Case, d: dict, officer_signatures: dict[int, str]):
    officers = list(User.objects.filter(pk__in=d["officers"]).order_by("id"))
    activity = activity_services.activity_record(
        actor=user, case=case, kind=d["kind"], officers=officers,
        started_at=d["started_at"], place=d["place"], record=d["record"],
        other_participants=d["other_participants"], credentials_shown=d["credentials_shown"],
        av_recorded=d["av_recorded"], av_note=d["av_note"],
    )  # fmt: skip
    for officer in officers:
        if officer.pk in officer_signatures:
            activity_services.activity_sign(
                actor=user, activity=activity, signer="officer", officer=officer, signer_name=str(officer),
                image_png=officer_signatures[officer.pk],
            )  # fmt: skip
    if d["signature"] or d["refused"]:
        activity_services.activity_sign(
            actor=user, activity=activity, signer="party", image_png=None if d["refused"] else d["signature"],
            signer_name=d["signer_name"], refused=d["refused"], refusal_witness=d["refusal_witness"],
        )  # fmt: skip
    for item_id in d["evidence"]:
        try:
            item = access_evidence_item(user, item_id)
        except Http404:
            raise InvalidInput(f"证据 {item_id} 不存在或无权查看。") from None
        activity_services.activity_link_evidence(actor=user, activity=activity, item=item)
    if d["complete"]:
        activity = activity_services.activity_complete(actor=user, activity=activity)
    return activity


# -- 法制审核 ----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
def review(request, case_id):
    """The reviewer's opinion: ten checklist items, each with a finding and a note. 同意 when every item holds,
    存在问题 returns the case to the handlers, 建议移送 when a suspected crime is found."""
    case = access_case(request.user, case_id, for_action="review_opinion")
    form = OpinionForm(request.POST if request.method == "POST" else None)
    status, error = 200, ""
    if request.method == "POST" and form.is_valid():
        try:
            row = review_services.review_opinion_sign(actor=request.user, case=case, findings=form.findings())
        except DomainError as exc:
            status, error = exc.http_status, exc.message
        else:
            messages.success(request, f"审核意见已签署：{checklist.Conclusion(row.conclusion).label}。")
            return redirect("cases:case", case_id=case.pk)
    elif request.method == "POST":
        status = 400
    submission = case.review_submissions.order_by("-round").first()
    context = {"case": case, "form": form, "error": error, "submission": submission, "rounds": _rounds(case)}
    return render(request, "cases/review.html", context, status=status)


# -- 集体讨论 ----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
def collective(request, case_id):
    """集体讨论记录 by a leader (处罚法 art. 57 para 2); the decision itself is then the 作出处罚决定 action."""
    case = access_case(request.user, case_id, for_action="collective")
    leaders = User.objects.filter(is_active=True, role_grants__role=Role.LEADER,
                                  department__agency_id=case.agency_id).distinct().order_by("id")  # fmt: skip
    form = CollectiveForm(request.POST if request.method == "POST" else None, leaders=leaders)
    status, error = 200, ""
    if request.method == "POST" and form.is_valid():
        try:
            row = review_services.review_collective_record(
                actor=request.user, case=case, **form.service_input()
            )
        except DomainError as exc:
            status, error = exc.http_status, exc.message
        else:
            quorum = "已达法定人数" if row.quorum_met else "未达法定人数，不能据此作出决定"
            messages.success(request, f"集体讨论已记录（{quorum}）。")
            return redirect("cases:case", case_id=case.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request, "cases/collective.html", {"case": case, "form": form, "error": error}, status=status
    )
