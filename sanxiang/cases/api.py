"""REST API of cases (docs/api.md). Thin adapters: parse with a serializer, fetch through ``access_case``, call
one service, render. Errors come out as ``{"detail", "code"}`` (``sanxiang.core.api.api_exception_handler``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as drf
from rest_framework.response import Response

from sanxiang.accounts.models import User
from sanxiang.cases import activity_services, diagram, execution_services, selectors, services, workflow
from sanxiang.cases import serializers as s
from sanxiang.cases.access import access_case, visible_cases
from sanxiang.cases.models import Activity, Case, Notification, Recusal
from sanxiang.cases.notifications import notification_read
from sanxiang.catalog import selectors as catalog_selectors
from sanxiang.catalog.models import EnforcementItem
from sanxiang.core.api import SessionAPIView
from sanxiang.core.errors import InvalidInput
from sanxiang.records.evidence_access import access_evidence_item
from sanxiang.records.selectors import events_for
from sanxiang.review import services as review_services

# Guards that only say an input is missing: an action refused by one of them is still offered (with a form).
INPUT_GUARDS = frozenset({
    "reason_given", "deciding_body_and_reason_given", "service_method_allowed", "hearing_notice_in_time",
    "hearing_host_not_investigator",
})  # fmt: skip
# Actions done through their own endpoints rather than /actions/<action>/.
ELSEWHERE = {
    "record_inspection": "activities", "preserve_evidence": "activities", "seize": "activities",
    "review_pass": "review/opinions", "review_return": "review/opinions", "review_recommend_transfer": "review/opinions",
}  # fmt: skip


@dataclass(frozen=True)
class Action:
    serializer: type[drf.Serializer]
    call: Callable[..., object]


def _reason(fn):
    return Action(s.ReasonIn, lambda a, c, d: fn(actor=a, case=c, reason=d["reason"]))


def _change(kind):
    return Action(s.ChangeIn, lambda a, c, d: services.case_change_decision(actor=a, case=c, kind=kind, **d))


ACTIONS: dict[str, Action] = {
    "set_penalty": Action(s.PenaltyIn, lambda a, c, d: services.case_set_penalty(actor=a, case=c, **d)),
    "file": _reason(services.case_file),
    "decline_filing": _reason(services.case_decline_filing),
    "decide_on_the_spot": Action(s.OnTheSpotIn, lambda a, c, d: services.case_decide_on_the_spot(actor=a, case=c, **d)),
    "file_on_the_spot_record": _reason(services.case_file_on_the_spot_record),
    "decide_preserved_evidence": _reason(services.case_decide_preserved_evidence),
    "extend_seizure": _reason(services.case_extend_seizure),
    "release_seizure": _reason(services.case_release_seizure),
    "start_excluded_period": Action(s.ExcludedStartIn,
                                    lambda a, c, d: services.case_start_excluded_period(actor=a, case=c, **d)),
    "end_excluded_period": Action(s.ExcludedEndIn, lambda a, c, d: services.case_end_excluded_period(actor=a, case=c, **d)),
    "approve_extension": Action(s.ExtensionIn, lambda a, c, d: services.case_approve_extension(actor=a, case=c, **d)),
    "end_investigation": _reason(services.case_end_investigation),
    "resume_investigation": _reason(services.case_resume_investigation),
    "submit_review": Action(s.SubmitReviewIn, lambda a, c, d: review_services.review_submit(actor=a, case=c, **d)),
    "notify": Action(s.NotifyIn, lambda a, c, d: services.case_notify(actor=a, case=c, **d)),
    "record_statement": Action(s.StatementIn, lambda a, c, d: services.case_record_statement(actor=a, case=c, **d)),
    "close_statement_period": _reason(services.case_close_statement_period),
    "request_hearing": Action(s.RequestHearingIn, lambda a, c, d: services.case_request_hearing(actor=a, case=c, **d)),
    "schedule_hearing": Action(s.ScheduleHearingIn,
                               lambda a, c, d: services.case_schedule_hearing(actor=a, case=c, **d)),
    "hold_hearing": Action(s.HoldHearingIn, lambda a, c, d: services.case_hold_hearing(actor=a, case=c, **d)),
    "abandon_hearing": _reason(services.case_abandon_hearing),
    "refer_to_collective": _reason(services.case_refer_to_collective),
    "decide": Action(s.DecideIn, lambda a, c, d: services.case_decide(actor=a, case=c, **d)),
    "decide_no_penalty": Action(s.NoPenaltyIn, lambda a, c, d: services.case_decide_no_penalty(actor=a, case=c, **d)),
    "serve": Action(s.ServeIn, lambda a, c, d: services.case_serve(actor=a, case=c, **d)),
    "record_deferral_application": _reason(execution_services.case_record_deferral_application),
    "approve_deferral": Action(s.DeferralIn, lambda a, c, d: execution_services.case_approve_deferral(
        actor=a, case=c, reason=d["reason"], instalments=[(i["due_on"], i["amount"]) for i in d["instalments"]])),
    "record_remedy": Action(s.RemedyIn, lambda a, c, d: execution_services.case_record_remedy(actor=a, case=c, **d)),
    "serve_reminder": Action(s.ReminderIn, lambda a, c, d: execution_services.case_serve_reminder(actor=a, case=c, **d)),
    "apply_court_enforcement": Action(s.CourtIn, lambda a, c, d: execution_services.case_apply_court_enforcement(
        actor=a, case=c, **d)),
    "complete_execution": _reason(execution_services.case_complete_execution),
    "amend": _change("amend"),
    "revoke": _change("revoke"),
    "confirm_illegal": _change("confirm_illegal"),
    "confirm_void": _change("confirm_void"),
    "reinvestigate": _reason(services.case_reinvestigate),
    "propose_transfer": _reason(services.case_propose_transfer),
    "approve_transfer": _reason(services.case_approve_transfer),
    "reject_transfer": _reason(services.case_reject_transfer),
    "transfer": Action(s.TransferIn, lambda a, c, d: services.case_transfer(actor=a, case=c, **d)),
    "receive_back": _reason(services.case_receive_back),
    "withdraw": _reason(services.case_withdraw),
    "suspend": _reason(services.case_suspend),
    "resume": _reason(services.case_resume),
    "close": _reason(services.case_close),
    "archive": _reason(services.case_archive),
}  # fmt: skip


# -- rendering -------------------------------------------------------------------------------------------------


def _user(u: User | None) -> dict | None:
    return None if u is None else {"id": u.pk, "name": str(u)}


def available(case: Case, user: User, today) -> list[dict]:
    """Every action of the current state the user's roles allow, with whether it is allowed now and why not."""
    facts = selectors.case_facts(case, today, actor=user, credentials_shown=True)
    out = []
    for transition, answer in workflow.available_actions(
        case.status, user.role_codes, facts, suspended_from=case.suspended_from or None
    ):
        refused = isinstance(answer, workflow.Refused)
        needs_input = refused and answer.guard in INPUT_GUARDS
        out.append({
            "action": transition.action,
            "label": workflow.ACTION_LABELS[transition.action],
            "allowed": not refused or needs_input,
            "reason": answer.reason if refused and not needs_input else "",
            "endpoint": ELSEWHERE.get(transition.action, f"actions/{transition.action}"),
        })  # fmt: skip
    return out


def case_summary(case: Case) -> dict:
    return {
        "id": case.pk,
        "number": case.number,
        "status": case.status,
        "status_label": case.state.label,
        "procedure": case.procedure,
        "item": {"code": case.item.code, "name": case.item.name, "field": case.item.field.code},
        "registered_at": case.registered_at.isoformat(),
    }


def case_detail(case: Case, user: User) -> dict:
    today = timezone.localdate()
    owed = selectors.owed(case, today)
    cal = selectors.calendar()
    return {
        **case_summary(case),
        "agency": case.agency.name,
        "suspended_from": case.suspended_from,
        "source": case.source,
        "facts": case.facts,
        "parties": [
            {"id": p.pk, "kind": p.kind, "name": p.name, "id_number": p.id_number, "credit_code": p.credit_code,
             "legal_representative": p.legal_representative, "contact": p.contact, "address": p.address,
             "is_minor": p.is_minor}
            for p in case.parties.all()
        ],
        "officers": [{"id": o.officer_id, "name": str(o.officer), "role": o.role}
                     for o in case.officers.select_related("officer")],
        "penalty": {"kinds": case.penalty_kinds, "fine": str(case.fine), "confiscation": str(case.confiscation),
                    "text": str(case.proposed_penalty)},
        "dates": {name: (getattr(case, name).isoformat() if getattr(case, name) else None) for name in (
            "violation_occurred_on", "discovered_on", "filed_on", "notice_served_on", "hearing_requested_on",
            "hearing_on", "hearing_held_on", "decided_on", "served_on", "payment_due_on", "reminder_served_on",
            "closed_on")},
        "decision_number": case.decision_number,
        "owed": {"fine": str(owed.fine), "late_fee": str(owed.late_fee.amount), "late_fee_days": owed.late_fee.days,
                 "paid": str(owed.paid), "outstanding": str(owed.outstanding)},
        "available_actions": available(case, user, today),
        "progress": [{"state": st.state.value, "label": st.label, "mark": st.mark.value}
                     for st in diagram.progress(case.status, selectors.visited_states(case))],
        "deadlines": [_deadline(selectors.deadline_mark(d, today, cal)) for d in selectors.open_deadlines().filter(
            case=case).order_by("deadline__due_on")],
        "activities": [_activity(a) for a in case.activities.all()],
        "transitions": [
            {"id": t.pk, "from": t.state_from, "action": t.action, "to": t.state_to, "actor": _user(t.actor),
             "at": t.at.isoformat(), "reason": t.reason}
            for t in case.transitions.select_related("actor")
        ],
    }  # fmt: skip


def _deadline(m: selectors.DeadlineMark) -> dict:
    d = m.row.deadline
    return {"id": m.row.pk, "case": m.row.case_id, "case_number": m.row.case.number, "code": m.row.code,
            "label": workflow.DEADLINES[m.row.code].label if m.row.code in workflow.DEADLINES else m.row.code,
            "due_on": d.due_on.isoformat(), "provisional": d.provisional, "legal_basis": d.legal_basis,
            "mark": m.mark, "working_days_left": m.working_days_left,
            "responsible": _user(m.row.responsible)}  # fmt: skip


def _activity(a: Activity) -> dict:
    return {"id": a.pk, "kind": a.kind, "kind_label": a.get_kind_display(), "status": a.status,
            "started_at": a.started_at.isoformat(), "place": a.place, "record": a.record,
            "officers": [o.pk for o in a.officers.all()], "credentials_shown": a.credentials_shown,
            "av_mandatory": a.kind in activity_services.AV_MANDATORY, "av_linked": activity_services.linked_av(a),
            "av_asked": a.kind in activity_services.AV_AS_NEEDED,
            "signatures": [{"id": g.pk, "signer": g.signer, "refused": g.refused, "image_sha256": g.image_sha256}
                           for g in a.signatures.all()]}  # fmt: skip


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# -- endpoints -------------------------------------------------------------------------------------------------


class CaseCollection(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="我能看到的案件",
                   parameters=[OpenApiParameter("status", str, description="按环节筛选")])  # fmt: skip
    def get(self, request):
        cases = visible_cases(request.user).select_related("item__field")
        if request.query_params.get("status"):
            cases = cases.filter(status=request.query_params["status"])
        return Response({"results": [case_summary(c) for c in cases[:200]]})

    @extend_schema(request=s.CaseIn, responses={201: OpenApiTypes.OBJECT}, summary="案源登记")
    def post(self, request):
        data = _valid(s.CaseIn, request)
        today = timezone.localdate()
        item = catalog_selectors.item_in_force(code=data.pop("item"), on=today)
        if item is None:
            raise InvalidInput("执法事项不存在或不在有效期内。")
        officers = [(o["officer"], o["role"]) for o in data.pop("officers")]
        case = services.case_register(actor=request.user, item=item, officers=officers, **data)
        return Response(case_detail(case, request.user), status=201)


class CaseDetail(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="案件详情（含当前可办理的操作和流程进度）")
    def get(self, request, case_id):
        return Response(case_detail(access_case(request.user, case_id), request.user))


class CaseAction(SessionAPIView):
    @extend_schema(
        request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT, summary="办理一个流程操作",
        description="action 为流转表中的操作代码（见 docs/workflow.md），输入随操作而定（docs/api.md）。",
    )  # fmt: skip
    def post(self, request, case_id, action):
        case = access_case(request.user, case_id, for_action=action)
        if action in ELSEWHERE:
            raise InvalidInput(
                f"“{workflow.ACTION_LABELS[action]}”请通过 /api/cases/{case.pk}/{ELSEWHERE[action]}/ 办理。"
            )
        spec = ACTIONS.get(action)
        if spec is None:
            raise InvalidInput(f"操作“{action}”不存在。")
        spec.call(request.user, case, _valid(spec.serializer, request))
        return Response(case_detail(Case.objects.get(pk=case.pk), request.user))


class CaseTimeline(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="案件时间线（记录日志）")
    def get(self, request, case_id):
        case = access_case(request.user, case_id)
        events = events_for("cases.case", case.pk)
        return Response({"results": [
            {"seq": e.seq, "at": e.created_at.isoformat(), "actor": _user(e.actor), "action": e.action,
             "leaf_hash": e.leaf_hash or None} for e in events]})  # fmt: skip


class CaseEvidence(SessionAPIView):
    @extend_schema(request=s.EvidenceLinkIn, responses={201: OpenApiTypes.OBJECT}, summary="关联证据到案件")
    def post(self, request, case_id):
        case = access_case(request.user, case_id, for_action="link_evidence")
        item = access_evidence_item(request.user, _valid(s.EvidenceLinkIn, request)["item"])
        link = activity_services.case_link_evidence(actor=request.user, case=case, item=item)
        return Response({"link": link.pk, "item": item.pk}, status=201)


class ActivityCollection(SessionAPIView):
    @extend_schema(request=s.ActivityIn, responses={201: OpenApiTypes.OBJECT}, summary="记录执法活动（草稿）")
    def post(self, request, case_id):
        case = access_case(request.user, case_id, for_action="activity")
        data = _valid(s.ActivityIn, request)
        activity = activity_services.activity_record(actor=request.user, case=case, **data)
        return Response(_activity(activity), status=201)


def _activity_of(request, case_id, activity_id, action: str) -> Activity:
    case = access_case(request.user, case_id, for_action=action)
    activity = Activity.objects.filter(case=case, pk=activity_id).first()
    if activity is None:
        from sanxiang.cases.access import CaseNotFound

        raise CaseNotFound("执法活动不存在。")
    return activity


class ActivitySign(SessionAPIView):
    @extend_schema(request=s.SignatureIn, responses={201: OpenApiTypes.OBJECT}, summary="签名或记录拒签")
    def post(self, request, case_id, activity_id):
        activity = _activity_of(request, case_id, activity_id, "sign")
        data = _valid(s.SignatureIn, request)
        if data["refusal_recording"] is not None:
            data["refusal_recording"] = access_evidence_item(request.user, data["refusal_recording"])
        row = activity_services.activity_sign(actor=request.user, activity=activity, **data)
        return Response({"id": row.pk, "image_sha256": row.image_sha256}, status=201)


class ActivityEvidence(SessionAPIView):
    @extend_schema(
        request=s.EvidenceLinkIn, responses={201: OpenApiTypes.OBJECT}, summary="关联证据到执法活动"
    )
    def post(self, request, case_id, activity_id):
        activity = _activity_of(request, case_id, activity_id, "link_evidence")
        item = access_evidence_item(request.user, _valid(s.EvidenceLinkIn, request)["item"])
        link = activity_services.activity_link_evidence(actor=request.user, activity=activity, item=item)
        return Response({"link": link.pk, "item": item.pk}, status=201)


class ActivityComplete(SessionAPIView):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT, summary="完成执法活动")
    def post(self, request, case_id, activity_id):
        activity = _activity_of(request, case_id, activity_id, "complete")
        activity = activity_services.activity_complete(actor=request.user, activity=activity)
        return Response(_activity(activity))


class CasePayments(SessionAPIView):
    @extend_schema(request=s.PaymentIn, responses={201: OpenApiTypes.OBJECT}, summary="登记缴款")
    def post(self, request, case_id):
        case = access_case(request.user, case_id, for_action="payment")
        payment = execution_services.payment_record(
            actor=request.user, case=case, **_valid(s.PaymentIn, request)
        )
        owed = selectors.owed(Case.objects.get(pk=case.pk), timezone.localdate())
        return Response({"id": payment.pk, "outstanding": str(owed.outstanding)}, status=201)

    @extend_schema(responses=OpenApiTypes.OBJECT, summary="应缴金额（含按日计算的加处罚款）")
    def get(self, request, case_id):
        case = access_case(request.user, case_id)
        owed = selectors.owed(case, timezone.localdate())
        return Response({
            "fine": str(owed.fine), "late_fee": str(owed.late_fee.amount), "late_fee_days": owed.late_fee.days,
            "late_fee_capped": owed.late_fee.capped, "paid": str(owed.paid), "outstanding": str(owed.outstanding),
            "due_on": owed.due_on.isoformat() if owed.due_on else None,
            "payments": [{"id": p.pk, "amount": str(p.amount), "paid_on": p.paid_on.isoformat(),
                          "receipt_number": p.receipt_number} for p in case.payments.all()],
            "instalments": [{"due_on": i.due_on.isoformat(), "amount": str(i.amount)} for i in case.instalments.all()],
        })  # fmt: skip


class CaseRecusals(SessionAPIView):
    @extend_schema(request=s.RecusalIn, responses={201: OpenApiTypes.OBJECT}, summary="回避申请")
    def post(self, request, case_id):
        case = access_case(request.user, case_id, for_action="recusal")
        row = services.case_recusal_apply(actor=request.user, case=case, **_valid(s.RecusalIn, request))
        return Response({"id": row.pk}, status=201)


class RecusalDecide(SessionAPIView):
    @extend_schema(request=s.RecusalDecideIn, responses=OpenApiTypes.OBJECT, summary="决定回避申请")
    def post(self, request, case_id, recusal_id):
        case = access_case(request.user, case_id, for_action="recusal_decide")
        recusal = Recusal.objects.filter(case=case, pk=recusal_id).first()
        if recusal is None:
            from sanxiang.cases.access import CaseNotFound

            raise CaseNotFound("回避申请不存在。")
        row = services.case_recusal_decide(
            actor=request.user, recusal=recusal, **_valid(s.RecusalDecideIn, request)
        )
        return Response({"id": row.pk, "granted": row.granted})


class Deadlines(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="期限及黄牌、红牌",
                   parameters=[OpenApiParameter("scope", str, enum=["mine", "agency"])])  # fmt: skip
    def get(self, request):
        today = timezone.localdate()
        user = request.user
        if request.query_params.get("scope") == "agency":
            if user.department is None or not (user.role_codes & {"leader", "unit_head", "supervisor"}):
                raise InvalidInput("只有机关负责人、承办机构负责人可以查看本机关全部期限。")
            marks = selectors.agency_deadlines(user.department.agency_id, today)
        else:
            marks = selectors.my_deadlines(user, today)
        return Response({"results": [_deadline(m) for m in marks]})


class Notifications(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="站内提醒")
    def get(self, request):
        rows = selectors.notifications_for(
            request.user, unread_only=request.query_params.get("unread") == "1"
        )
        return Response({"results": [{"id": n.pk, "text": n.text, "link": n.link, "created_at": n.created_at.isoformat(),
                                      "read_at": n.read_at.isoformat() if n.read_at else None} for n in rows[:200]]})  # fmt: skip


class NotificationRead(SessionAPIView):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT, summary="标记提醒已读")
    def post(self, request, notification_id):
        row = Notification.objects.filter(recipient=request.user, pk=notification_id).first()
        if row is None:
            from sanxiang.cases.access import CaseNotFound

            raise CaseNotFound("提醒不存在。")
        row = notification_read(actor=request.user, notification=row)
        return Response({"id": row.pk, "read_at": row.read_at.isoformat()})


def items_in_force_json() -> list[dict]:
    today = timezone.localdate()
    return [{"code": i.code, "name": i.name, "field": i.field.code}
            for i in catalog_selectors.items_in_force(on=today)]  # fmt: skip


__all__ = ["ACTIONS", "EnforcementItem"]
