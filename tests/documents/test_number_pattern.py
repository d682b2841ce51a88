"""The 文号 pattern: placeholders, series and the default X卫医罚〔2026〕12号."""

import pytest

from sanxiang.documents.number_pattern import DEFAULT_PATTERN, PatternError, check_pattern, number, series


def test_default_pattern_gives_the_standard_number():
    assert (
        number(DEFAULT_PATTERN, region="X", field="医", nature="罚", year=2026, seq=12)
        == "X卫医罚〔2026〕12号"
    )


def test_width_of_the_sequence_can_be_fixed():
    pattern = "{region}卫{field}{nature}〔{year}〕{seq:03d}号"
    assert number(pattern, region="京", field="食", nature="罚", year=2002, seq=1) == "京卫食罚〔2002〕001号"


def test_series_leaves_only_the_sequence_open():
    assert series(DEFAULT_PATTERN, region="X", field="医", nature="罚", year=2026) == "X卫医罚〔2026〕{seq}号"


@pytest.mark.parametrize(
    ("pattern", "named"),
    [("{region}卫{nature}〔{year}〕号", "{seq}"), ("{region}{seq}号", "{year}"), ("{city}{year}{seq}", "{city}"),
     ("{year}{seq}{seq}", "{seq}"), ("{year{seq}", "花括号")],
)  # fmt: skip
def test_a_broken_pattern_is_refused_naming_the_problem(pattern, named):
    with pytest.raises(PatternError, match=named.replace("{", r"\{").replace("}", r"\}")):
        check_pattern(pattern)
