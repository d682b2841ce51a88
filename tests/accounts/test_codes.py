"""Unified social credit codes follow GB 32100-2015; division codes are six digits (GB/T 2260)."""

from __future__ import annotations

import pytest

from sanxiang.accounts import codes

# Published codes of well-known organisations (check characters verified by the algorithm).
REAL_CODES = [
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
    "914403001922038216",  # 华为技术有限公司
    "91110000802100433B",  # 北京百度网讯科技有限公司
    "91110108551385082Q",  # 北京小米科技有限责任公司
    "111000000000131433",  # a central-level 机关 (division 100000)
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_published_codes_are_valid(code):
    assert codes.credit_code_problem(code) is None
    assert codes.is_valid_credit_code(code)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("9144030071526726XH", "统一社会信用代码校验位错误：应为 G，实为 H"),
        ("914403001922038217", "统一社会信用代码校验位错误：应为 6，实为 7"),
        ("9144030071526726X", "统一社会信用代码应为 18 位，实为 17 位"),
        ("9144030071526726XGG", "统一社会信用代码应为 18 位，实为 19 位"),
        ("9144030071526726IG", "统一社会信用代码含有不允许的字符“I”"),
        ("9144030071526726xg", "统一社会信用代码含有不允许的字符“x”"),
        ("B14403007152672600", "第 1 位（登记管理部门码）“B”不存在"),
        ("9444030071526726XG", "第 2 位（机构类别码）“4”与登记管理部门码“9”不匹配"),
        ("91AB030071526726XG", "行政区划代码应为 6 位数字"),
        ("91990300715267260G", "省级部分“99”不存在"),
    ],
)
def test_bad_codes_are_refused_with_the_first_problem(code, reason):
    assert reason in codes.credit_code_problem(code)


def test_the_check_character_is_31_minus_the_weighted_sum_mod_31_with_31_as_0():
    # Σ = 0 for seventeen zeros except the first "1" (weight 1): 31 − 1 = 30 → "Y".
    assert codes.check_character("10000000000000000") == "Y"
    assert codes.check_character("00000000000000000") == "0"  # 31 − 0 = 31 → 0
    assert codes.check_character("9144030071526726X") == "G"


def test_check_character_rejects_bad_input():
    with pytest.raises(ValueError):
        codes.check_character("123")
    with pytest.raises(ValueError):
        codes.check_character("9144030071526726O")


def test_made_codes_are_valid_and_carry_their_parts():
    code = codes.make_credit_code(registration="1", kind="1", division="430602", body="006142857")
    assert code.startswith("11430602006142857")
    assert codes.is_valid_credit_code(code)


@pytest.mark.parametrize(
    ("code", "ok"),
    [("430602", True), ("110101", True), ("100000", True), ("43060", False), ("4306021", False),
     ("43O602", False), ("990101", False), ("０１２３４５", False)],
)  # fmt: skip
def test_division_code_is_six_digits_with_a_real_province_part(code, ok):
    assert (codes.division_code_problem(code) is None) is ok
