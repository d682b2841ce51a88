"""Legal review services (法制审核): submit, sign an opinion, coordinate, record a collective discussion.

处罚法 art. 58: the reviewer belongs to the 法制机构 and did not handle the case; a reviewer reviewing for the
first time holds 法律职业资格. The opinion follows the ten items of :mod:`sanxiang.review.checklist`. Each
submission is a new round; rounds are kept.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from sanxiang.accounts.models import Department, LegalQualification, Role, User
from sanxiang.cases.models import Case
from sanxiang.cases.services import SUBJECT, Refusal, apply_transition, lock, today
from sanxiang.cases.workflow import State
from sanxiang.core.errors import InvalidInput, NotAllowed
from sanxiang.records.services import event_append
from sanxiang.review import checklist
from sanxiang.review.models import CollectiveDiscussion, Coordination, ReviewOpinion, ReviewSubmission

CONCLUSION_ACTIONS = {
    checklist.Conclusion.AGREE: "review_pass",
    checklist.Conclusion.PROBLEMS: "review_return",
    checklist.Conclusion.TRANSFER: "review_recommend_transfer",
}
REQUIRED = (
    ("report", "调查终结报告"),
    ("proposed_decision", "拟作出的处理决定"),
    ("reasons", "理由和依据"),
    ("evidence_list", "证据清单"),
)


def completeness(*, case: Case, materials: dict[str, str]) -> dict[str, bool]:
    """Which of the required materials are present; the hearing record is required after a hearing."""
    result = {code: bool((materials.get(code) or "").strip()) for code, _label in REQUIRED}
    if case.hearing_held_on is not None:
        result["hearing_record"] = bool((materials.get("hearing_record") or "").strip())
    return result


@transaction.atomic
def review_submit(
    *,
    actor: User,
    case: Case,
    report: str,
    proposed_decision: str,
    reasons: str,
    evidence_list: str,
    hearing_record: str = "",
) -> ReviewSubmission:
    """提交法制审核: the handling unit vouches for its materials (art. 58); a missing one is refused (400)."""
    case = lock(case)
    materials = {"report": report, "proposed_decision": proposed_decision, "reasons": reasons,
                 "evidence_list": evidence_list, "hearing_record": hearing_record}  # fmt: skip
    checked = completeness(case=case, materials=materials)
    missing = [
        label for code, label in (*REQUIRED, ("hearing_record", "听证笔录")) if checked.get(code) is False
    ]
    if missing:
        raise InvalidInput(f"送审材料不完整，缺少：{'、'.join(missing)}。")
    last = case.review_submissions.aggregate(n=Max("round"))["n"] or 0
    submission = ReviewSubmission.objects.create(
        case=case, round=last + 1, after_hearing=case.state is State.HEARING_HELD, completeness=checked,
        submitted_by=actor, **{k: v for k, v in materials.items()},
    )  # fmt: skip
    apply_transition(
        case=case, action="submit_review", actor=actor, on=today(),
        data={"submission_id": submission.pk, "round": submission.round, "completeness": checked},
    )  # fmt: skip
    return submission


def check_reviewer(reviewer: User, case: Case) -> None:
    """art. 58: a reviewer of the 法制机构 of the case's agency; first-time reviewers hold 法律职业资格."""
    if not reviewer.has_role(Role.LEGAL_REVIEWER):
        raise NotAllowed("法制审核须由法制审核人员办理。")
    department = reviewer.department
    if (
        department is None
        or department.kind != Department.Kind.LEGAL
        or department.agency_id != case.agency_id
    ):
        raise NotAllowed("法制审核人员须为本机关法制机构的工作人员。")
    reviewed_before = ReviewOpinion.objects.filter(reviewer=reviewer).exists()
    if not reviewed_before and not LegalQualification.objects.filter(holder=reviewer).exists():
        raise NotAllowed("初次从事法制审核的人员须取得法律职业资格（行政处罚法第五十八条第二款）。")


def _findings(raw: dict) -> dict[str, checklist.Finding]:
    if not isinstance(raw, dict):
        raise InvalidInput("审核内容应为按项目代码列出的 {ok, note}。")
    known = {item.code for item in checklist.ITEMS}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise InvalidInput(f"审核内容中的项目“{'、'.join(unknown)}”不存在。")
    out = {}
    for code, value in raw.items():
        if not isinstance(value, dict) or not isinstance(value.get("ok"), bool):
            raise InvalidInput(f'审核内容“{code}”应为 {{"ok": true/false, "note": "…"}}。')
        out[code] = checklist.Finding(value["ok"], str(value.get("note") or ""))
    return out


@transaction.atomic
def review_opinion_sign(*, actor: User, case: Case, findings: dict) -> ReviewOpinion:
    """Sign the opinion on the current round: 同意 passes, 存在问题 returns the case to the handlers, 建议移送 sends
    it to the agency head for a crime transfer. The review deadline stops."""
    case = lock(case)
    check_reviewer(actor, case)
    parsed = _findings(findings)
    opinion = checklist.opinion(parsed)
    submission = case.review_submissions.order_by("-round").first()
    if submission is None or hasattr(submission, "opinion"):
        raise Refusal("没有待审核的送审材料。")
    row = ReviewOpinion.objects.create(
        submission=submission, reviewer=actor, findings={k: {"ok": f.ok, "note": f.note} for k, f in parsed.items()},
        conclusion=opinion.conclusion.value, problems="\n".join(opinion.problems),
    )  # fmt: skip
    apply_transition(
        case=case, action=CONCLUSION_ACTIONS[opinion.conclusion], actor=actor, on=today(),
        reason="；".join(opinion.problems),
        data={"opinion_id": row.pk, "round": submission.round, "conclusion": opinion.conclusion.value,
              "findings_ok": {k: f.ok for k, f in parsed.items()}},
    )  # fmt: skip
    return row


@transaction.atomic
def review_coordinate(
    *, actor: User, case: Case, handler_view: str, reviewer_view: str, outcome: str, escalate: bool = False
) -> Coordination:
    """协调: record the disagreement and its outcome; ``escalate`` marks the case for 集体讨论."""
    case = lock(case)
    if not (
        actor.has_role(Role.UNIT_HEAD) or actor.has_role(Role.LEGAL_REVIEWER) or actor.has_role(Role.LEADER)
    ):
        raise NotAllowed("协调由承办机构负责人、法制审核人员或机关负责人记录。")
    if not all(v.strip() for v in (handler_view, reviewer_view, outcome)):
        raise InvalidInput("请填写承办机构意见、法制机构意见和协调结果。")
    row = Coordination.objects.create(case=case, handler_view=handler_view, reviewer_view=reviewer_view,
                                      outcome=outcome, escalated=escalate, recorded_by=actor)  # fmt: skip
    if escalate and not case.collective_discussion_required:
        case.collective_discussion_required = True
        case.save(update_fields=["collective_discussion_required"])
    event_append(actor=actor, action="review.coordinate", subject_type=SUBJECT, subject_id=case.pk,
                 payload={"coordination_id": row.pk, "escalated": escalate})  # fmt: skip
    return row


@transaction.atomic
def review_collective_record(
    *,
    actor: User,
    case: Case,
    held_at: dt.datetime,
    place: str,
    attendees: list[User],
    views: dict[int, str],
    decision: str,
    minutes: str,
) -> CollectiveDiscussion:
    """集体讨论记录 (处罚法 art. 57 para 2): attendees are the agency's leaders; more than half must attend; each
    attendee's view is recorded. The decision itself is then made by :func:`sanxiang.cases.services.case_decide`."""
    case = lock(case)
    if case.state is not State.COLLECTIVE_DISCUSSION:
        raise Refusal(f"案件处于“{case.state.label}”环节，尚未提请集体讨论。")
    if not actor.has_role(Role.LEADER):
        raise NotAllowed("集体讨论记录由机关负责人确认。")
    leaders = set(
        User.objects.filter(
            role_grants__role=Role.LEADER, department__agency_id=case.agency_id, is_active=True
        ).values_list("pk", flat=True)
    )
    present = {u.pk for u in attendees}
    if not present or not present <= leaders:
        raise InvalidInput("出席人员须为本机关负责人。")
    if set(views) != present or not all(str(v).strip() for v in views.values()):
        raise InvalidInput("请记录每位出席人员的意见。")
    if not (decision.strip() and minutes.strip() and place.strip()):
        raise InvalidInput("请填写讨论决定、会议纪要和地点。")
    quorum = len(present) * 2 > len(leaders)
    row = CollectiveDiscussion.objects.create(
        case=case, held_at=held_at, place=place, chaired_by=actor, leaders_total=len(leaders), quorum_met=quorum,
        views=[{"user_id": uid, "view": views[uid]} for uid in sorted(present)], decision=decision, minutes=minutes,
        recorded_by=actor,
    )  # fmt: skip
    row.attendees.set(attendees)
    event_append(
        actor=actor, action="review.collective_record", subject_type=SUBJECT, subject_id=case.pk,
        payload={"discussion_id": row.pk, "attendees": sorted(present), "leaders_total": len(leaders),
                 "quorum_met": quorum},
        personal={"decision": decision, "minutes": minutes},
    )  # fmt: skip
    return row  # without a quorum it is recorded, but case_decide still refuses
