"""Verification of a draw record: a record re-runs; changing any input byte fails and says where."""

from __future__ import annotations

import copy
import json

import pytest

from sanxiang.inspections import draw
from tests.inspections import test_draw_support as cases

pytestmark = pytest.mark.django_db(False)


@pytest.fixture
def published() -> dict:
    """A record as published: through JSON, as the portal serves it."""
    inputs = cases.small()
    record = draw.record(inputs, cases.VALUE, draw.run(inputs, cases.VALUE))
    return json.loads(json.dumps(record, ensure_ascii=False))


def test_a_published_record_verifies_and_names_no_person(published):
    assert draw.verify(published) == []
    assert (
        draw.verify(published, commitment_sha256=published["commitment"]["commitment_sha256"].upper()) == []
    )
    assert draw.commitment(draw.inputs_from_record(published)) == draw.commitment(cases.small())
    text = json.dumps(published, ensure_ascii=False)
    assert "reason" not in text and "理由" not in text


def set_in(record: dict, path: tuple, value) -> None:
    for key in path[:-1]:
        record = record[key]
    record[path[-1]] = value


# Each change of one input, and the words verify must use to say where it differs.
TAMPERING = [
    (("inputs", "targets", 3, 1), "某某宾馆有限公司3 ", "检查对象清单的哈希与承诺不符"),
    (("inputs", "targets", 0, 2), "C", "检查对象清单的哈希与承诺不符"),
    (("inputs", "inspectors", 0, 3), 9, "检查人员清单的哈希与承诺不符"),
    (("inputs", "inspectors", 2, 1), ["公共场所卫生", "生活饮用水卫生"], "检查人员清单的哈希与承诺不符"),
    (("inputs", "recusals", 0, 1), "91110105MA00000001", "回避关系的哈希与承诺不符"),
    (
        ("inputs", "constraints", "ratios", "A"),
        "0.4",
        "抽取条件（比例、每组人数、执法类别、同区域、每人上限）的哈希与承诺不符",
    ),
    (("inputs", "constraints", "team_size"), 3, "抽取条件"),
    (("source", "after"), "2026-11-25T21:30:00+08:00", "随机源及取值时间的哈希与承诺不符"),
    (("source", "name"), "另一期开奖号码", "随机源及取值时间的哈希与承诺不符"),
    (("plan_id",), "8", "承诺中的 plan_id 与记录不符"),
    (("value",), "03 07 12 19 25 31 / 10", "随机数的规范化字符串不符"),
    (("key",), "3.7.12.19.25.31./10./", "随机数的规范化字符串不符"),
    (("commitment", "hashes", "targets"), "0" * 64, "承诺本身被改动"),
    (("result", "tasks", 1, "inspector_ids", 0), "I-00000004", "第 2 个任务（检查对象"),
    (
        ("result", "tasks", 0, "target_id"),
        "91110105MA00000099",
        "第 1 个任务：记录为检查对象 91110105MA00000099",
    ),
    (("result", "drawn_per_class", "A"), 4, "各风险等级抽取数"),
    (("code_version",), "sanxiang-draw/2", "本程序实现的是“sanxiang-draw/1”"),
]


@pytest.mark.parametrize(
    ("path", "value", "where"), TAMPERING, ids=[".".join(map(str, t[0])) for t in TAMPERING]
)
def test_changing_any_input_makes_verification_fail_and_say_where(published, path, value, where):
    changed = copy.deepcopy(published)
    set_in(changed, path, value)
    assert changed != published
    problems = draw.verify(changed)
    assert problems, "the change went unnoticed"
    assert any(where in p for p in problems), problems


def test_a_changed_value_also_changes_the_result(published):
    changed = copy.deepcopy(published)
    changed["value"] = "1 2 3"
    changed["key"] = draw.key_string("1 2 3")
    problems = draw.verify(changed)
    assert problems and all("哈希" not in p for p in problems)  # inputs intact: only the result differs
    assert any("任务" in p for p in problems)


def test_a_record_of_inputs_changed_consistently_still_fails_against_the_published_commitment(published):
    """Someone re-draws with other inputs and a fresh commitment: only the hash published earlier shows it."""
    inputs = cases.small()
    other = draw.DrawInputs(**{**inputs.__dict__, "recusals": ()})
    forged = json.loads(json.dumps(draw.record(other, cases.VALUE, draw.run(other, cases.VALUE))))
    assert draw.verify(forged) == []
    problems = draw.verify(forged, commitment_sha256=published["commitment"]["commitment_sha256"])
    assert len(problems) == 1 and "不是事先公布的承诺" in problems[0]


@pytest.mark.parametrize(
    "data",
    [
        [],
        {},
        {"format": "sanxiang-log-export/1"},
        {"format": draw.RECORD_FORMAT},
        "sanxiang-draw-record/1",
    ],
)
def test_what_is_not_a_draw_record_is_said_so(data):
    with pytest.raises(draw.NotADrawRecord):
        draw.verify(data)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("inputs", "targets", 0), ["only", "three", "columns"]),
        (("inputs", "inspectors", 0, 3), "2"),
        (("inputs", "target_columns"), ["id", "name"]),
        (("inputs", "constraints", "same_region"), "no"),
        (("inputs", "constraints", "ratios"), {"A": 0.3}),
        (("source",), "双色球"),
        (("result",), []),
    ],
)
def test_a_record_with_a_wrong_shape_is_not_a_draw_record(published, path, value):
    changed = copy.deepcopy(published)
    set_in(changed, path, value)
    with pytest.raises(draw.NotADrawRecord):
        draw.verify(changed)


def test_a_record_whose_inputs_cannot_be_drawn_says_so(published):
    changed = copy.deepcopy(published)
    changed["inputs"]["constraints"]["team_size"] = 9
    problems = draw.verify(changed)
    assert any("无法完成抽取" in p for p in problems)
