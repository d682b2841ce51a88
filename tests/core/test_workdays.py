"""The pure working-day module (sanxiang.core.workdays): tables of official answers, no database."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from sanxiang.core.errors import InvalidInput
from sanxiang.core.workdays import (
    LUNAR_FESTIVALS,
    ScheduleFileError,
    UnknownYearError,
    WorkCalendar,
    build_schedules,
    builtin_schedules,
    parse_schedule_document,
    provisional_schedule,
    statutory_holidays,
)
from tests.core import official_schedules

D = dt.date.fromisoformat
BUILTIN = WorkCalendar(builtin_schedules().values())


@pytest.mark.parametrize("year", sorted(official_schedules.NOTICES))
def test_every_non_working_day_of_2019_to_2026_matches_the_official_notice(year):
    day, found = dt.date(year, 1, 1), set()
    while day.year == year:
        if not BUILTIN.is_working_day(day):
            found.add(day)
        day += dt.timedelta(days=1)
    assert found == official_schedules.non_working_days(year)


# (start, n, answer, why): around every Spring Festival and National Day of 2019–2026.
WORKING_DAY_CASES = [
    ("2025-01-24", 7, "2025-02-10", "春节 01-28..02-04 off; Sun 01-26 and Sat 02-08 are make-up days"),
    ("2025-01-24", 1, "2025-01-26", "Sunday 01-26 is a make-up working day"),
    ("2019-02-01", 1, "2019-02-02", "Saturday 02-02 is a make-up working day"),
    ("2019-02-03", 1, "2019-02-11", "春节 02-04..02-10"),
    ("2019-09-30", 1, "2019-10-08", "国庆 10-01..10-07"),
    (
        "2020-01-23",
        1,
        "2020-02-03",
        "春节 extended to 02-02 (国办发明电〔2020〕1号), Sat 02-01 no longer worked",
    ),
    ("2020-01-18", 1, "2020-01-19", "Sunday 01-19 is a make-up working day"),
    ("2020-09-30", 1, "2020-10-09", "国庆、中秋 10-01..10-08"),
    ("2021-02-10", 1, "2021-02-18", "春节 02-11..02-17"),
    ("2021-09-30", 1, "2021-10-08", "国庆 10-01..10-07"),
    ("2022-01-28", 1, "2022-01-29", "Saturday 01-29 is a make-up working day"),
    ("2022-01-30", 1, "2022-02-07", "春节 01-31..02-06"),
    ("2022-09-30", 1, "2022-10-08", "Saturday 10-08 after 国庆 is a make-up working day"),
    ("2023-01-20", 1, "2023-01-28", "春节 01-21..01-27, Sat 01-28 worked"),
    ("2023-09-28", 1, "2023-10-07", "中秋、国庆 09-29..10-06, Sat 10-07 worked"),
    ("2024-02-08", 1, "2024-02-09", "Friday 02-09 is an ordinary working day (春节 starts 02-10)"),
    ("2024-02-09", 1, "2024-02-18", "春节 02-10..02-17, Sunday 02-18 worked"),
    ("2024-09-30", 1, "2024-10-08", "国庆 10-01..10-07"),
    ("2025-09-30", 1, "2025-10-09", "国庆、中秋 10-01..10-08"),
    ("2026-02-13", 1, "2026-02-14", "Saturday 02-14 is a make-up working day"),
    ("2026-02-14", 1, "2026-02-24", "春节 02-15..02-23"),
    ("2026-09-30", 1, "2026-10-08", "国庆 10-01..10-07"),
    ("2025-12-31", 1, "2026-01-04", "元旦 2026-01-01..03; Sunday 01-04 worked"),
    ("2026-01-02", 1, "2026-01-04", "a non-working start counts from the next working day"),
    (
        "2024-12-27",
        20,
        "2025-01-26",
        "20 working days across the year end and 元旦, ending on make-up Sunday",
    ),
]


@pytest.mark.parametrize(("start", "n", "answer", "why"), WORKING_DAY_CASES)
def test_working_day_n_is_the_nth_working_day_after_the_start(start, n, answer, why):
    assert BUILTIN.add_working_days(D(start), n) == D(answer), why


@pytest.mark.parametrize(("start", "n", "answer", "why"), WORKING_DAY_CASES)
def test_bulk_form_gives_the_same_answers(start, n, answer, why):
    result = BUILTIN.add_working_days_bulk(np.array([start], dtype="datetime64[D]"), n)
    assert result[0] == np.datetime64(answer), why


def test_bulk_form_takes_one_offset_per_date():
    starts = np.array(["2025-01-24", "2025-01-24", "2026-02-13"], dtype="datetime64[D]")
    result = BUILTIN.add_working_days_bulk(starts, np.array([1, 7, 2]))
    assert result.tolist() == [D("2025-01-26"), D("2025-02-10"), D("2026-02-24")]


def test_bulk_form_agrees_with_numpy_busday_offset_on_every_day_of_2019_to_2025():
    starts = np.arange(np.datetime64("2019-01-01"), np.datetime64("2025-12-01"))
    offsets = (np.arange(starts.size) % 30) + 1
    holidays = [d for y in range(2019, 2027) for d in official_schedules.non_working_days(y)]
    expected = np.busday_offset(starts, offsets, roll="backward", weekmask="1111111", holidays=holidays)
    assert (BUILTIN.add_working_days_bulk(starts, offsets) == expected).all()


@pytest.mark.parametrize(
    ("start", "n", "answer"),
    [
        ("2025-09-20", 10, "2025-09-30"),  # Tuesday 09-30 is a working day
        (
            "2025-09-21",
            10,
            "2025-10-09",
        ),  # 10-01 falls in the holiday: the period ends on the next working day
        ("2026-02-05", 10, "2026-02-24"),  # 02-15 is a holiday: next working day after 春节
        ("2025-03-01", 0, "2025-03-03"),  # Saturday, zero days: rolls to Monday
        ("2025-01-16", 10, "2025-01-26"),  # Sunday 01-26 is a make-up working day: it stays
    ],
)
def test_calendar_period_ending_on_a_non_working_day_ends_on_the_next_working_day(start, n, answer):
    assert BUILTIN.add_calendar_days(D(start), n) == D(answer)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        ("2025-01-24", "2025-02-10", 7),
        ("2025-01-24", "2025-01-24", 0),
        ("2025-01-27", "2025-02-04", 0),  # the whole Spring Festival
        ("2025-01-24", "2025-01-26", 1),  # start excluded, end included
        ("2024-12-31", "2025-12-31", 248),  # the 248 working days of 2025
    ],
)
def test_count_working_days_counts_days_after_the_start_up_to_and_including_the_end(start, end, count):
    assert BUILTIN.count_working_days(D(start), D(end)) == count


def test_count_is_the_inverse_of_adding_working_days():
    start = D("2019-01-05")
    for n in range(1, 400, 7):
        assert BUILTIN.count_working_days(start, BUILTIN.add_working_days(start, n)) == n


def test_count_with_the_end_before_the_start_is_refused():
    with pytest.raises(InvalidInput):
        BUILTIN.count_working_days(D("2025-02-10"), D("2025-01-24"))


@pytest.mark.parametrize("n", [0, -1])
def test_working_day_periods_are_at_least_one_day(n):
    with pytest.raises(InvalidInput):
        BUILTIN.add_working_days(D("2025-01-24"), n)


@pytest.mark.parametrize(
    ("call", "year"),
    [
        (lambda c: c.is_working_day(D("2027-03-01")), 2027),
        (lambda c: c.add_working_days(D("2027-03-01"), 1), 2027),
        (lambda c: c.add_working_days(D("2026-12-28"), 7), 2027),  # the answer would run into 2027
        (lambda c: c.add_working_days(D("2003-06-02"), 1), 2003),
        (lambda c: c.add_calendar_days(D("2026-12-01"), 40), 2027),
        (lambda c: c.count_working_days(D("2026-12-01"), D("2027-01-10")), 2027),
        (
            lambda c: c.add_working_days_bulk(
                np.array(["2025-01-01", "2027-05-01"], dtype="datetime64[D]"), 1
            ),
            2027,
        ),
        (lambda c: c.add_working_days_bulk(np.array(["2026-12-30"], dtype="datetime64[D]"), 5), 2027),
    ],
)
def test_a_year_without_a_schedule_raises_naming_the_year(call, year):
    with pytest.raises(UnknownYearError) as caught:
        call(BUILTIN)
    assert caught.value.year == year
    assert f"{year} 年的工作日安排尚未载入" in caught.value.message


def test_the_answer_still_fits_when_the_last_known_year_ends_on_a_working_day():
    assert BUILTIN.add_working_days(D("2026-12-30"), 1) == D("2026-12-31")


def test_a_gap_year_between_loaded_years_is_unknown():
    schedules = build_schedules(builtin_schedules(), [parse_schedule_document(DOC_2028)])
    calendar = WorkCalendar(schedules.values())
    assert calendar.add_working_days(D("2028-01-03"), 1) == D("2028-01-04")
    with pytest.raises(UnknownYearError) as caught:
        calendar.add_working_days(D("2026-12-30"), 5)
    assert caught.value.year == 2027
    with pytest.raises(UnknownYearError):
        calendar.add_working_days_bulk(np.array(["2026-12-30"], dtype="datetime64[D]"), 5)


# -- provisional -------------------------------------------------------------------------------------------


def test_provisional_year_is_weekends_plus_the_statutory_holidays_only():
    schedule = provisional_schedule(2027)
    assert schedule.provisional
    assert sorted(schedule.holidays) == [
        D("2027-01-01"),
        D("2027-02-05"),
        D("2027-02-06"),
        D("2027-02-07"),
        D("2027-02-08"),  # 除夕, 初一..初三
        D("2027-04-05"),
        D("2027-05-01"),
        D("2027-05-02"),
        D("2027-06-09"),
        D("2027-09-15"),
        D("2027-10-01"),
        D("2027-10-02"),
        D("2027-10-03"),
    ]
    assert schedule.makeup_workdays == frozenset()


@pytest.mark.parametrize("year", [2025, 2026])
def test_provisional_statutory_days_are_off_in_the_official_schedule(year):
    """The festival table reproduces the statutory days of the years whose notices we have."""
    for name, days in statutory_holidays(year).items():
        for day in days:
            assert not BUILTIN.is_working_day(day), (name, day)


def test_qingming_in_the_table_is_the_solar_term():
    import chinese_calendar

    for year, (_, qingming, _, _) in LUNAR_FESTIVALS.items():
        terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10))
        assert [d for d, _ in terms] == [D(qingming)]


def test_provisional_answer_is_marked_provisional_and_official_one_is_not():
    calendar = BUILTIN.with_provisional_years()
    assert str(calendar.working_days_result(D("2026-12-28"), 7)) == "2027-01-07 provisional"
    assert str(calendar.working_days_result(D("2025-01-24"), 7)) == "2025-02-10"


def test_provisional_rule_does_not_reach_past_its_festival_table():
    with pytest.raises(UnknownYearError) as caught:
        BUILTIN.with_provisional_years().is_working_day(D("2036-03-03"))
    assert caught.value.year == 2036


# -- the schedule document ---------------------------------------------------------------------------------

DOC_2028 = {
    "year": 2028,
    "source": "测试用 2028 年安排",
    "holidays": [{"name": "元旦", "dates": ["2028-01-01"]}],
    "makeup_workdays": [],
}


def test_a_document_dated_in_december_of_the_year_before_amends_that_year():
    """The 2019 notice made Saturday 2018-12-29 a working day: a notice may reach into late December."""
    doc = parse_schedule_document(
        {
            "year": 2027,
            "source": "测试",
            "holidays": [{"name": "元旦", "dates": ["2026-12-31", "2027-01-01"]}],
            "makeup_workdays": ["2026-12-26"],
        }
    )
    calendar = WorkCalendar(build_schedules(builtin_schedules(), [doc]).values())
    assert not calendar.is_working_day(D("2026-12-31"))
    assert calendar.is_working_day(D("2026-12-26"))
    assert BUILTIN.is_working_day(D("2026-12-31"))


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ("{", "不是有效的 UTF-8 JSON"),
        ([], "应为一个 JSON 对象"),
        (
            {"year": 2027, "source": "x", "holidays": [{"name": "元旦", "dates": ["2027-01-01"]}]},
            "缺少字段 “makeup_workdays”",
        ),
        ({**DOC_2028, "extra": 1}, "未知字段 “extra”"),
        ({**DOC_2028, "year": "2028"}, "year 应为 2000 至 2100 之间的整数"),
        ({**DOC_2028, "source": ""}, "source 应为非空文本"),
        ({**DOC_2028, "holidays": []}, "holidays 应为非空列表"),
        (
            {**DOC_2028, "holidays": [{"name": "元旦", "dates": ["2028/01/01"]}]},
            '"2028/01/01" 不是 YYYY-MM-DD',
        ),
        ({**DOC_2028, "holidays": [{"name": "元旦", "dates": ["2028-02-30"]}]}, "不是存在的日期"),
        ({**DOC_2028, "holidays": [{"name": "元旦", "dates": ["2029-01-01"]}]}, "2029-01-01 不在 2028 年"),
        ({**DOC_2028, "holidays": [{"name": "元旦", "dates": ["2027-11-30"]}]}, "2027-11-30 不在 2028 年"),
        ({**DOC_2028, "makeup_workdays": ["2028-01-03"]}, "2028-01-03 不是周末"),
        (
            {
                **DOC_2028,
                "holidays": [{"name": "元旦", "dates": ["2028-01-01"]}],
                "makeup_workdays": ["2028-01-01"],
            },
            "2028-01-01 同时是 “元旦” 的放假日",
        ),
        (
            {
                **DOC_2028,
                "holidays": [{"name": "A", "dates": ["2028-01-01"]}, {"name": "B", "dates": ["2028-01-01"]}],
            },
            "已出现在 “A” 中",
        ),
        ({**DOC_2028, "holidays": [{"name": "元旦"}]}, "恰有 name 和 dates"),
    ],
)
def test_a_malformed_schedule_document_is_refused_with_the_problem_named(document, problem):
    raw = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(ScheduleFileError) as caught:
        parse_schedule_document(raw)
    assert problem in caught.value.message


def test_every_problem_of_a_document_is_reported_at_once():
    with pytest.raises(ScheduleFileError) as caught:
        parse_schedule_document({**DOC_2028, "source": "", "makeup_workdays": ["2028-01-03", "x"]})
    assert len(caught.value.problems) == 3
