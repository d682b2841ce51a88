"""The draw as a pure function (docs/draw.md): RFC 3797, key strings, quotas, determinism, teams, refusals."""

from __future__ import annotations

import dataclasses
from collections import Counter
from fractions import Fraction

import pytest

from sanxiang.inspections import draw
from sanxiang.inspections.draw_rfc3797 import rfc3797_key, rfc3797_select
from tests.inspections import test_draw_support as cases

pytestmark = pytest.mark.django_db(False)

# RFC 3797 section 6: pool of 25, key from three sources; (hex value of MD5, divisor, selected).
RFC3797_SECTION_6 = [
    ("990DD0A5692A029A98B5E01AA28F3459", 25, 17),
    ("3691E55CB63FCC37914430B2F70B5EC6", 24, 7),
    ("FE814EDF564C190AC1D25753979990FA", 23, 2),
    ("1863CCACEB568C31D7DDBDF1D4E91387", 22, 16),
    ("F4AB33DF4889F0AF29C513905BE1D758", 21, 25),
    ("13EAEB529F61ACFB9A29D0BA3A60DE4A", 20, 23),
    ("992DB77C382CA2BDB9727001F3CDCCD9", 19, 8),
    ("63AB4258ECA922976811C7F55C383CE7", 18, 24),
    ("DFBC5AC97CED01B3A6E348E3CC63F40D", 17, 19),
    ("31CB111C4A4EBE9287CEAE16FE51B909", 16, 13),
    ("07FA46C122F164C215BBC72793B189A3", 15, 22),
    ("AC52F8D75CCBE2E61AFEB3387637D501", 14, 5),
    ("53306F73E14FC0B2FBF434218D25948E", 13, 18),
    ("B5D1403501A81F9A47318BE7893B347C", 12, 9),
    ("85B10B356AA06663EF1B1B407765100A", 11, 1),
    ("3269E6CE559ABD57E2BA6AAB495EB9BD", 10, 4),
]


def test_rfc3797_section_6_worked_example_is_reproduced_exactly_in_md5_mode():
    key = rfc3797_key(["9319", "2 5 12 8 10", "9 18 26 34 41 45"])
    assert key == "9319./2.5.8.10.12./9.18.26.34.41.45./"
    picks = rfc3797_select(key, 25, 16)
    assert [(p.digest, p.divisor, p.selected) for p in picks] == RFC3797_SECTION_6
    assert [p.index for p in picks] == list(range(1, 17))


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("9319 / 2 5 12 8 10 / 9 18 26 34 41 45", "9319./2.5.8.10.12./9.18.26.34.41.45./"),
        ("03 07 12 19 25 31 + 09", "3.7.9.12.19.25.31./"),  # one source: sorted, leading zeros dropped
        ("03 07 12 19 25 31 / 09", "3.7.12.19.25.31./9./"),
        ("０３，０７、１２", "3.7.12./"),  # full-width digits and Chinese commas
        ("1.50 2.0 0.1", "0.11.52./"),  # decimals as RFC 3797's reference code writes them (no separator)
        ("a1b2-c3d4 / 7", "A1B2C3D4/7./"),  # text: letters and digits, upper case
        ("Mažňák", "MAZNAK/"),
        ("第2026137期", "第2026137期/"),
        ("  / 42 /  ", "42./"),
        ("--- ", ""),
    ],
)
def test_key_string_normalises_public_values_as_rfc3797(value, key):
    assert draw.key_string(value) == key


@pytest.mark.parametrize(
    ("size", "ratio", "quota"),
    [
        (100, "0.03", 3),
        (50, "0.03", 2),  # 1.5 rounds half up
        (49, "0.03", 1),
        (10, "0.03", 1),  # 0.3 rounds to 0, but a positive ratio draws at least one
        (0, "0.03", 0),
        (7, "0", 0),
        (3, "0.5", 2),
        (8, "1", 8),
        (1_000_000, "0.000001", 1),
        (1_000_001, "0.0000015", 2),  # 1.5000015
        (33, "0.015", 1),  # 0.495
    ],
)
def test_class_quota_rounds_half_up_and_draws_at_least_one(size, ratio, quota):
    assert draw.class_quota(size, draw.parse_ratio(ratio)) == quota


@pytest.mark.parametrize("text", ["1.01", "-0.1", "0.", ".5", "abc", "1e-2", "", "０.5", "0.5.1"])
def test_a_ratio_must_be_a_plain_decimal_between_0_and_1(text):
    assert draw.parse_ratio(text) is None


def test_parse_ratio_is_exact():
    assert draw.parse_ratio("0.030") == Fraction(3, 100)
    assert draw.parse_ratio("1") == 1


def test_the_draw_is_deterministic_and_the_value_changes_it():
    inputs = cases.small()
    first = draw.run(inputs, cases.VALUE)
    assert draw.run(cases.small(), cases.VALUE) == first
    assert draw.run(inputs, "03 07 12 19 25 32 / 09") != first
    assert first.drawn_per_class == {"A": 3, "B": 3}  # 10 x 0.3; 10 x 0.25 = 2.5 -> 3
    assert len({t.target_id for t in first.tasks}) == 6


def test_the_input_order_does_not_matter():
    inputs = cases.small()
    shuffled = dataclasses.replace(
        inputs,
        targets=inputs.targets[::-1],
        inspectors=inputs.inspectors[::-1],
        recusals=inputs.recusals[::-1],
    )
    assert draw.commitment(shuffled) == draw.commitment(inputs)
    assert draw.run(shuffled, cases.VALUE) == draw.run(inputs, cases.VALUE)


def test_two_plans_drawn_from_the_same_value_are_independent():
    inputs = cases.small()
    other = dataclasses.replace(inputs, plan_id="8")
    assert draw.run(other, cases.VALUE) != draw.run(inputs, cases.VALUE)


@pytest.mark.parametrize("seed", range(40))
def test_every_team_obeys_the_constraints(seed):
    inputs = cases.generated(seed)
    if draw.feasibility(inputs):
        pytest.skip("these generated inputs draw nothing")
    result = draw.run(inputs, f"{seed} 1 2 3")
    c = inputs.constraints
    people = {i.id: i for i in inputs.inspectors}
    targets = {t.id: t for t in inputs.targets}
    recused = set(inputs.recusals)
    for task in result.tasks:
        assert len(task.inspector_ids) == len(set(task.inspector_ids)) == c.team_size
        for pid in task.inspector_ids:
            assert set(c.fields_required) <= set(people[pid].fields)
            assert (pid, task.target_id) not in recused
            if c.same_region:
                assert targets[task.target_id].region in people[pid].regions
    assert sum(result.drawn_per_class.values()) == len(result.tasks)


def test_workload_is_balanced_across_the_draw():
    targets = [cases.target(n) for n in range(40)]
    people = [cases.inspector(n) for n in range(8)]
    result = draw.run(cases.inputs(targets, people, ratios={"A": "1"}), cases.VALUE)
    loads = Counter(pid for task in result.tasks for pid in task.inspector_ids)
    assert set(loads.values()) == {10}  # 80 places over 8 people, always the least loaded


def test_inspectors_already_busy_are_drawn_last():
    targets = [cases.target(n) for n in range(3)]
    people = [cases.inspector(n, workload=5 if n < 2 else 0) for n in range(6)]
    result = draw.run(cases.inputs(targets, people, ratios={"A": "1"}), cases.VALUE)
    drawn = {pid for task in result.tasks for pid in task.inspector_ids}
    assert drawn == {p.id for p in people[2:]}


def test_the_cap_per_inspector_is_never_exceeded():
    targets = [cases.target(n) for n in range(6)]
    people = [cases.inspector(n, workload=1) for n in range(6)]
    inputs = cases.inputs(targets, people, ratios={"A": "1"}, max_tasks_per_inspector=3)
    assert draw.feasibility(inputs) == []
    loads = Counter(pid for task in draw.run(inputs, cases.VALUE).tasks for pid in task.inspector_ids)
    assert max(loads.values()) <= 2


# -- refusals ---------------------------------------------------------------------------------------------------


def test_too_few_certified_inspectors_is_refused_with_the_reason():
    targets = [cases.target(n) for n in range(5)]
    people = [cases.inspector(0), cases.inspector(1, fields=(cases.WATER,)), cases.inspector(2, fields=())]
    reasons = draw.feasibility(cases.inputs(targets, people))
    assert reasons == ["具备所需全部执法类别（公共场所卫生）资格的检查人员只有 1 名，少于每组 2 人"]
    with pytest.raises(draw.Infeasible) as refused:
        draw.run(cases.inputs(targets, people), cases.VALUE)
    assert "少于每组 2 人" in refused.value.reasons[0]


def test_recusals_leaving_a_target_short_of_a_team_are_refused_naming_it():
    targets = [cases.target(n) for n in range(3)]
    people = [cases.inspector(n) for n in range(3)]
    recusals = [(people[0].id, targets[1].id), (people[1].id, targets[1].id)]
    reasons = draw.feasibility(cases.inputs(targets, people, recusals=recusals, ratios={"A": "0.1"}))
    assert len(reasons) == 1
    assert f"“{targets[1].name}”（{targets[1].id}）" in reasons[0] and "只有 1 名" in reasons[0]
    assert targets[0].id not in reasons[0]


def test_a_target_in_a_region_without_enough_inspectors_is_refused_when_same_region():
    targets = [cases.target(0, region="街道01"), cases.target(1, region="街道09")]
    people = [cases.inspector(n, regions=("街道01",)) for n in range(3)]
    reasons = draw.feasibility(cases.inputs(targets, people, same_region=True))
    assert len(reasons) == 1 and targets[1].id in reasons[0] and "只有 0 名" in reasons[0]
    assert draw.feasibility(cases.inputs(targets, people, same_region=False)) == []


def test_more_places_than_the_caps_allow_is_refused():
    targets = [cases.target(n) for n in range(4)]
    people = [cases.inspector(n, workload=1) for n in range(3)]
    reasons = draw.feasibility(cases.inputs(targets, people, ratios={"A": "1"}, max_tasks_per_inspector=3))
    assert reasons == ["将抽取 4 个检查对象、需 8 人次，而每人上限 3 个任务下检查人员最多还能承担 6 人次"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"team_size": 1}, "每组检查人员不得少于 2 人（行政处罚法第四十二条）"),
        ({"ratios": {"A": "1.5"}}, "风险等级 A 的抽查比例“1.5”不是 0 到 1 之间的小数（如 0.03）"),
        ({"ratios": {"A": "0"}}, "按设定的风险等级和比例，没有任何检查对象会被抽中"),
        ({"ratios": {}}, "没有设定任何风险等级的抽查比例"),
        ({"max_tasks_per_inspector": 0}, "每人任务上限应为正整数或不设上限"),
    ],
)
def test_malformed_constraints_are_refused(change, reason):
    inputs = cases.small()
    inputs = dataclasses.replace(inputs, constraints=dataclasses.replace(inputs.constraints, **change))
    assert reason in draw.feasibility(inputs)


def test_duplicate_targets_and_a_source_time_without_offset_are_refused():
    inputs = cases.small()
    inputs = dataclasses.replace(
        inputs,
        targets=inputs.targets + inputs.targets[:1],
        source=draw.RandomnessSource(name=" ", after="2026-11-26 21:30"),
    )
    reasons = draw.feasibility(inputs)
    assert "检查对象的标识有重复" in reasons
    assert "没有写明随机源的名称" in reasons
    assert "随机源取值时间“2026-11-26 21:30”不是带时区的 ISO 8601 时间" in reasons


def test_a_value_without_letters_or_digits_cannot_be_drawn_from():
    with pytest.raises(draw.Infeasible):
        draw.run(cases.small(), " / - ")


def test_a_draw_that_runs_out_under_caps_and_regions_raises_infeasible():
    # 4 places for 2 teams of 2 in total, and 2 people in 街道02 for each target: feasibility passes, but the
    # first team uses up both people of 街道02 (a cap of 1) and the second target cannot get a team.
    targets = [cases.target(n, region="街道02") for n in range(2)]
    people = [cases.inspector(n, regions=("街道02",)) for n in range(2)]
    people += [cases.inspector(n, regions=("街道01",)) for n in range(2, 4)]
    inputs = cases.inputs(targets, people, ratios={"A": "1"}, same_region=True, max_tasks_per_inspector=1)
    assert draw.feasibility(inputs) == []
    with pytest.raises(draw.Infeasible) as refused:
        draw.run(inputs, cases.VALUE)
    assert "只有 0 名可派的检查人员" in refused.value.reasons[0]


@pytest.mark.parametrize(("size", "count"), [(1, 1), (5, 5), (10, 3), (1000, 17), (7, 0)])
def test_sparse_selection_is_the_partial_fisher_yates_shuffle_of_the_document(size, count):
    key = draw.draw_key({"commitment_sha256": "ab" * 32}, "1 2 3")
    positions, numbers = list(range(size)), draw.stream(key, "targets:A")
    for i in range(count):  # docs/draw.md section 4, on the whole array
        j = i + next(numbers) % (size - i)
        positions[i], positions[j] = positions[j], positions[i]
    assert draw.select(size, count, draw.stream(key, "targets:A")) == positions[:count]
