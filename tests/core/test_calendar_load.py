"""Loading a year's schedule (calendar_load) and the stored deadlines it recomputes."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.core.calendar import calendar_load, calendar_years, current_calendar, deadline_create
from sanxiang.core.models import CalendarYear, Deadline, DeadlineRevision
from sanxiang.core.workdays import ScheduleFileError, UnknownYearError
from tests.core.schedule_documents import schedule_2027

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def publish_deadline(
    start: str, days: int = 7, *, allow_provisional: bool = True, period_kind: str = "working"
):
    return deadline_create(
        subject_type="case",
        subject_id=1,
        kind="publish_decision",
        start_on=D(start),
        period_kind=period_kind,
        period_days=days,
        legal_basis="行政处罚法第八十五条；国办发〔2017〕118号",
        actor=None,
        allow_provisional=allow_provisional,
    )


def test_a_deadline_in_an_unloaded_year_is_refused_unless_provisional_is_allowed():
    with pytest.raises(UnknownYearError):
        publish_deadline("2027-02-04", allow_provisional=False)
    assert not Deadline.objects.exists()


def test_a_deadline_in_a_known_year_is_official():
    deadline = publish_deadline("2025-01-24", allow_provisional=True)
    assert (deadline.due_on, deadline.provisional) == (D("2025-02-10"), False)


def test_loading_a_year_recomputes_its_provisional_deadlines_and_makes_them_official():
    # Provisional 2027: 除夕..初三 = 02-05..02-08 off only → 7 working days after 02-04 end on 02-17.
    spring = publish_deadline("2027-02-04")
    assert (spring.due_on, spring.provisional) == (D("2027-02-17"), True)
    # Runs into 2028, which stays unknown: recomputed but still provisional.
    year_end = publish_deadline("2027-12-30")
    untouched = publish_deadline("2025-01-24")

    outcome = calendar_load(document=schedule_2027(), actor=None)

    spring.refresh_from_db()
    # Loaded 2027: 春节 02-05..02-12 off; 02-15..02-19 are days 1–5, Saturday 02-20 day 6, 02-22 day 7.
    assert (spring.due_on, spring.provisional) == (D("2027-02-22"), False)
    year_end.refresh_from_db()
    assert year_end.provisional
    untouched.refresh_from_db()
    assert (untouched.due_on, untouched.provisional) == (D("2025-02-10"), False)
    revision = DeadlineRevision.objects.get(deadline=spring)
    assert (revision.old_due_on, revision.new_due_on) == (D("2027-02-17"), D("2027-02-22"))
    assert (revision.old_provisional, revision.new_provisional) == (True, False)
    assert revision.calendar_year == outcome.calendar_year
    assert [r.deadline for r in outcome.revisions] == [spring]


def test_a_calendar_period_ending_in_the_loaded_holiday_is_moved_to_the_next_working_day():
    deadline = publish_deadline("2027-01-29", days=10, period_kind="calendar")
    assert (deadline.due_on, deadline.provisional) == (D("2027-02-09"), True)
    calendar_load(document=schedule_2027(), actor=None)
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.provisional) == (D("2027-02-15"), False)


def test_the_calendar_in_this_process_sees_a_load_at_once():
    assert current_calendar().years[-1] == 2026
    calendar_load(document=schedule_2027(), actor=None)
    assert current_calendar().add_working_days(D("2027-02-04"), 7) == D("2027-02-22")


def test_reloading_a_year_keeps_the_old_row_and_uses_the_newest():
    first = calendar_load(document=schedule_2027(), actor=None).calendar_year
    corrected = schedule_2027(makeup_workdays=["2027-09-26", "2027-10-09"], source="更正")
    second = calendar_load(document=corrected, actor=None).calendar_year
    first.refresh_from_db()
    assert first.superseded_at is not None and second.superseded_at is None
    assert second.version == 2 and "取代第 1 版" in second.note
    assert not current_calendar().is_working_day(D("2027-02-20"))
    assert CalendarYear.objects.filter(year=2027).count() == 2


def test_loading_a_built_in_year_overrides_it_and_says_so():
    document = schedule_2027(
        year=2026, holidays=[{"name": "元旦", "dates": ["2026-01-01"]}], makeup_workdays=[]
    )
    row = calendar_load(document=document, actor=None).calendar_year
    assert "覆盖内置" in row.note
    assert current_calendar().is_working_day(D("2026-02-16"))
    assert [y.version for y in calendar_years() if y.year == 2026] == [1]


def test_a_malformed_document_stores_nothing():
    with pytest.raises(ScheduleFileError):
        calendar_load(document=schedule_2027(makeup_workdays=["2027-02-22"]), actor=None)
    assert not CalendarYear.objects.exists()
