"""Reads of cases: the facts the workflow guards see, what a party owes, deadlines with their marks.

:func:`case_facts` is the one place that turns database rows into :class:`~sanxiang.cases.rules.CaseFacts`;
the services and the API (``available_actions``) both use it, so a button is enabled exactly when the service
would accept the action.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from sanxiang.accounts import selectors as accounts_selectors
from sanxiang.accounts.models import Role, User
from sanxiang.cases import execution, rules
from sanxiang.cases.models import (
    Activity,
    Case,
    CaseDeadline,
    CaseOfficer,
    ExcludedPeriod,
    Notification,
    Party,
)
from sanxiang.catalog import selectors as catalog_selectors
from sanxiang.catalog.penalties import PartyKind, Procedure
from sanxiang.core.calendar import current_calendar
from sanxiang.core.workdays import WorkCalendar
from sanxiang.documents.selectors import issued_type_codes

ZERO = Decimal("0")
YELLOW_WORKING_DAYS = 2  # 黄牌: 2 working days or fewer left.


def calendar() -> WorkCalendar:
    """The working-day calendar, provisional for years whose notice is not loaded (results say so)."""
    return current_calendar(provisional=True)


def handler_ids(case: Case) -> frozenset[int]:
    return frozenset(CaseOfficer.objects.filter(case=case).values_list("officer_id", flat=True))


def lead_officer(case: Case) -> User | None:
    row = CaseOfficer.objects.filter(case=case, role=CaseOfficer.Role.LEAD).select_related("officer").first()
    return row.officer if row else None


def party_kind(case: Case) -> PartyKind:
    party = Party.objects.filter(case=case).order_by("id").first()
    return PartyKind(party.kind) if party else PartyKind.ORGANISATION


def credential(officer: User, field_code: str, today: dt.date) -> rules.OfficerCredential:
    """The certificate an officer acts under in ``field_code`` (``accounts.selectors.officer_may_act``): the
    one that allows it, else the closest one, so the guard can say why it does not."""
    permission = accounts_selectors.officer_may_act(officer=officer, field=field_code, on=today)
    records = accounts_selectors.certificate_records(officer)
    chosen = next((r for r in records if r.number == permission.certificate_number), None)
    if chosen is None:
        return rules.OfficerCredential(officer.pk, "（无执法证）", frozenset(), dt.date.min, "none")
    if permission.allowed:
        return rules.OfficerCredential(officer.pk, chosen.number, chosen.fields, chosen.expires_on, "valid")
    status = chosen.status if chosen.is_active else "revoked"
    return rules.OfficerCredential(officer.pk, chosen.number, chosen.fields, chosen.expires_on, status)


def _periods(rows) -> tuple[rules.Period, ...]:
    return tuple(rules.Period(r.start_on, r.end_on, r.reason) for r in rows)


def review_passed_on(case: Case) -> dt.date | None:
    from sanxiang.review.models import ReviewOpinion

    opinion = ReviewOpinion.objects.filter(submission__case=case).order_by("-signed_at", "-id").first()
    if opinion is None or opinion.conclusion != "agree":
        return None
    return timezone.localdate(opinion.signed_at)


def collective_discussion_held(case: Case) -> bool:
    return case.collective_discussions.filter(quorum_met=True).exists()


def review_reasons(case: Case, today: dt.date) -> tuple[str, ...]:
    """The 法制审核事项清单 entries this case falls under (catalog.selectors.review_required)."""
    penalty = case.proposed_penalty
    benchmarks = list(catalog_selectors.benchmarks_for(item_code=case.item.code, on=today))
    within = (
        all(catalog_selectors.within_benchmark(benchmark=b, penalty=penalty) for b in benchmarks)
        if (benchmarks and penalty.kinds)
        else True
    )
    return tuple(
        catalog_selectors.review_required(
            item=case.item,
            procedure=Procedure(case.procedure),
            proposed_penalty=penalty,
            went_through_hearing=case.hearing_held_on is not None,
            within_benchmark=within,
            party_kind=party_kind(case),
            on=today,
        )
    )


@dataclass(frozen=True)
class Owed:
    """What the party owes on a day: the fine, the late fee (加处罚款, on demand), paid so far, outstanding."""

    fine: Decimal
    late_fee: execution.LateFee
    paid: Decimal
    outstanding: Decimal
    due_on: dt.date | None


def owed(case: Case, on: dt.date) -> Owed:
    """处罚法 art. 72–73: the fine plus 3 % a day after the due day (capped at the fine), not counting 复议/诉讼."""
    payments = list(case.payments.order_by("paid_on", "id"))
    paid = sum((p.amount for p in payments), ZERO)
    remedies = _periods(case.excluded_periods.filter(kind=ExcludedPeriod.Kind.REMEDY))
    fine = case.fine if "fine" in case.penalty_kinds else ZERO
    instalments = list(case.instalments.order_by("due_on", "id"))
    if fine == ZERO or case.payment_due_on is None:
        return Owed(
            fine, execution.LateFee(0, ZERO, False), paid, max(fine - paid, ZERO), case.payment_due_on
        )
    if instalments:
        parts, running = [], paid
        for part in instalments:  # payments settle instalments oldest first
            settled = running >= part.amount
            paid_on = _day_cumulative_reached(payments, _cumulative_before(instalments, part) + part.amount)
            parts.append(execution.Instalment(part.due_on, part.amount, paid_on if settled else None))
            running -= min(running, part.amount)
        fee = execution.instalment_late_fee(fine=fine, instalments=parts, on=on, not_counted=remedies)
    else:
        paid_on = _day_cumulative_reached(payments, fine)
        fee = execution.late_fee(
            fine=fine, due_on=case.payment_due_on, on=on, paid_on=paid_on, not_counted=remedies
        )
    return Owed(fine, fee, paid, max(fine + fee.amount - paid, ZERO), case.payment_due_on)


def _cumulative_before(instalments, part) -> Decimal:
    total = ZERO
    for other in instalments:
        if other is part:
            return total
        total += other.amount
    return total


def _day_cumulative_reached(payments, amount: Decimal) -> dt.date | None:
    total = ZERO
    for p in payments:
        total += p.amount
        if total >= amount:
            return p.paid_on
    return None


def case_facts(
    case: Case,
    today: dt.date,
    *,
    actor: User | None = None,
    officers=None,
    credentials_shown: bool = False,
    **changes,
) -> rules.CaseFacts:
    """The facts of ``case`` on ``today`` for an action by ``actor``; ``officers`` are the officers doing the
    action (default: the case's handlers); ``changes`` override fields (the action's own inputs)."""
    cal = calendar()
    handlers = handler_ids(case)
    field_code = case.item.field.code
    acting = list(officers) if officers is not None else list(User.objects.filter(pk__in=handlers))
    owed_now = owed(case, today)
    court_opens = court_closes = None
    if case.reminder_served_on and case.served_on:
        deferral_end = case.instalments.order_by("-due_on").values_list("due_on", flat=True).first()
        window = execution.court_application_window(
            served_on=case.served_on,
            reminder_served_on=case.reminder_served_on,
            calendar=cal,
            deferral_ends_on=deferral_end,
        )
        court_opens, court_closes = window.opens_on, window.closes_on
    facts = rules.CaseFacts(
        today=today,
        calendar=cal,
        procedure=Procedure(case.procedure),
        party_kind=party_kind(case),
        field_code=field_code,
        officers=tuple(credential(o, field_code, today) for o in acting),
        credentials_shown=credentials_shown,
        handler_ids=handlers,
        recusals=tuple(
            rules.RecusalClaim(r.officer_id, r.self_declared, r.decided_at is not None, r.granted)
            for r in case.recusals.all()
        ),
        violation_occurred_on=case.violation_occurred_on,
        violation_ended_on=case.violation_ended_on,
        discovered_on=case.discovered_on,
        life_health_involved=case.item.life_health,
        harm_caused=case.harm_caused,
        proposed_penalty=case.proposed_penalty,
        facts_certain=case.facts_certain,
        other_serious_penalty=case.other_serious_penalty,
        notice_served_on=case.notice_served_on,
        statement_waived=case.statement_waived,
        hearing_requested_on=case.hearing_requested_on,
        hearing_waived=case.hearing_waived,
        hearing_notice_served_on=case.hearing_notice_served_on,
        hearing_on=case.hearing_on,
        hearing_host_id=case.hearing_host_id,
        hearing_held_on=case.hearing_held_on,
        review_required_reasons=review_reasons(case, today),
        review_passed_on=review_passed_on(case),
        reviewer_id=actor.pk if actor is not None and actor.has_role(Role.LEGAL_REVIEWER) else None,
        collective_discussion_required=case.collective_discussion_required,
        collective_discussion_held=collective_discussion_held(case),
        filed_on=case.filed_on,
        suspensions=_periods(case.suspensions.all()),
        excluded_periods=_periods(case.excluded_periods.filter(kind=ExcludedPeriod.Kind.EXCLUDED)),
        extensions=tuple(rules.Extension(e.approved_on, e.days) for e in case.extensions.all()),
        no_penalty_ground=case.no_penalty_ground,
        education_recorded=case.activities.filter(
            kind=Activity.Kind.EDUCATION, status=Activity.Status.COMPLETED
        ).exists(),
        service_method=case.service_method,
        electronic_consent=case.electronic_consent,
        paid_in_full=owed_now.outstanding <= ZERO,
        payment_due_on=case.payment_due_on,
        reminder_served_on=case.reminder_served_on,
        court_window_opens_on=court_opens,
        court_window_closes_on=court_closes,
        deferral_applied=case.deferral_applied,
        issued_documents=issued_type_codes(case),
    )
    return replace(facts, **changes) if changes else facts


def visited_states(case: Case) -> list[str]:
    rows = case.transitions.values_list("state_from", "state_to")
    return sorted({s for pair in rows for s in pair})


# -- deadlines and notifications ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineMark:
    row: CaseDeadline
    mark: str  # "" / "yellow" / "red"
    working_days_left: int | None


def deadline_mark(row: CaseDeadline, today: dt.date, cal: WorkCalendar | None = None) -> DeadlineMark:
    """红牌 when overdue; 黄牌 when 2 working days or fewer are left (the due day counts as one)."""
    due = row.deadline.due_on
    if today > due:
        return DeadlineMark(row, "red", 0)
    cal = cal or calendar()
    left = cal.count_working_days(today, due) if due > today else 0
    return DeadlineMark(row, "yellow" if left <= YELLOW_WORKING_DAYS else "", left)


def open_deadlines() -> QuerySet[CaseDeadline]:
    return CaseDeadline.objects.filter(outcome=CaseDeadline.Outcome.OPEN).select_related(
        "deadline", "case", "responsible"
    )


def my_deadlines(user: User, today: dt.date) -> list[DeadlineMark]:
    """Open deadlines the user answers for (or, with nobody named, those of their unit: review → 法制机构)."""
    rows = open_deadlines().filter(
        Q(responsible=user) | Q(responsible__isnull=True, case__in=_group_cases(user))
    )
    cal = calendar()
    return [deadline_mark(r, today, cal) for r in rows.order_by("deadline__due_on", "id")]


def _group_cases(user: User) -> QuerySet[Case]:
    department = user.department
    if department is None:
        return Case.objects.none()
    if user.has_role(Role.LEGAL_REVIEWER) or user.has_role(Role.LEADER):
        return Case.objects.filter(agency_id=department.agency_id)
    return Case.objects.none()


def agency_deadlines(agency_id: int, today: dt.date) -> list[DeadlineMark]:
    rows = open_deadlines().filter(case__agency_id=agency_id).order_by("deadline__due_on", "id")
    cal = calendar()
    return [deadline_mark(r, today, cal) for r in rows]


def notifications_for(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    rows = Notification.objects.filter(recipient=user)
    return rows.filter(read_at__isnull=True) if unread_only else rows


def paid_total(case: Case) -> Decimal:
    return case.payments.aggregate(total=Sum("amount"))["total"] or ZERO


def case_items(case: Case, kind: str | None = None):
    """The 涉案物品 in force (not withdrawn), in the order recorded; ``kind`` seizure or preservation."""
    rows = case.items.filter(withdrawn_at__isnull=True).order_by("id")
    return rows.filter(kind=kind) if kind else rows
