"""GB 11643 identity numbers (sanxiang.cases.identity)."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.identity import check_character, id_number_problem, is_minor


@pytest.mark.parametrize("first17, check", [("11010519491231002", "X"), ("44052418800101001", "4")])
def test_check_character_is_iso_7064_mod_11_2(first17, check):
    assert check_character(first17) == check


@pytest.mark.parametrize(
    "number, problem",
    [
        ("11010519491231002X", None),
        ("11010519491231002x", None),
        ("11010519491231002", "18 位"),
        ("99010519491231002X", "地址码"),
        ("110105194902300020", "出生日期"),
        ("110105194912310021", "校验位错误：应为 X，实为 1"),
    ],
)
def test_id_number_problems(number, problem):
    answer = id_number_problem(number, today=dt.date(2025, 9, 26))
    assert answer is None if problem is None else problem in answer


def test_a_birth_date_in_the_future_is_refused():
    number = "110105203001010018"
    assert "晚于今天" in (id_number_problem(number, today=dt.date(2025, 9, 26)) or "校验")


def test_minor_by_birth_date():
    assert is_minor("11010520100101001X", on=dt.date(2025, 9, 26))
    assert not is_minor("11010519491231002X", on=dt.date(2025, 9, 26))
