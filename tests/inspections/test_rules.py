"""The pure rules of plans (sanxiang/inspections/rules.py), as tables."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.inspections import rules

D = dt.date


@pytest.mark.parametrize(
    ("action", "state", "allowed"),
    [
        ("commit", "draft", True),
        ("commit", "committed", False),
        ("reveal", "committed", True),
        ("reveal", "draft", False),
        ("reveal", "drawn", False),
        ("cancel", "draft", True),
        ("cancel", "committed", True),
        ("cancel", "drawn", False),  # a made draw is never abandoned: the plan runs to its end
        ("publish", "drawn", True),
        ("record_result", "drawn", True),
        ("record_result", "published", True),
        ("record_result", "committed", False),
        ("publish_results", "published", True),
        ("publish_results", "drawn", False),
    ],
)
def test_which_action_each_plan_state_allows(action, state, allowed):
    assert (rules.refusal(action, state) is None) is allowed


def test_a_refusal_says_which_states_would_allow_it():
    assert (
        rules.refusal("reveal", "draft")
        == "计划当前为“草稿”，只有“已承诺（待抽取）”的计划可以录入随机数并抽取。"
    )


@pytest.mark.parametrize(
    ("ratios", "clean", "problem"),
    [
        ({"A": "0.05", "d": "1"}, {"A": "0.05", "D": "1"}, None),
        ({"B": "0.50"}, {"B": "0.5"}, None),
        ({"E": "0.1"}, {}, "风险等级“E”不存在"),
        ({"A": "1.5"}, {}, "应在 0 到 1 之间"),
        ({"A": "abc"}, {}, "不是数字"),
        ({"A": "0", "B": "0"}, None, "都是 0"),
        ({}, {}, "请至少为一个风险等级填写抽查比例"),
    ],
)
def test_ratios_are_fractions_per_risk_class(ratios, clean, problem):
    got, problems = rules.ratio_problems(ratios)
    if problem is None:
        assert problems == [] and got == clean
    else:
        assert any(problem in p for p in problems), problems


@pytest.mark.parametrize(
    ("available", "start", "end", "unavailable"),
    [
        (True, None, None, False),
        (False, None, None, True),  # unavailable with no dates: the whole time
        (False, D(2026, 1, 1), D(2026, 3, 8), False),  # ended before the period
        (False, D(2026, 1, 1), D(2026, 3, 9), True),  # overlaps the first day
        (False, D(2026, 7, 1), None, False),  # starts after the period
        (False, D(2026, 6, 30), None, True),
    ],
)
def test_an_unavailable_inspector_is_left_out_of_overlapping_periods(available, start, end, unavailable):
    assert rules.unavailable_during(is_available=available, unavailable_from=start, unavailable_to=end,
                                    period_start=D(2026, 3, 9), period_end=D(2026, 6, 30)) is unavailable  # fmt: skip


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 3, 2), 12, D(2025, 3, 2)),
        (D(2026, 5, 31), 3, D(2026, 2, 28)),
        (D(2024, 5, 31), 3, D(2024, 2, 29)),
        (D(2026, 1, 15), 1, D(2025, 12, 15)),
    ],
)
def test_the_recusal_window_counts_back_whole_months(day, months, expected):
    assert rules.months_before(day, months) == expected


@pytest.mark.parametrize(
    ("due", "today", "left", "mark"),
    [
        (D(2026, 4, 1), D(2026, 4, 2), 0, "red"),
        (D(2026, 4, 1), D(2026, 4, 1), 0, "yellow"),
        (D(2026, 4, 1), D(2026, 3, 30), 2, "yellow"),
        (D(2026, 4, 1), D(2026, 3, 27), 3, ""),
    ],
)
def test_result_publication_deadline_marks(due, today, left, mark):
    assert rules.deadline_mark(due, today, left) == mark
