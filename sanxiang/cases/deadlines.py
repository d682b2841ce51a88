"""Starting and stopping a case's deadlines (期限) as its transitions say (``workflow.Transition``).

Each deadline is a core :class:`~sanxiang.core.models.Deadline` (computed on the working-day calendar,
provisional where the year's schedule is not loaded) plus a :class:`~sanxiang.cases.models.CaseDeadline` that
names the case, the code of ``workflow.DEADLINES`` and the person responsible. Called only by the case
services, inside their transaction.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from sanxiang.cases import execution, rules
from sanxiang.cases.models import Case, CaseDeadline
from sanxiang.cases.workflow import DEADLINES
from sanxiang.core.calendar import deadline_create
from sanxiang.core.workdays import UnknownYearError

logger = logging.getLogger(__name__)
SUBJECT = "cases.case"
WORKING, CALENDAR = "working", "calendar"
# Deadlines answered for by a group rather than the lead handler: the 法制机构 (review) and the leaders.
GROUP_CODES = frozenset({"review", "transfer_decision"})


def _span(start: dt.date, due: dt.date) -> tuple[dt.date, str, int]:
    return start, CALENDAR, max((due - start).days, 1)


def plan(code: str, case: Case, facts: rules.CaseFacts, today: dt.date) -> tuple[dt.date, str, int] | None:
    """(start_on, period kind, days) of deadline ``code`` for the case as it is now; None: nothing to start."""
    if code == "decision":
        due = rules.decision_deadline(facts)
        if due is None or due.due is None:  # not filed, or the clock is stopped (中止, 不计入期间)
            return None
        not_counted = due.not_counted_days + due.extension_days
        return case.filed_on, CALENDAR, rules.DECISION_PERIOD_CALENDAR_DAYS + not_counted
    if code == "review":
        return today, WORKING, 5
    if code == "statement":
        return case.notice_served_on or today, WORKING, rules.STATEMENT_PERIOD_WORKING_DAYS
    if code == "hearing_request":
        return case.notice_served_on or today, WORKING, rules.HEARING_REQUEST_WORKING_DAYS
    if code == "hearing_notice":
        return _span(today, case.hearing_on) if case.hearing_on else None
    if code in ("service", "publication"):
        return case.decided_on or today, WORKING, rules.SERVICE_PERIOD_WORKING_DAYS
    if code == "publication_withdrawal":
        return today, WORKING, 3
    if code == "payment":
        last = case.instalments.order_by("-due_on").values_list("due_on", flat=True).first()
        if last is not None:
            return _span(today, last)
        return case.served_on or today, CALENDAR, execution.PAYMENT_PERIOD_CALENDAR_DAYS
    if code == "evidence_preservation":
        return today, WORKING, rules.EVIDENCE_PRESERVATION_WORKING_DAYS
    if code == "seizure":
        previous = open_row(case, "seizure")
        if previous is not None:  # an extension: 30 more days from the end of the first 30
            return previous.deadline.due_on, CALENDAR, rules.SEIZURE_EXTENSION_CALENDAR_DAYS
        return today, CALENDAR, rules.SEIZURE_CALENDAR_DAYS
    if code == "transfer_decision":
        return today, CALENDAR, rules.TRANSFER_DECISION_CALENDAR_DAYS
    if code == "transfer":
        return today, CALENDAR, 1  # 24 hours
    if code == "court_application":
        if facts.court_window_closes_on is None:
            return None
        return _span(today, facts.court_window_closes_on)
    return None


def open_row(case: Case, code: str) -> CaseDeadline | None:
    return (
        CaseDeadline.objects.filter(case=case, code=code, outcome=CaseDeadline.Outcome.OPEN)
        .select_related("deadline")
        .order_by("-id")
        .first()
    )


def start(
    *, case: Case, codes, facts: rules.CaseFacts, today: dt.date, actor, responsible
) -> list[CaseDeadline]:
    """Start each deadline of ``codes`` (replacing an open one of the same code, e.g. after a suspension)."""
    started = []
    for code in codes:
        spec = plan(code, case, facts, today)
        stop(case=case, codes=(code,), outcome=CaseDeadline.Outcome.STOPPED)
        if spec is None:
            continue
        start_on, kind, days = spec
        try:
            deadline = deadline_create(
                subject_type=SUBJECT,
                subject_id=case.pk,
                kind=code,
                start_on=start_on,
                period_kind=kind,
                period_days=days,
                legal_basis=DEADLINES[code].source,
                actor=actor,
                allow_provisional=True,
            )
        except UnknownYearError:  # beyond even the provisional calendar: say so in the log, never guess
            logger.warning("deadline %s of case %s falls in a year with no calendar", code, case.pk)
            continue
        who = None if code in GROUP_CODES else responsible
        started.append(CaseDeadline.objects.create(case=case, deadline=deadline, code=code, responsible=who))
    return started


def stop(*, case: Case, codes, outcome: str = CaseDeadline.Outcome.MET) -> int:
    if not codes:
        return 0
    return CaseDeadline.objects.filter(
        case=case, code__in=list(codes), outcome=CaseDeadline.Outcome.OPEN
    ).update(outcome=outcome, closed_at=timezone.now())
