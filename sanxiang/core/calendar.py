"""The working-day calendar in force, and the services that write schedules and deadlines.

The calendar is the years chinese-calendar knows (built in, 2004–2026 for the pinned 1.11.0) with every
schedule an administrator loaded (:class:`~sanxiang.core.models.CalendarYear`) applied on top: a loaded year
replaces the built-in one. The arithmetic itself lives in the pure module ``sanxiang.core.workdays``.

``calendar_load`` and ``deadline_create`` are the only functions that write these models (docs/calendar.md).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sanxiang.core.models import CalendarYear, Deadline, DeadlineRevision
from sanxiang.core.workdays import (
    ScheduleDocument,
    UnknownYearError,
    WorkCalendar,
    YearSchedule,
    build_schedules,
    builtin_schedules,
    parse_schedule_document,
)
from sanxiang.records.services import event_append

logger = logging.getLogger(__name__)

# One calendar per process, rebuilt when the newest CalendarYear row changes (a load here or in another
# process): the check costs one indexed query per call.
_cache: dict[str, Any] = {}


@cache
def _builtin() -> dict[int, YearSchedule]:
    return builtin_schedules()


def loaded_documents() -> list[ScheduleDocument]:
    """The schedules in force that were loaded by an administrator, oldest year first."""
    rows = CalendarYear.objects.filter(superseded_at__isnull=True).order_by("year")
    return [_document_of(row) for row in rows]


def _document_of(row: CalendarYear) -> ScheduleDocument:
    return parse_schedule_document(
        {
            "year": row.year,
            "source": row.source,
            "holidays": row.holidays,
            "makeup_workdays": row.makeup_workdays,
        }
    )


def current_calendar(*, provisional: bool = False) -> WorkCalendar:
    """The calendar in force; with ``provisional=True``, unknown years are filled by the provisional rule
    (``WorkCalendar.with_provisional_years``) and results must be shown as provisional."""
    stamp = CalendarYear.objects.aggregate(newest=Max("id"))["newest"]
    if _cache.get("stamp", -1) != stamp:
        official = WorkCalendar(build_schedules(_builtin(), loaded_documents()).values())
        _cache.clear()
        _cache.update(stamp=stamp, official=official, provisional=official.with_provisional_years())
    return _cache["provisional" if provisional else "official"]


def forget_calendar() -> None:
    """Drop this process's cached calendar (called after a load; other processes notice by themselves)."""
    _cache.clear()


@dataclass
class LoadOutcome:
    """What ``calendar_load`` did: the new row, and every stored deadline whose answer changed."""

    calendar_year: CalendarYear
    revisions: list[DeadlineRevision] = field(default_factory=list)


def calendar_load(
    *, document: bytes | str | dict[str, Any] | ScheduleDocument, actor: Any | None
) -> LoadOutcome:
    """Load a year's holiday notice (docs/calendar.md) and recompute the stored deadlines it touches.

    Raises ``ScheduleFileError`` listing every problem; nothing is stored then. Loading a year that is
    already known (built in, or loaded before) is allowed: the new schedule replaces it, the old row is kept
    and marked superseded, and the row's ``note`` says what was replaced. ``actor`` is the administrator, or
    None for the command line.

    Every deadline whose period touches the year (start_on..due_on, including December of the year before,
    which a notice may arrange) is recomputed — provisional ones become official when every year they need
    is now known; an official one changes only when a corrected notice changes its answer. Each change is
    written as a ``DeadlineRevision`` in the same transaction.
    """
    doc = document if isinstance(document, ScheduleDocument) else parse_schedule_document(document)
    try:
        return _load(doc, actor)
    finally:
        # Also after a rollback: the cached calendar may include the row that was not stored.
        forget_calendar()


def _load(doc: ScheduleDocument, actor: Any | None) -> LoadOutcome:
    with transaction.atomic():
        previous = (
            CalendarYear.objects.select_for_update().filter(year=doc.year, superseded_at__isnull=True).first()
        )
        notes = []
        if doc.year in _builtin():
            notes.append(f"覆盖内置（{_builtin()[doc.year].source}）的 {doc.year} 年安排。")
        version = 1
        if previous is not None:
            previous.superseded_at = timezone.now()
            previous.save(update_fields=["superseded_at"])
            version = previous.version + 1
            notes.append(f"取代第 {previous.version} 版（{previous.source}）。")
        row = CalendarYear.objects.create(
            year=doc.year,
            version=version,
            source=doc.source,
            holidays=doc.as_json()["holidays"],
            makeup_workdays=doc.as_json()["makeup_workdays"],
            note="".join(notes),
            loaded_by=actor,
        )
        forget_calendar()
        revisions = _recompute_deadlines(row)
        event_append(
            actor=actor,
            action="calendar.load",
            subject_type="core.calendaryear",
            subject_id=row.pk,
            payload={
                "year": row.year,
                "version": row.version,
                "source": row.source,
                "holidays": row.holidays,
                "makeup_workdays": row.makeup_workdays,
                "deadlines_changed": [
                    {
                        "deadline": r.deadline_id,
                        "from": r.old_due_on.isoformat(),
                        "to": r.new_due_on.isoformat(),
                    }
                    for r in revisions
                ],
            },
        )
        logger.info(
            "calendar_load year=%s version=%s by=%s deadlines_changed=%s",
            row.year,
            row.version,
            getattr(actor, "pk", None),
            len(revisions),
        )
    transaction.on_commit(forget_calendar)
    return LoadOutcome(calendar_year=row, revisions=revisions)


def _recompute_deadlines(row: CalendarYear) -> list[DeadlineRevision]:
    calendar = current_calendar(provisional=True)
    touched = Deadline.objects.select_for_update().filter(
        start_on__lte=dt.date(row.year, 12, 31), due_on__gte=dt.date(row.year - 1, 12, 1)
    )
    revisions = []
    for deadline in touched.order_by("id"):
        try:
            result = calendar.deadline(deadline.start_on, deadline.period_kind, deadline.period_days)
        except UnknownYearError:
            # Beyond the provisional table too: keep the stored answer (it was computed when it was known).
            continue
        if result.date == deadline.due_on and result.provisional == deadline.provisional:
            continue
        revisions.append(
            DeadlineRevision.objects.create(
                deadline=deadline,
                calendar_year=row,
                old_due_on=deadline.due_on,
                new_due_on=result.date,
                old_provisional=deadline.provisional,
                new_provisional=result.provisional,
            )
        )
        deadline.due_on, deadline.provisional = result.date, result.provisional
        deadline.save(update_fields=["due_on", "provisional"])
    return revisions


def deadline_create(
    *,
    subject_type: str,
    subject_id: int,
    kind: str,
    start_on: dt.date,
    period_kind: str,
    period_days: int,
    legal_basis: str,
    actor: Any | None,
    allow_provisional: bool = False,
) -> Deadline:
    """Store the deadline of a period of ``period_days`` ("working" or "calendar" days) from ``start_on``.

    Without ``allow_provisional`` a period that needs an unknown year raises ``UnknownYearError``; with it,
    the answer may be provisional (``Deadline.provisional``) and is recomputed when that year is loaded.
    """
    result = current_calendar(provisional=allow_provisional).deadline(start_on, period_kind, period_days)
    with transaction.atomic():
        deadline = Deadline.objects.create(
            subject_type=subject_type,
            subject_id=subject_id,
            kind=kind,
            start_on=start_on,
            period_kind=period_kind,
            period_days=period_days,
            due_on=result.date,
            provisional=result.provisional,
            legal_basis=legal_basis,
            created_by=actor,
        )
        event_append(
            actor=actor,
            action="deadline.create",
            subject_type="core.deadline",
            subject_id=deadline.pk,
            payload={
                "for": f"{subject_type}:{subject_id}",
                "kind": kind,
                "start_on": start_on.isoformat(),
                "period": f"{period_days} {period_kind}",
                "due_on": deadline.due_on.isoformat(),
                "provisional": deadline.provisional,
            },
        )
    return deadline


@dataclass(frozen=True)
class YearSource:
    """Where the schedule in force for a year comes from (for ``sanxiang calendar list``)."""

    year: int
    source: str
    version: int | None  # None: built in


def calendar_years() -> list[YearSource]:
    """Every year with a schedule in force, built in or loaded, in order."""
    years = {y: YearSource(y, s.source, None) for y, s in _builtin().items()}
    for row in CalendarYear.objects.filter(superseded_at__isnull=True):
        years[row.year] = YearSource(row.year, row.source, row.version)
    return [years[y] for y in sorted(years)]
