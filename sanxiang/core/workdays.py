"""Working-day arithmetic on the official Chinese calendar (工作日, 调休) — a pure module, no Django.

Why it matters: most short periods in enforcement law count working days, not calendar days:

- 行政处罚法 art. 85: the periods of 2, 3, 5 and 7 days in that law are working days, not counting 法定节假日.
- 行政强制法 art. 69: periods of ten days or less in that law are working days.
- 行政许可法 art. 82: every period in that law is a working day period.

Working days follow each year's State Council notice (国务院办公厅关于某年部分节假日安排的通知), which moves
weekend days into holidays and declares make-up working days on weekends (调休). A :class:`WorkCalendar` holds
one :class:`YearSchedule` per year it knows; any computation that needs a day of a year it does not know raises
:class:`UnknownYearError`, naming that year — never a silent guess.

Because each notice comes out only in November, domain code may ask for a *provisional* calendar
(:meth:`WorkCalendar.with_provisional_years`): for years without a notice it uses weekends plus the statutory
holidays of 《全国年节及纪念日放假办法》 (2024 revision), without make-up days. Results from it say whether they
are provisional (:class:`WorkdayResult`).

Conventions, used by every function here:

- ``add_working_days(start, n)``: day 1 is the first working day *after* ``start``; the answer is the n-th
  working day strictly after ``start`` (``start`` itself never counts, whether or not it is a working day).
- ``count_working_days(start, end)``: the number of working days ``d`` with ``start < d <= end``, so that
  ``count_working_days(s, add_working_days(s, n)) == n``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sanxiang.core.errors import DomainError, InvalidInput

if TYPE_CHECKING:
    import numpy as np

ONE_DAY = dt.timedelta(days=1)
# datetime64[D] counts days from 1970-01-01; date.toordinal() from 0001-01-01 (= 1).
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


class UnknownYearError(DomainError):
    """A computation needed a day of a year whose working-day schedule is not loaded."""

    http_status = 409

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year} 年的工作日安排尚未载入：请先用 `sanxiang calendar load FILE` "
            f"载入国务院办公厅公布的该年放假安排。"
        )


class ScheduleFileError(InvalidInput):
    """A schedule document (docs/calendar.md) is malformed; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("放假安排文件有误：\n" + "\n".join(f"- {p}" for p in problems))


@dataclass(frozen=True)
class YearSchedule:
    """The non-working days of one year: weekends, plus ``holidays``, minus ``makeup_workdays`` (调休上班日).

    ``holidays`` are the days off the notice lists (weekend days inside a holiday block may be listed or not;
    it makes no difference). ``provisional`` is True for a schedule made by :func:`provisional_schedule`.
    """

    year: int
    holidays: frozenset[dt.date]
    makeup_workdays: frozenset[dt.date] = frozenset()
    source: str = ""
    provisional: bool = False

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.makeup_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def working_ordinals(self) -> list[int]:
        first = dt.date(self.year, 1, 1).toordinal()
        last = dt.date(self.year, 12, 31).toordinal()
        return [o for o in range(first, last + 1) if self.is_working_day(dt.date.fromordinal(o))]


@dataclass(frozen=True)
class WorkdayResult:
    """A computed date, and whether any year it depends on used the provisional rule (暂定)."""

    date: dt.date
    provisional: bool

    def __str__(self) -> str:
        return f"{self.date.isoformat()} provisional" if self.provisional else self.date.isoformat()


@dataclass
class _Segment:
    """A run of consecutive known years and their working days (as ordinals, sorted)."""

    first_year: int
    last_year: int
    ordinals: list[int] = field(default_factory=list)


class WorkCalendar:
    """The working-day calendar for the years given; immutable once built.

    Built from one :class:`YearSchedule` per year. Years may have gaps (e.g. 2004–2026 and 2028): a
    computation that would need a day in a missing year raises :class:`UnknownYearError` for that year.
    """

    def __init__(self, schedules: Iterable[YearSchedule]):
        self.schedules: dict[int, YearSchedule] = {s.year: s for s in schedules}
        self._segments: list[_Segment] = []
        for year in sorted(self.schedules):
            if self._segments and self._segments[-1].last_year == year - 1:
                segment = self._segments[-1]
                segment.last_year = year
            else:
                segment = _Segment(first_year=year, last_year=year)
                self._segments.append(segment)
            segment.ordinals.extend(self.schedules[year].working_ordinals())
        self._segment_starts = [s.first_year for s in self._segments]
        self._bulk: dict[str, Any] | None = None

    # -- years ------------------------------------------------------------------------------------------

    @property
    def years(self) -> list[int]:
        return sorted(self.schedules)

    def provisional_years(self) -> list[int]:
        return sorted(y for y, s in self.schedules.items() if s.provisional)

    def with_provisional_years(self, last_year: int | None = None) -> WorkCalendar:
        """This calendar plus a provisional schedule for every unknown year the statutory rule can cover.

        Official schedules always win; provisional ones only fill gaps, up to ``last_year`` (default: as far
        as the lunar festival table goes, :data:`LUNAR_FESTIVALS`).
        """
        last = max(LUNAR_FESTIVALS) if last_year is None else last_year
        extra = [
            provisional_schedule(y)
            for y in range(FIRST_PROVISIONAL_YEAR, last + 1)
            if y not in self.schedules
        ]
        return WorkCalendar([*self.schedules.values(), *extra])

    def is_provisional_between(self, first: dt.date, last: dt.date) -> bool:
        """True when any year from ``first`` to ``last`` (inclusive) uses a provisional schedule."""
        low, high = min(first, last), max(first, last)
        return any(
            self.schedules[y].provisional for y in range(low.year, high.year + 1) if y in self.schedules
        )

    def _segment_for(self, year: int) -> _Segment:
        index = bisect_right(self._segment_starts, year) - 1
        if index < 0 or self._segments[index].last_year < year:
            raise UnknownYearError(year)
        return self._segments[index]

    # -- single dates -----------------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        schedule = self.schedules.get(day.year)
        if schedule is None:
            raise UnknownYearError(day.year)
        return schedule.is_working_day(day)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day strictly after ``start`` (n >= 1): day 1 is the first working day after it.

        Example: 2025-01-24 (Friday) + 7 working days = 2025-02-10 (Spring Festival 01-28..02-04 off; Sunday
        01-26 and Saturday 02-08 are make-up working days).
        """
        _check_days(n, minimum=1)
        segment = self._segment_for(start.year)
        index = bisect_right(segment.ordinals, start.toordinal()) + n - 1
        if index >= len(segment.ordinals):
            raise UnknownYearError(segment.last_year + 1)
        return dt.date.fromordinal(segment.ordinals[index])

    def add_calendar_days(self, start: dt.date, n: int) -> dt.date:
        """``start`` + n calendar days; when that day is not a working day, the next working day.

        民事诉讼法 art. 85: 期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期 — applied
        to administrative periods counted in days (行政处罚法 art. 85 refers to the same counting rule).
        """
        _check_days(n, minimum=0)
        end = start + dt.timedelta(days=n)
        while not self.is_working_day(end):
            end += ONE_DAY
        return end

    def count_working_days(self, start: dt.date, end: dt.date) -> int:
        """The number of working days d with ``start < d <= end``.

        So ``count_working_days(s, add_working_days(s, n)) == n``; ``end == start`` gives 0, and ``end``
        before ``start`` is refused (:class:`InvalidInput`).
        """
        if end < start:
            raise InvalidInput(f"结束日期 {end.isoformat()} 早于起始日期 {start.isoformat()}。")
        for year in range(start.year, end.year + 1):
            if year not in self.schedules:
                raise UnknownYearError(year)
        segment = self._segment_for(start.year)
        ordinals = segment.ordinals
        return bisect_right(ordinals, end.toordinal()) - bisect_right(ordinals, start.toordinal())

    # -- provisional-aware entry points ----------------------------------------------------------------

    def working_days_result(self, start: dt.date, n: int) -> WorkdayResult:
        due = self.add_working_days(start, n)
        return WorkdayResult(due, self.is_provisional_between(start, due))

    def calendar_days_result(self, start: dt.date, n: int) -> WorkdayResult:
        due = self.add_calendar_days(start, n)
        return WorkdayResult(due, self.is_provisional_between(start, due))

    def deadline(self, start: dt.date, period_kind: str, days: int) -> WorkdayResult:
        """The due date of a period of ``days`` counted from ``start``; ``period_kind`` is "working" or
        "calendar" (see :meth:`add_working_days`, :meth:`add_calendar_days`)."""
        if period_kind == PERIOD_WORKING:
            return self.working_days_result(start, days)
        if period_kind == PERIOD_CALENDAR:
            return self.calendar_days_result(start, days)
        raise InvalidInput(f"期间种类“{period_kind}”无效，应为 {PERIOD_WORKING} 或 {PERIOD_CALENDAR}。")

    # -- many dates at once -----------------------------------------------------------------------------

    def add_working_days_bulk(
        self, starts: np.ndarray | Sequence[dt.date], n: int | np.ndarray
    ) -> np.ndarray:
        """:meth:`add_working_days` for many start dates: returns ``datetime64[D]`` answers in the same order.

        ``starts``: an array of ``datetime64[D]`` (or anything numpy turns into one, e.g. a list of dates);
        ``n``: one number of days for all, or an array of the same length. Raises :class:`UnknownYearError`
        for the earliest unknown year that any of the computations needs. Needs numpy.
        """
        import numpy as np

        days = np.asarray(starts, dtype="datetime64[D]").view("int64")
        offsets = np.asarray(n, dtype="int64")
        if offsets.size and offsets.min() < 1:
            raise InvalidInput("工作日天数应为正整数。")
        if days.size == 0:
            return days.astype("datetime64[D]")
        table = self._bulk_table()
        year_index = np.searchsorted(table["year_starts"], days, side="right") - 1
        unknown = (year_index < 0) | (days > table["year_ends"][np.maximum(year_index, 0)])
        if unknown.any():
            raise UnknownYearError(days[unknown].min().astype("datetime64[D]").item().year)
        segment = table["segment_of_year"][year_index]
        index = np.searchsorted(table["workdays"], days, side="right") + (offsets - 1)
        beyond = index >= table["segment_stop"][segment]
        if beyond.any():
            raise UnknownYearError(int(table["next_unknown"][segment[beyond]].min()))
        answers: np.ndarray = table["workdays"][index].astype("datetime64[D]")
        return answers

    def _bulk_table(self) -> dict[str, Any]:
        """numpy arrays for :meth:`add_working_days_bulk`, built once per calendar (days since 1970-01-01)."""
        if self._bulk is not None:
            return self._bulk
        import numpy as np

        years = self.years
        segment_index = {
            y: i for i, s in enumerate(self._segments) for y in range(s.first_year, s.last_year + 1)
        }
        stops, total = [], 0
        for s in self._segments:
            total += len(s.ordinals)
            stops.append(total)
        # A segment's ordinals are only those of its own years, so one sorted array holds them all, and
        # an index past the segment's stop means the answer falls in the year after the segment.
        workdays = [o - EPOCH_ORDINAL for s in self._segments for o in s.ordinals]
        self._bulk = {
            "year_starts": np.array(
                [dt.date(y, 1, 1).toordinal() - EPOCH_ORDINAL for y in years], dtype="int64"
            ),
            "year_ends": np.array(
                [dt.date(y, 12, 31).toordinal() - EPOCH_ORDINAL for y in years], dtype="int64"
            ),
            "segment_of_year": np.array([segment_index[y] for y in years], dtype="int64"),
            "segment_stop": np.array(stops, dtype="int64"),
            "next_unknown": np.array([s.last_year + 1 for s in self._segments], dtype="int64"),
            "workdays": np.array(workdays, dtype="int64"),
        }
        return self._bulk


PERIOD_WORKING = "working"
PERIOD_CALENDAR = "calendar"


def _check_days(n: int, *, minimum: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < minimum:
        raise InvalidInput(f"天数应为不小于 {minimum} 的整数，而不是“{n}”。")


# -- the provisional rule ---------------------------------------------------------------------------------

# 《全国年节及纪念日放假办法》 as revised by 国务院令第 795 号 (2024-11-10), in force from 2025-01-01, art. 2:
# 元旦 1 day (Jan 1); 春节 4 days (除夕、正月初一至初三); 清明节 1 day (the Qingming solar term);
# 劳动节 2 days (May 1–2); 端午节 1 day (5th of the 5th lunar month); 中秋节 1 day (15th of the 8th lunar
# month); 国庆节 3 days (Oct 1–3). The yearly notice then bridges weekends with make-up days (调休); the
# provisional rule does not guess those.
FIRST_PROVISIONAL_YEAR = 2025

# (除夕, 清明, 端午, 中秋) per year. Lunar dates computed with lunar-python 1.4.8 (6tail/lunar-python) and
# the Qingming solar term with chinese-calendar 1.11.0's solar-term formula; 2025 and 2026 agree with the
# official notices (test_provisional_statutory_days_are_off_in_the_official_schedule). 2033 follows
# GB/T 33661-2017 《农历的编算和颁行》 (leap 11th month). Beyond 2035 there is no provisional answer.
LUNAR_FESTIVALS: dict[int, tuple[str, str, str, str]] = {
    2025: ("2025-01-28", "2025-04-04", "2025-05-31", "2025-10-06"),
    2026: ("2026-02-16", "2026-04-05", "2026-06-19", "2026-09-25"),
    2027: ("2027-02-05", "2027-04-05", "2027-06-09", "2027-09-15"),
    2028: ("2028-01-25", "2028-04-04", "2028-05-28", "2028-10-03"),
    2029: ("2029-02-12", "2029-04-04", "2029-06-16", "2029-09-22"),
    2030: ("2030-02-02", "2030-04-05", "2030-06-05", "2030-09-12"),
    2031: ("2031-01-22", "2031-04-05", "2031-06-24", "2031-10-01"),
    2032: ("2032-02-10", "2032-04-04", "2032-06-12", "2032-09-19"),
    2033: ("2033-01-30", "2033-04-04", "2033-06-01", "2033-09-08"),
    2034: ("2034-02-18", "2034-04-05", "2034-06-20", "2034-09-27"),
    2035: ("2035-02-07", "2035-04-05", "2035-06-10", "2035-09-16"),
}


def statutory_holidays(year: int) -> dict[str, list[dt.date]]:
    """The statutory days off of ``year`` by festival name (no make-up days, no bridging of weekends)."""
    if year not in LUNAR_FESTIVALS:
        raise UnknownYearError(year)
    eve, qingming, duanwu, zhongqiu = (dt.date.fromisoformat(s) for s in LUNAR_FESTIVALS[year])
    return {
        "元旦": [dt.date(year, 1, 1)],
        "春节": [eve + dt.timedelta(days=i) for i in range(4)],
        "清明节": [qingming],
        "劳动节": [dt.date(year, 5, 1), dt.date(year, 5, 2)],
        "端午节": [duanwu],
        "中秋节": [zhongqiu],
        "国庆节": [dt.date(year, 10, d) for d in (1, 2, 3)],
    }


def provisional_schedule(year: int) -> YearSchedule:
    """Weekends plus the statutory holidays of ``year``, marked provisional (暂定)."""
    days = frozenset(d for dates in statutory_holidays(year).values() for d in dates if d.year == year)
    source = "暂定：周末及《全国年节及纪念日放假办法》规定的法定节假日（不含调休）"
    return YearSchedule(year=year, holidays=days, source=source, provisional=True)


# -- the schedule document (docs/calendar.md) -----------------------------------------------------------

DOCUMENT_KEYS = {"year", "source", "holidays", "makeup_workdays"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ScheduleDocument:
    """A checked schedule document: the notice of ``year``; ``holidays`` as (name, dates) pairs.

    Dates may lie in December of the previous year: some notices arrange 元旦 that way (the 2019 notice,
    国办发明电〔2018〕15号, made Saturday 2018-12-29 a working day).
    """

    year: int
    source: str
    holidays: tuple[tuple[str, tuple[dt.date, ...]], ...]
    makeup_workdays: tuple[dt.date, ...]

    @property
    def holiday_dates(self) -> list[dt.date]:
        return sorted(d for _, dates in self.holidays for d in dates)

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "source": self.source,
            "holidays": [{"name": n, "dates": [d.isoformat() for d in ds]} for n, ds in self.holidays],
            "makeup_workdays": [d.isoformat() for d in self.makeup_workdays],
        }


def parse_schedule_document(raw: bytes | str | Mapping[str, Any]) -> ScheduleDocument:
    """Check a schedule document strictly; raise :class:`ScheduleFileError` listing every problem."""
    if isinstance(raw, bytes | str):
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ScheduleFileError([f"不是有效的 UTF-8 JSON：{exc}"]) from None
    else:
        data = raw
    if not isinstance(data, Mapping):
        raise ScheduleFileError(["文件内容应为一个 JSON 对象（{...}）。"])
    problems: list[str] = []
    for key in sorted(DOCUMENT_KEYS - set(data)):
        problems.append(f"缺少字段 “{key}”。")
    for key in sorted(set(data) - DOCUMENT_KEYS):
        problems.append(f"未知字段 “{key}”。")
    year = data.get("year")
    if "year" in data and (isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100):
        problems.append(f"year 应为 2000 至 2100 之间的整数，而不是 {json.dumps(year, ensure_ascii=False)}。")
        year = None
    source = data.get("source")
    if "source" in data and (not isinstance(source, str) or not source.strip()):
        problems.append("source 应为非空文本，写明通知的标题和文号，如“国办发明电〔2026〕N号”。")
    seen: dict[dt.date, str] = {}
    holidays: list[tuple[str, tuple[dt.date, ...]]] = []
    raw_holidays = data.get("holidays", [])
    if not isinstance(raw_holidays, list) or ("holidays" in data and not raw_holidays):
        problems.append('holidays 应为非空列表，每项形如 {"name": "春节", "dates": ["2027-02-06", ...]}。')
        raw_holidays = []
    for i, item in enumerate(raw_holidays, start=1):
        where = f"holidays 第 {i} 项"
        if not isinstance(item, Mapping) or set(item) != {"name", "dates"}:
            problems.append(f"{where} 应为恰有 name 和 dates 两个字段的对象。")
            continue
        name, raw_dates = item["name"], item["dates"]
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where} 的 name 应为非空文本（如“春节”）。")
            name = f"第 {i} 项"
        where = f"holidays “{name}”"
        if not isinstance(raw_dates, list) or not raw_dates:
            problems.append(f"{where} 的 dates 应为非空的日期列表。")
            continue
        dates = []
        for value in raw_dates:
            day = _parse_document_date(value, year, where, problems)
            if day is None:
                continue
            if day in seen:
                problems.append(f"{where} 的 {day.isoformat()} 已出现在 “{seen[day]}” 中。")
                continue
            seen[day] = name
            dates.append(day)
        holidays.append((name.strip(), tuple(dates)))
    makeup: list[dt.date] = []
    raw_makeup = data.get("makeup_workdays", [])
    if not isinstance(raw_makeup, list):
        problems.append("makeup_workdays 应为日期列表（可为空列表 []）。")
        raw_makeup = []
    for value in raw_makeup:
        day = _parse_document_date(value, year, "makeup_workdays", problems)
        if day is None:
            continue
        if day.weekday() < 5:
            problems.append(f"makeup_workdays 的 {day.isoformat()} 不是周末：调休上班日只能是周六或周日。")
        elif day in seen:
            problems.append(f"makeup_workdays 的 {day.isoformat()} 同时是 “{seen[day]}” 的放假日。")
        elif day in makeup:
            problems.append(f"makeup_workdays 的 {day.isoformat()} 重复出现。")
        else:
            makeup.append(day)
    if problems:
        raise ScheduleFileError(problems)
    assert isinstance(year, int) and isinstance(source, str)
    return ScheduleDocument(
        year=year, source=source.strip(), holidays=tuple(holidays), makeup_workdays=tuple(makeup)
    )


def _parse_document_date(value: Any, year: int | None, where: str, problems: list[str]) -> dt.date | None:
    shown = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, str) or not ISO_DATE.match(value):
        problems.append(f"{where} 的 {shown} 不是 YYYY-MM-DD 格式的日期。")
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where} 的 {shown} 不是存在的日期。")
        return None
    if year is not None and not (day.year == year or (day.year == year - 1 and day.month == 12)):
        problems.append(
            f"{where} 的 {value} 不在 {year} 年（只允许 {year} 年及 {year - 1} 年 12 月的日期）。"
        )
        return None
    return day


def parse_date(value: str) -> dt.date:
    """A date typed by a user, strictly YYYY-MM-DD; :class:`InvalidInput` otherwise."""
    if not ISO_DATE.match(value.strip()):
        raise InvalidInput(f"“{value}” 不是 YYYY-MM-DD 格式的日期。")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"“{value}” 不是存在的日期。") from None


def build_schedules(
    base: Mapping[int, YearSchedule], documents: Iterable[ScheduleDocument]
) -> dict[int, YearSchedule]:
    """``base`` (the built-in years) with each loaded document applied, in the order given (oldest first).

    A document for year Y replaces Y's schedule wholly; its dates in December of Y-1 amend Y-1's schedule
    when Y-1 is known (they never make an unknown year known).
    """
    years = dict(base)
    for doc in documents:
        own_holidays = frozenset(d for d in doc.holiday_dates if d.year == doc.year)
        own_makeup = frozenset(d for d in doc.makeup_workdays if d.year == doc.year)
        years[doc.year] = YearSchedule(doc.year, own_holidays, own_makeup, source=doc.source)
        previous = years.get(doc.year - 1)
        early_holidays = {d for d in doc.holiday_dates if d.year == doc.year - 1}
        early_makeup = {d for d in doc.makeup_workdays if d.year == doc.year - 1}
        if previous is not None and (early_holidays or early_makeup):
            years[doc.year - 1] = YearSchedule(
                previous.year,
                frozenset((previous.holidays - early_makeup) | early_holidays),
                frozenset((previous.makeup_workdays - early_holidays) | early_makeup),
                source=previous.source,
                provisional=previous.provisional,
            )
    return years


def builtin_schedules() -> dict[int, YearSchedule]:
    """The years chinese-calendar (pinned in pyproject.toml) knows, 2004–2026 for 1.11.0."""
    import chinese_calendar

    holidays: dict[int, set[dt.date]] = {}
    makeup: dict[int, set[dt.date]] = {}
    for day in chinese_calendar.holidays:
        holidays.setdefault(day.year, set()).add(day)
    for day in chinese_calendar.workdays:
        makeup.setdefault(day.year, set()).add(day)
    source = f"chinese-calendar {getattr(chinese_calendar, '__version__', '')}".strip()
    return {
        year: YearSchedule(year, frozenset(days), frozenset(makeup.get(year, ())), source=source)
        for year, days in holidays.items()
    }
