"""Case services: every write to a case, one function per action of the workflow (``case_<verb>``).

Each function is keyword-only with an explicit ``actor=``, runs in one transaction, locks the case row
(``SELECT … FOR UPDATE``), builds the case's facts (:func:`sanxiang.cases.selectors.case_facts`), asks
:func:`sanxiang.cases.workflow.check_transition`, and on :class:`~sanxiang.cases.workflow.Allowed` assigns
the status, writes the :class:`~sanxiang.cases.models.CaseTransition` row, starts and stops the deadlines the
table names, and appends exactly one record-log event. A refusal raises :class:`Refusal` (409, or 403 when the
actor lacks the role) carrying the guard's Chinese reason; nothing is written then.

Activities live in ``activity_services.py``, payments and enforcement in ``execution_services.py``, legal
review in ``sanxiang.review.services``; all go through :func:`apply_transition` here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from sanxiang.accounts import codes
from sanxiang.accounts.models import Agency, Role, User
from sanxiang.cases import deadlines, identity, selectors
from sanxiang.cases.models import (
    Case,
    CaseCounter,
    CaseOfficer,
    CaseTransition,
    ExcludedPeriod,
    Extension,
    Party,
    PostDecisionChange,
    Recusal,
    Suspension,
)
from sanxiang.cases.service import ServiceMethod, ServiceRecord, served_on
from sanxiang.cases.workflow import Allowed, State, check_transition
from sanxiang.catalog.models import EnforcementItem
from sanxiang.catalog.penalties import PartyKind, PenaltyKind, Procedure
from sanxiang.core.errors import Conflict, InvalidInput, NotAllowed
from sanxiang.publicity import hooks as publicity_hooks
from sanxiang.records.services import event_append

SUBJECT = "cases.case"


class Refusal(Conflict):
    """A transition the workflow refused: ``code`` names the guard (or ``wrong_state`` / ``role``)."""

    def __init__(self, message: str, *, http_status: int = 409, code: str = "wrong_state"):
        super().__init__(message)
        self.http_status = http_status
        self.code = code


def today() -> dt.date:
    return timezone.localdate()


def lock(case: Case | int) -> Case:
    pk = case.pk if isinstance(case, Case) else case
    return Case.objects.select_for_update().select_related("item__field", "agency").get(pk=pk)


def check(case: Case, action: str, *, actor: User, on: dt.date, **facts_kw) -> Allowed:
    """The workflow's answer for ``action`` now, or :class:`Refusal`."""
    facts = selectors.case_facts(case, on, actor=actor, **facts_kw)
    answer = check_transition(
        case.status, action, actor.role_codes, facts, suspended_from=case.suspended_from or None
    )
    if isinstance(answer, Allowed):
        return answer
    code = answer.guard or ("role" if answer.http_status == 403 else "wrong_state")
    raise Refusal(answer.reason, http_status=answer.http_status, code=code)


def apply_transition(
    *,
    case: Case,
    action: str,
    actor: User,
    on: dt.date,
    reason: str = "",
    data: dict | None = None,
    personal: dict[str, str] | None = None,
    update_fields: tuple[str, ...] = (),
    **facts_kw,
) -> CaseTransition:
    """Check ``action`` on the locked ``case`` (whose in-memory fields carry the action's inputs), then assign
    the status, save, write the history row, start/stop deadlines and append the one log event."""
    answer = check(case, action, actor=actor, on=on, reason=reason, **facts_kw)
    state_from = case.status
    case.status = answer.state_to.value
    if action == "suspend":
        case.suspended_from = state_from
    elif action == "resume":
        case.suspended_from = ""
    case.save(update_fields=["status", "suspended_from", *update_fields])
    data = dict(data or {})
    row = CaseTransition.objects.create(
        case=case,
        state_from=state_from,
        action=action,
        state_to=case.status,
        actor=actor,
        reason=reason,
        data=data,
    )
    transition = answer.transition
    facts = selectors.case_facts(case, on, actor=actor)
    started = deadlines.start(
        case=case,
        codes=transition.deadlines_started,
        facts=facts,
        today=on,
        actor=actor,
        responsible=selectors.lead_officer(case),
    )
    deadlines.stop(case=case, codes=set(transition.deadlines_stopped) - set(transition.deadlines_started))
    event_append(
        actor=actor,
        action=f"case.{action}",
        subject_type=SUBJECT,
        subject_id=case.pk,
        payload={
            "transition_id": row.pk,
            "from": state_from,
            "to": case.status,
            "number": case.number,
            "reason": reason,
            "deadlines": {d.code: d.deadline.due_on.isoformat() for d in started},
            **data,
        },
        personal=personal,
    )
    return row


# -- registration and filing ----------------------------------------------------------------------------------


def _decimal(value, what: str) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else "0"))
    except InvalidOperation:
        raise InvalidInput(f"{what}应为金额数字。") from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(f"{what}应为不小于 0、最多两位小数的金额。")
    return amount


def _penalty_kinds(kinds) -> list[str]:
    out = []
    for kind in kinds or []:
        try:
            out.append(PenaltyKind(kind).value)
        except ValueError:
            raise InvalidInput(f"处罚种类“{kind}”不存在。") from None
    return sorted(set(out), key=[k.value for k in PenaltyKind].index)


def _check_party(party: dict, on: dt.date) -> dict:
    kind = party.get("kind")
    if kind not in PartyKind.__members__.values() and kind not in [k.value for k in PartyKind]:
        raise InvalidInput("当事人类别应为 person（公民）或 organisation（法人或者其他组织）。")
    name = (party.get("name") or "").strip()
    if not name:
        raise InvalidInput("请填写当事人姓名或名称。")
    clean = {
        "kind": kind,
        "name": name,
        "legal_representative": (party.get("legal_representative") or "").strip(),
        "contact": (party.get("contact") or "").strip(),
        "address": (party.get("address") or "").strip(),
        "is_minor": bool(party.get("is_minor")),
        "id_number": "",
        "credit_code": "",
    }
    if kind == PartyKind.PERSON:
        number = identity.normalize(party.get("id_number") or "")
        if number:
            problem = identity.id_number_problem(number, today=on)
            if problem:
                raise InvalidInput(problem)
            clean["id_number"] = number
            clean["is_minor"] = clean["is_minor"] or identity.is_minor(number, on=on)
    else:
        code = (party.get("credit_code") or "").strip().upper()
        if code:
            problem = codes.credit_code_problem(code)
            if problem:
                raise InvalidInput(problem)
            clean["credit_code"] = code
    return clean


def _check_officers(officers, agency: Agency) -> list[tuple[User, str]]:
    if not officers:
        raise InvalidInput("请指定承办人员（主办、协办）。")
    out, seen = [], set()
    for officer, role in officers:
        if role not in CaseOfficer.Role.values:
            raise InvalidInput("承办人员分工应为 lead（主办）或 assistant（协办）。")
        if officer.pk in seen:
            raise InvalidInput(f"承办人员“{officer}”重复。")
        if officer.department is None or officer.department.agency_id != agency.pk:
            raise InvalidInput(f"“{officer}”不是本机关工作人员。")
        seen.add(officer.pk)
        out.append((officer, role))
    if sum(1 for _o, r in out if r == CaseOfficer.Role.LEAD) != 1:
        raise InvalidInput("承办人员中须有且只有一名主办人员。")
    return out


@transaction.atomic
def case_register(
    *,
    actor: User,
    item: EnforcementItem,
    procedure: str,
    source: str,
    party: dict,
    officers: list[tuple[User, str]],
    facts: str = "",
    violation_occurred_on: dt.date | None = None,
    violation_ended_on: dt.date | None = None,
    discovered_on: dt.date | None = None,
    harm_caused: bool = False,
    penalty_kinds: list[str] | None = None,
    fine=0,
    confiscation=0,
    facts_certain: bool = True,
) -> Case:
    """案源登记: record a case source with its party, item and officers (state ``registered``). Event
    ``case.register``; the party's name (a person's), ID number, phone and address go in as commitments."""
    if not actor.has_role(Role.OFFICER) and not actor.has_role(Role.UNIT_HEAD):
        raise NotAllowed("案源登记须由执法人员或承办机构负责人办理。")
    if actor.department is None:
        raise NotAllowed("登记人未归属任何部门，不能登记案源。")
    on = today()
    if procedure not in [p.value for p in Procedure]:
        raise InvalidInput("程序应为 simplified（简易程序）或 general（一般程序）。")
    if not (source or "").strip():
        raise InvalidInput("请填写案源。")
    for day, label in ((violation_occurred_on, "违法行为发生日期"), (discovered_on, "发现日期")):
        if day is not None and day > on:
            raise InvalidInput(f"{label}不能晚于今天。")
    agency = actor.department.agency
    party_clean = _check_party(party, on)
    team = _check_officers(officers, agency)
    case = Case.objects.create(
        agency=agency,
        department=actor.department,
        procedure=procedure,
        item=item,
        source=source.strip(),
        facts=facts,
        facts_certain=facts_certain,
        violation_occurred_on=violation_occurred_on,
        violation_ended_on=violation_ended_on,
        discovered_on=discovered_on or on,
        harm_caused=harm_caused,
        penalty_kinds=_penalty_kinds(penalty_kinds),
        fine=_decimal(fine, "罚款金额"),
        confiscation=_decimal(confiscation, "没收金额"),
        registered_by=actor,
    )
    party_row = Party.objects.create(case=case, **party_clean)
    CaseOfficer.objects.bulk_create([CaseOfficer(case=case, officer=o, role=r) for o, r in team])
    personal = {k: v for k, v in (("id_number", party_row.id_number), ("contact", party_row.contact),
                                   ("address", party_row.address)) if v}  # fmt: skip
    if party_row.kind == PartyKind.PERSON:
        personal["party_name"] = party_row.name
    event_append(
        actor=actor,
        action="case.register",
        subject_type=SUBJECT,
        subject_id=case.pk,
        payload={
            "procedure": procedure,
            "item": case.item.code,
            "item_version": case.item.version,
            "party_id": party_row.pk,
            "party_kind": party_row.kind,
            "party_name": party_row.name if party_row.kind == PartyKind.ORGANISATION else None,
            "credit_code": party_row.credit_code or None,
            "minor": party_row.is_minor,
            "officers": [{"id": o.pk, "role": r} for o, r in team],
            "penalty_kinds": case.penalty_kinds,
            "fine": str(case.fine),
        },
        personal=personal or None,
    )
    return case


@transaction.atomic
def case_set_penalty(
    *,
    actor: User,
    case: Case,
    penalty_kinds: list[str],
    fine=0,
    confiscation=0,
    facts: str | None = None,
    other_serious_penalty: bool | None = None,
    collective_discussion_required: bool | None = None,
) -> Case:
    """Record the proposed penalty (拟处罚意见) and facts while the case is being investigated or fixed after a
    review. Event ``case.set_penalty``."""
    case = lock(case)
    if case.state not in (
        State.REGISTERED,
        State.INVESTIGATING,
        State.INVESTIGATION_ENDED,
        State.HEARING_HELD,
    ):
        raise Refusal(f"案件处于“{case.state.label}”环节，不能再修改拟处罚意见。")
    if actor.pk not in selectors.handler_ids(case) and not actor.has_role(Role.UNIT_HEAD):
        raise NotAllowed("只有承办人员或承办机构负责人可以修改拟处罚意见。")
    case.penalty_kinds = _penalty_kinds(penalty_kinds)
    case.fine = _decimal(fine, "罚款金额")
    case.confiscation = _decimal(confiscation, "没收金额")
    fields = ["penalty_kinds", "fine", "confiscation"]
    if facts is not None:
        case.facts, fields = facts, [*fields, "facts"]
    if other_serious_penalty is not None:
        case.other_serious_penalty, fields = other_serious_penalty, [*fields, "other_serious_penalty"]
    if collective_discussion_required is not None:
        case.collective_discussion_required = collective_discussion_required
        fields.append("collective_discussion_required")
    case.save(update_fields=fields)
    event_append(
        actor=actor,
        action="case.set_penalty",
        subject_type=SUBJECT,
        subject_id=case.pk,
        payload={
            "penalty_kinds": case.penalty_kinds,
            "fine": str(case.fine),
            "confiscation": str(case.confiscation),
            "other_serious_penalty": case.other_serious_penalty,
            "collective_discussion_required": case.collective_discussion_required,
        },  # fmt: skip
    )
    return case


def _next_number(case: Case, on: dt.date) -> None:
    counter, _created = CaseCounter.objects.get_or_create(agency=case.agency, year=on.year)
    counter = CaseCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    short = case.agency.short_name or ""
    case.number_year, case.number_seq = on.year, counter.last
    case.number = f"{short}卫{case.item.field.abbreviation}立〔{on.year}〕{counter.last:03d}号"


@transaction.atomic
def case_file(*, actor: User, case: Case, reason: str = "") -> Case:
    """立案 (处罚法 art. 54): approved by the unit head or a leader; gives the case its number (gap-free per
    agency and year) and starts the 90-day decision period."""
    case = lock(case)
    on = today()
    check(
        case, "file", actor=actor, on=on, reason=reason
    )  # before taking a number: a refusal must not use one
    _next_number(case, on)
    case.filed_on = on
    apply_transition(
        case=case, action="file", actor=actor, on=on, reason=reason,
        update_fields=("number", "number_year", "number_seq", "filed_on"),
    )  # fmt: skip
    return case


def _simple(*, actor: User, case: Case, action: str, reason: str = "", data: dict | None = None) -> Case:
    case = lock(case)
    apply_transition(case=case, action=action, actor=actor, on=today(), reason=reason, data=data)
    return case


@transaction.atomic
def case_decline_filing(*, actor: User, case: Case, reason: str) -> Case:
    """不予立案, with the reason (e.g. the limitation period has run)."""
    return _simple(actor=actor, case=case, action="decline_filing", reason=reason)


@transaction.atomic
def case_decide_on_the_spot(
    *,
    actor: User,
    case: Case,
    credentials_shown: bool,
    decision_number: str = "",
    officers: list[User] | None = None,
) -> Case:
    """简易程序 (处罚法 art. 51–52): decide on the spot and hand over the pre-numbered decision; the 15 days to
    pay start today. The number is that of the issued 当场行政处罚决定书; a typed ``decision_number`` must be
    the same."""
    case = lock(case)
    on = today()
    # The pre-numbered form is the issued 当场行政处罚决定书 (its guard refuses without it, art. 52).
    check(
        case, "decide_on_the_spot", actor=actor, on=on, officers=officers, credentials_shown=credentials_shown
    )
    number = _issued_number(case, "on_the_spot_decision", decision_number)
    case.decision_number, case.decided_on, case.served_on = number, on, on
    case.service_method = ServiceMethod.ON_THE_SPOT
    from sanxiang.cases.execution import payment_due_on

    case.payment_due_on = payment_due_on(on, selectors.calendar()).date
    apply_transition(
        case=case, action="decide_on_the_spot", actor=actor, on=on, officers=officers,
        credentials_shown=credentials_shown, data={"decision_number": case.decision_number, "fine": str(case.fine)},
        update_fields=("decision_number", "decided_on", "served_on", "service_method", "payment_due_on"),
    )  # fmt: skip
    return case


@transaction.atomic
def case_file_on_the_spot_record(*, actor: User, case: Case, reason: str = "") -> Case:
    """当场处罚备案 (处罚法 art. 52 para 3)."""
    return _simple(actor=actor, case=case, action="file_on_the_spot_record", reason=reason)


# -- investigation ---------------------------------------------------------------------------------------------


@transaction.atomic
def case_decide_preserved_evidence(*, actor: User, case: Case, reason: str) -> Case:
    """先行登记保存处理决定 within 7 working days (处罚法 art. 56)."""
    return _simple(actor=actor, case=case, action="decide_preserved_evidence", reason=reason)


@transaction.atomic
def case_extend_seizure(*, actor: User, case: Case, reason: str) -> Case:
    """延长查封、扣押 by 30 days with the leader's approval (强制法 art. 25)."""
    return _simple(actor=actor, case=case, action="extend_seizure", reason=reason)


@transaction.atomic
def case_release_seizure(*, actor: User, case: Case, reason: str) -> Case:
    """解除或处理查封、扣押 (强制法 art. 27–28)."""
    return _simple(actor=actor, case=case, action="release_seizure", reason=reason)


@transaction.atomic
def case_start_excluded_period(
    *, actor: User, case: Case, reason: str, start_on: dt.date | None = None
) -> Case:
    """检测、检验、鉴定、公告 begin: the decision clock stops (处罚法 art. 60 with sectoral rules)."""
    case = lock(case)
    on = today()
    if case.excluded_periods.filter(kind=ExcludedPeriod.Kind.EXCLUDED, end_on__isnull=True).exists():
        raise Refusal("已有未结束的不计入期间，请先结束。")
    period = ExcludedPeriod.objects.create(
        case=case, start_on=start_on or on, reason=reason, recorded_by=actor
    )
    apply_transition(
        case=case, action="start_excluded_period", actor=actor, on=on, reason=reason,
        data={"period_id": period.pk, "start_on": period.start_on.isoformat()},
    )  # fmt: skip
    return case


@transaction.atomic
def case_end_excluded_period(*, actor: User, case: Case, end_on: dt.date | None = None) -> Case:
    """The excluded period ends; the decision deadline is recomputed without its days."""
    case = lock(case)
    on = today()
    period = case.excluded_periods.filter(kind=ExcludedPeriod.Kind.EXCLUDED, end_on__isnull=True).first()
    if period is None:
        raise Refusal("没有进行中的不计入期间。")
    period.end_on = end_on or on
    if period.end_on < period.start_on:
        raise InvalidInput("结束日期不能早于开始日期。")
    period.save(update_fields=["end_on"])
    apply_transition(
        case=case, action="end_excluded_period", actor=actor, on=on,
        data={"period_id": period.pk, "end_on": period.end_on.isoformat()},
    )  # fmt: skip
    return case


@transaction.atomic
def case_approve_extension(*, actor: User, case: Case, days: int, reason: str) -> Case:
    """延长办案期限: approved and recorded; the decision deadline moves by ``days``."""
    case = lock(case)
    if not isinstance(days, int) or not 1 <= days <= 365:
        raise InvalidInput("延长天数应为 1 到 365 之间的整数。")
    on = today()
    ext = Extension.objects.create(case=case, days=days, approved_on=on, approved_by=actor, reason=reason)
    apply_transition(
        case=case, action="approve_extension", actor=actor, on=on, reason=reason,
        data={"extension_id": ext.pk, "days": days},
    )  # fmt: skip
    return case


@transaction.atomic
def case_end_investigation(*, actor: User, case: Case, reason: str = "") -> Case:
    """调查终结 (处罚法 art. 57): the unit head reviews the handlers' findings."""
    return _simple(actor=actor, case=case, action="end_investigation", reason=reason)


@transaction.atomic
def case_resume_investigation(*, actor: User, case: Case, reason: str = "") -> Case:
    """补充调查."""
    return _simple(actor=actor, case=case, action="resume_investigation", reason=reason)


@transaction.atomic
def case_recusal_apply(
    *, actor: User, case: Case, officer: User, reason: str, self_declared: bool
) -> Recusal:
    """回避 (处罚法 art. 43): an officer declares a conflict, or a party's application is recorded."""
    case = lock(case)
    if officer.pk not in selectors.handler_ids(case):
        raise InvalidInput("只能对本案承办人员申请回避。")
    if not reason.strip():
        raise InvalidInput("请填写回避理由。")
    row = Recusal.objects.create(case=case, officer=officer, self_declared=self_declared, reason=reason)
    event_append(actor=actor, action="case.recusal_apply", subject_type=SUBJECT, subject_id=case.pk,
                 payload={"recusal_id": row.pk, "officer_id": officer.pk, "self_declared": self_declared})  # fmt: skip
    return row


@transaction.atomic
def case_recusal_decide(*, actor: User, recusal: Recusal, granted: bool) -> Recusal:
    """The agency head decides a recusal application (处罚法 art. 43 para 3)."""
    lock(recusal.case_id)
    recusal = Recusal.objects.select_for_update().get(pk=recusal.pk)
    if not actor.has_role(Role.LEADER):
        raise NotAllowed("回避申请由机关负责人决定（行政处罚法第四十三条第三款）。")
    if recusal.decided_at is not None:
        raise Refusal("该回避申请已经决定。")
    recusal.decided_at, recusal.decided_by, recusal.granted = timezone.now(), actor, granted
    recusal.save(update_fields=["decided_at", "decided_by", "granted"])
    event_append(actor=actor, action="case.recusal_decide", subject_type=SUBJECT, subject_id=recusal.case_id,
                 payload={"recusal_id": recusal.pk, "granted": granted})  # fmt: skip
    return recusal


# -- notice, statement, hearing --------------------------------------------------------------------------------


def _not_future(day: dt.date | None, on: dt.date, what: str) -> dt.date:
    day = day or on
    if day > on:
        raise InvalidInput(f"{what}不能晚于今天。")
    return day


@transaction.atomic
def case_notify(*, actor: User, case: Case, served_on: dt.date | None = None) -> Case:
    """送达行政处罚事先告知书 (处罚法 art. 44, 63): starts the statement and hearing-request periods."""
    case = lock(case)
    on = today()
    case.notice_served_on = _not_future(served_on, on, "告知书送达日期")
    apply_transition(
        case=case, action="notify", actor=actor, on=on, data={"notice_served_on": case.notice_served_on.isoformat()},
        update_fields=("notice_served_on",),
    )  # fmt: skip
    return case


@transaction.atomic
def case_record_statement(
    *, actor: User, case: Case, statement: str = "", waived: bool = False, hearing_waived: bool = False
) -> Case:
    """记录陈述、申辩 (art. 45), or the party's express waiver of the statement and of the hearing."""
    case = lock(case)
    case.statement_waived = case.statement_waived or waived
    case.hearing_waived = case.hearing_waived or hearing_waived
    apply_transition(
        case=case, action="record_statement", actor=actor, on=today(),
        data={"waived": waived, "hearing_waived": hearing_waived, "has_statement": bool(statement.strip())},
        personal={"statement": statement} if statement.strip() else None,
        update_fields=("statement_waived", "hearing_waived"),
    )  # fmt: skip
    return case


@transaction.atomic
def case_close_statement_period(*, actor: User, case: Case, reason: str = "") -> Case:
    """陈述申辩期满 (or waived): the case moves to the decision."""
    return _simple(actor=actor, case=case, action="close_statement_period", reason=reason)


@transaction.atomic
def case_request_hearing(*, actor: User, case: Case, requested_on: dt.date | None = None) -> Case:
    """当事人要求听证 within 5 working days of the notice (art. 64(一))."""
    case = lock(case)
    on = today()
    case.hearing_requested_on = _not_future(requested_on, on, "听证申请日期")
    apply_transition(
        case=case, action="request_hearing", actor=actor, on=on,
        data={"requested_on": case.hearing_requested_on.isoformat()}, update_fields=("hearing_requested_on",),
    )  # fmt: skip
    return case


@transaction.atomic
def case_schedule_hearing(
    *, actor: User, case: Case, hearing_on: dt.date, notice_served_on: dt.date, host: User
) -> Case:
    """送达听证通知书, at least 7 working days before the hearing, hosted by a non-investigator (art. 64)."""
    case = lock(case)
    case.hearing_on, case.hearing_notice_served_on, case.hearing_host = hearing_on, notice_served_on, host
    apply_transition(
        case=case, action="schedule_hearing", actor=actor, on=today(),
        data={"hearing_on": hearing_on.isoformat(), "notice_served_on": notice_served_on.isoformat(),
              "host_id": host.pk},
        update_fields=("hearing_on", "hearing_notice_served_on", "hearing_host"),
    )  # fmt: skip
    return case


@transaction.atomic
def case_hold_hearing(*, actor: User, case: Case, held_on: dt.date | None = None, record: str = "") -> Case:
    """举行听证 and its record (听证笔录)."""
    case = lock(case)
    on = today()
    case.hearing_held_on = _not_future(held_on, on, "听证日期")
    apply_transition(
        case=case, action="hold_hearing", actor=actor, on=on, data={"held_on": case.hearing_held_on.isoformat()},
        personal={"record": record} if record.strip() else None, update_fields=("hearing_held_on",),
    )  # fmt: skip
    return case


@transaction.atomic
def case_abandon_hearing(*, actor: User, case: Case, reason: str) -> Case:
    """The party withdraws its request or does not attend (art. 64(六))."""
    case = lock(case)
    case.hearing_waived = True
    apply_transition(case=case, action="abandon_hearing", actor=actor, on=today(), reason=reason,
                     update_fields=("hearing_waived",))  # fmt: skip
    return case


# -- decision --------------------------------------------------------------------------------------------------


@transaction.atomic
def case_refer_to_collective(*, actor: User, case: Case, reason: str = "") -> Case:
    """提请集体讨论 (art. 57 para 2)."""
    return _simple(actor=actor, case=case, action="refer_to_collective", reason=reason)


@transaction.atomic
def case_decide(*, actor: User, case: Case, decision_number: str = "") -> Case:
    """作出行政处罚决定 (art. 57, 59): only after notice, statement, hearing and a passed legal review, in the
    issued 行政处罚决定书 whose 文号 the case takes; a typed ``decision_number`` must be that 文号."""
    case = lock(case)
    on = today()
    check(case, "decide", actor=actor, on=on)  # the guards first: e.g. "请先签发《行政处罚决定书》"
    case.decision_number, case.decided_on = _issued_number(case, "penalty_decision", decision_number), on
    apply_transition(
        case=case, action="decide", actor=actor, on=on,
        data={"decision_number": case.decision_number, "penalty_kinds": case.penalty_kinds, "fine": str(case.fine)},
        update_fields=("decision_number", "decided_on"),
    )  # fmt: skip
    return case


def _issued_number(case: Case, type_code: str, typed: str) -> str:
    """The 文号 of the case's issued document of ``type_code`` (the guard made sure there is one); a number the
    user typed must be the same."""
    from sanxiang.documents.selectors import document_issued_for

    document = document_issued_for(case, type_code)
    if document is None or document.number_id is None:
        raise Conflict(f"本案尚无已签发并编号的文书（{type_code}），请先签发。")
    typed = (typed or "").strip()
    if typed and typed != document.number.text:
        raise InvalidInput(
            f"填写的文号“{typed}”与已签发的《{document.type.name}》的文号“{document.number.text}”不一致。"
            "请核对；也可以不填写，系统自动采用已签发文书的文号。"
        )
    return document.number.text


@transaction.atomic
def case_decide_no_penalty(*, actor: User, case: Case, ground: str, reason: str = "") -> Case:
    """不予处罚 (art. 30, 31, 33, 57): a legal ground; except where the facts are not established, an education
    record (教育, activity kind ``education``) must exist — 首违不罚."""
    case = lock(case)
    on = today()
    case.no_penalty_ground, case.decided_on = ground, on
    apply_transition(
        case=case, action="decide_no_penalty", actor=actor, on=on, reason=reason, data={"ground": ground},
        update_fields=("no_penalty_ground", "decided_on"),
    )  # fmt: skip
    return case


@transaction.atomic
def case_serve(
    *,
    actor: User,
    case: Case,
    method: str,
    signed_on: dt.date | None = None,
    left_on: dt.date | None = None,
    receipt_on: dt.date | None = None,
    reached_on: dt.date | None = None,
    consent_signed: bool = False,
    announced_on: dt.date | None = None,
    witness_or_recording: bool = False,
) -> Case:
    """送达处罚决定书 (art. 61, 民事诉讼法): the date of service follows the method; the 15 days to pay start."""
    case = lock(case)
    try:
        service_method = ServiceMethod(method)
    except ValueError:
        raise InvalidInput(
            "送达方式应为 on_the_spot、direct、left、postal、electronic 或 announcement。"
        ) from None
    record = ServiceRecord(service_method, signed_on, left_on, receipt_on, reached_on, consent_signed, announced_on,
                           witness_or_recording)  # fmt: skip
    case.service_method, case.electronic_consent = service_method.value, consent_signed
    on = today()
    # A refusal for the method (e.g. electronic service without consent) wins over missing dates.
    check(case, "serve", actor=actor, on=on)
    case.served_on = served_on(record)
    from sanxiang.cases.execution import payment_due_on

    case.payment_due_on = payment_due_on(case.served_on, selectors.calendar()).date
    apply_transition(
        case=case, action="serve", actor=actor, on=on,
        data={"method": service_method.value, "served_on": case.served_on.isoformat(),
              "payment_due_on": case.payment_due_on.isoformat()},
        update_fields=("service_method", "electronic_consent", "served_on", "payment_due_on"),
    )  # fmt: skip
    return case


# -- after the decision ----------------------------------------------------------------------------------------

CHANGE_ACTIONS = {
    PostDecisionChange.Kind.AMEND: "amend",
    PostDecisionChange.Kind.REVOKE: "revoke",
    PostDecisionChange.Kind.CONFIRM_ILLEGAL: "confirm_illegal",
    PostDecisionChange.Kind.CONFIRM_VOID: "confirm_void",
}


@transaction.atomic
def case_change_decision(
    *,
    actor: User,
    case: Case,
    kind: str,
    deciding_body: str,
    reason: str,
    decided_on: dt.date | None = None,
    document_number: str = "",
) -> PostDecisionChange:
    """变更 / 撤销 / 确认违法 / 确认无效 a decision (after 复议, a judgment, or by the agency itself), recorded with
    the deciding body and reason (处罚法 art. 48); a published decision must then be withdrawn in 3 working days."""
    if kind not in CHANGE_ACTIONS:
        raise InvalidInput(
            "类别应为 amend（变更）、revoke（撤销）、confirm_illegal（确认违法）或 confirm_void（确认无效）。"
        )
    case = lock(case)
    on = today()
    check(case, CHANGE_ACTIONS[kind], actor=actor, on=on, reason=reason, deciding_body=deciding_body)
    change = PostDecisionChange.objects.create(
        case=case, kind=kind, deciding_body=deciding_body, reason=reason,
        decided_on=_not_future(decided_on, on, "作出日期"), document_number=document_number, recorded_by=actor,
    )  # fmt: skip
    apply_transition(
        case=case, action=CHANGE_ACTIONS[kind], actor=actor, on=on, reason=reason, deciding_body=deciding_body,
        data={"change_id": change.pk, "deciding_body": deciding_body, "document_number": document_number},
    )  # fmt: skip
    publicity_hooks.decision_changed(actor=actor, case=case, change=change)
    return change


@transaction.atomic
def case_reinvestigate(*, actor: User, case: Case, reason: str) -> Case:
    """重新调查处理 after a revocation that orders a new decision; the 90 days start again."""
    case = lock(case)
    case.filed_on = today()
    apply_transition(case=case, action="reinvestigate", actor=actor, on=today(), reason=reason,
                     update_fields=("filed_on",))  # fmt: skip
    return case


# -- crime transfer, withdrawal, suspension --------------------------------------------------------------------


@transaction.atomic
def case_propose_transfer(*, actor: User, case: Case, reason: str) -> Case:
    """报请移送司法机关: the agency head decides within 3 days."""
    return _simple(actor=actor, case=case, action="propose_transfer", reason=reason)


@transaction.atomic
def case_approve_transfer(*, actor: User, case: Case, reason: str = "") -> Case:
    """批准移送: the case goes to the police within 24 hours."""
    return _simple(actor=actor, case=case, action="approve_transfer", reason=reason)


@transaction.atomic
def case_reject_transfer(*, actor: User, case: Case, reason: str) -> Case:
    """不批准移送, with the reason; administrative handling continues."""
    return _simple(actor=actor, case=case, action="reject_transfer", reason=reason)


@transaction.atomic
def case_transfer(*, actor: User, case: Case, receiving_body: str, reason: str = "") -> Case:
    """移送司法机关 (处罚法 art. 27)."""
    if not (receiving_body or "").strip():
        raise InvalidInput("请填写接收移送的机关。")
    return _simple(
        actor=actor, case=case, action="transfer", reason=reason, data={"receiving_body": receiving_body}
    )


@transaction.atomic
def case_receive_back(*, actor: User, case: Case, reason: str) -> Case:
    """司法机关退回: back to investigation for an administrative penalty."""
    return _simple(actor=actor, case=case, action="receive_back", reason=reason)


@transaction.atomic
def case_withdraw(*, actor: User, case: Case, reason: str) -> Case:
    """撤销立案, with the leader's approval and the reason."""
    return _simple(actor=actor, case=case, action="withdraw", reason=reason)


@transaction.atomic
def case_suspend(*, actor: User, case: Case, reason: str) -> Case:
    """中止 with approval: the decision clock stops until :func:`case_resume`."""
    case = lock(case)
    on = today()
    if case.state is not State.SUSPENDED:
        suspension = Suspension.objects.create(case=case, start_on=on, reason=reason, approved_by=actor)
        data = {"suspension_id": suspension.pk}
    else:
        data = {}
    apply_transition(case=case, action="suspend", actor=actor, on=on, reason=reason, data=data)
    return case


@transaction.atomic
def case_resume(*, actor: User, case: Case, reason: str) -> Case:
    """恢复: back to the step before the suspension; the decision deadline moves by the suspended days."""
    case = lock(case)
    on = today()
    suspension = case.suspensions.filter(end_on__isnull=True).order_by("-id").first()
    if suspension is not None:
        suspension.end_on, suspension.resumed_by = on, actor
        suspension.save(update_fields=["end_on", "resumed_by"])
    apply_transition(case=case, action="resume", actor=actor, on=on, reason=reason,
                     data={"suspension_id": suspension.pk if suspension else None})  # fmt: skip
    return case


@transaction.atomic
def case_close(*, actor: User, case: Case, reason: str = "") -> Case:
    """结案."""
    case = lock(case)
    case.closed_on = today()
    apply_transition(
        case=case, action="close", actor=actor, on=today(), reason=reason, update_fields=("closed_on",)
    )
    return case


@transaction.atomic
def case_archive(*, actor: User, case: Case, reason: str = "") -> Case:
    """归档."""
    return _simple(actor=actor, case=case, action="archive", reason=reason)
