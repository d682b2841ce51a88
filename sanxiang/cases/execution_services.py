"""Execution of a decision (行政处罚的执行): payments, deferral and instalments, 复议/诉讼, 催告, court enforcement.

The agency records the bank's receipts; it never collects money. The late fee (加处罚款) is computed on demand
(:func:`sanxiang.cases.selectors.owed`, built on the pure :mod:`sanxiang.cases.execution`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from sanxiang.accounts.models import Role, User
from sanxiang.cases import selectors
from sanxiang.cases.models import Case, ExcludedPeriod, Instalment, Payment
from sanxiang.cases.services import SUBJECT, Refusal, _decimal, _not_future, apply_transition, lock, today
from sanxiang.cases.workflow import State
from sanxiang.core.errors import InvalidInput, NotAllowed
from sanxiang.records.services import event_append

PAYABLE = (State.ON_THE_SPOT, State.EXECUTING, State.REMINDED, State.COURT_ENFORCEMENT)


@transaction.atomic
def payment_record(
    *, actor: User, case: Case, amount, paid_on: dt.date | None = None, receipt_number: str
) -> Payment:
    """Record a payment the bank received (缴款凭证). Event ``case.payment``."""
    case = lock(case)
    if case.state not in PAYABLE:
        raise Refusal(f"案件处于“{case.state.label}”环节，不能登记缴款。")
    if actor.pk not in selectors.handler_ids(case) and not actor.has_role(Role.UNIT_HEAD):
        raise NotAllowed("只有承办人员或承办机构负责人可以登记缴款。")
    amount = _decimal(amount, "缴款金额")
    if amount <= 0:
        raise InvalidInput("缴款金额应大于 0。")
    if not (receipt_number or "").strip():
        raise InvalidInput("请填写缴款凭证号。")
    on = today()
    payment = Payment.objects.create(
        case=case, amount=amount, paid_on=_not_future(paid_on, on, "缴款日期"), receipt_number=receipt_number.strip(),
        recorded_by=actor,
    )  # fmt: skip
    owed = selectors.owed(case, on)
    event_append(
        actor=actor, action="case.payment", subject_type=SUBJECT, subject_id=case.pk,
        payload={"payment_id": payment.pk, "amount": str(amount), "paid_on": payment.paid_on.isoformat(),
                 "receipt_number": payment.receipt_number, "outstanding": str(owed.outstanding)},
    )  # fmt: skip
    return payment


@transaction.atomic
def case_record_deferral_application(*, actor: User, case: Case, reason: str) -> Case:
    """当事人申请暂缓或分期缴纳罚款 (处罚法 art. 66 para 2: 确有经济困难): record the application. Event
    ``case.deferral_application``; the reason may describe the party's finances, so it is a commitment."""
    case = lock(case)
    if case.state is not State.EXECUTING:
        raise Refusal(f"案件处于“{case.state.label}”环节，不能申请暂缓或分期缴纳。")
    if not reason.strip():
        raise InvalidInput("请填写申请理由（经济困难的情况）。")
    case.deferral_applied = True
    case.save(update_fields=["deferral_applied"])
    event_append(actor=actor, action="case.deferral_application", subject_type=SUBJECT, subject_id=case.pk,
                 payload={}, personal={"reason": reason})  # fmt: skip
    return case


@transaction.atomic
def case_approve_deferral(
    *, actor: User, case: Case, instalments: list[tuple[dt.date, object]], reason: str = ""
) -> Case:
    """暂缓或分期缴纳 (处罚法 art. 66 para 2), on the party's application, approved by a leader. ``instalments``
    is the plan: (due date, amount) pairs adding up to the fine (one pair: a deferral)."""
    case = lock(case)
    on = today()
    if not instalments:
        raise InvalidInput("请填写缴纳计划（每期的期限和金额）。")
    plan = sorted(((day, _decimal(amount, "每期金额")) for day, amount in instalments), key=lambda p: p[0])
    if any(day <= on for day, _a in plan) or any(amount <= 0 for _d, amount in plan):
        raise InvalidInput("每期缴纳期限应晚于今天，金额应大于 0。")
    if sum((a for _d, a in plan), Decimal("0")) != case.fine:
        raise InvalidInput(f"各期金额之和应等于罚款金额 {case.fine} 元。")
    if case.instalments.exists():
        raise Refusal("本案已批准过暂缓或分期缴纳。")
    rows = Instalment.objects.bulk_create(
        [Instalment(case=case, due_on=day, amount=amount, approved_by=actor) for day, amount in plan]
    )
    case.payment_due_on = plan[-1][0]
    apply_transition(
        case=case, action="approve_deferral", actor=actor, on=on, reason=reason,
        data={"instalments": [{"due_on": r.due_on.isoformat(), "amount": str(r.amount)} for r in rows]},
        update_fields=("payment_due_on",),
    )  # fmt: skip
    return case


@transaction.atomic
def case_record_remedy(
    *, actor: User, case: Case, kind: str, start_on: dt.date, end_on: dt.date | None = None, reason: str = ""
) -> Case:
    """行政复议 or 行政诉讼 (art. 73): execution goes on, but its days do not count for the late fee."""
    case = lock(case)
    if kind not in ("reconsideration", "litigation"):
        raise InvalidInput("类别应为 reconsideration（行政复议）或 litigation（行政诉讼）。")
    on = today()
    period = ExcludedPeriod.objects.create(
        case=case, kind=ExcludedPeriod.Kind.REMEDY, start_on=_not_future(start_on, on, "开始日期"), end_on=end_on,
        reason=reason or {"reconsideration": "行政复议", "litigation": "行政诉讼"}[kind], recorded_by=actor,
    )  # fmt: skip
    apply_transition(
        case=case, action="record_remedy", actor=actor, on=on, reason=reason,
        data={"period_id": period.pk, "kind": kind, "start_on": period.start_on.isoformat(),
              "end_on": end_on.isoformat() if end_on else None},
    )  # fmt: skip
    return case


@transaction.atomic
def case_serve_reminder(*, actor: User, case: Case, served_on: dt.date | None = None) -> Case:
    """送达催告书 (强制法 art. 35, 54) after the payment deadline passed unpaid."""
    case = lock(case)
    on = today()
    case.reminder_served_on = _not_future(served_on, on, "催告书送达日期")
    apply_transition(
        case=case, action="serve_reminder", actor=actor, on=on,
        data={"reminder_served_on": case.reminder_served_on.isoformat()}, update_fields=("reminder_served_on",),
    )  # fmt: skip
    return case


@transaction.atomic
def case_apply_court_enforcement(*, actor: User, case: Case, court: str, reason: str = "") -> Case:
    """申请人民法院强制执行 (强制法 art. 53–54), inside the window after the 催告."""
    if not (court or "").strip():
        raise InvalidInput("请填写受理申请的人民法院。")
    case = lock(case)
    owed = selectors.owed(case, today())
    apply_transition(
        case=case, action="apply_court_enforcement", actor=actor, on=today(), reason=reason,
        data={"court": court.strip(), "outstanding": str(owed.outstanding), "late_fee": str(owed.late_fee.amount)},
    )  # fmt: skip
    return case


@transaction.atomic
def case_complete_execution(*, actor: User, case: Case, reason: str = "") -> Case:
    """执行完毕: the fine and any late fee are paid (or the court has finished)."""
    case = lock(case)
    apply_transition(case=case, action="complete_execution", actor=actor, on=today(), reason=reason)
    return case
