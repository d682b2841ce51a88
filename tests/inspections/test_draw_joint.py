"""Joint plans (联合抽查): ``fields_covered`` — every team holds each covered field (docs/draw.md 5.1)."""

from __future__ import annotations

import copy
import dataclasses
import json
import random
import re
from pathlib import Path

import pytest

from sanxiang.inspections import draw
from tests.inspections import test_draw_support as cases

pytestmark = pytest.mark.django_db(False)

DOC = Path(__file__).resolve().parents[2] / "docs" / "draw.md"
FOOD = "食品安全"
HEALTH = cases.FIELD
COVERED = (FOOD, HEALTH)


def block(marker: str) -> dict:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- joint-example:{marker} -->\s*```json\n(.*?)\n```", text, re.S)
    assert match, f"docs/draw.md has no joint-example:{marker} block"
    return json.loads(match.group(1))


def doc_example() -> tuple[draw.DrawInputs, str]:
    given = block("inputs")
    c = given["constraints"]
    inputs = draw.DrawInputs(
        plan_id=given["plan_id"],
        targets=tuple(draw.Target(*t) for t in given["targets"]),
        inspectors=tuple(draw.Inspector(i[0], tuple(i[1]), tuple(i[2]), i[3]) for i in given["inspectors"]),
        recusals=tuple(tuple(p) for p in given["recusals"]),
        constraints=draw.Constraints(
            ratios=c["ratios"],
            team_size=c["team_size"],
            fields_required=tuple(c["fields_required"]),
            same_region=c["same_region"],
            max_tasks_per_inspector=c["max_tasks_per_inspector"],
            fields_covered=tuple(c["fields_covered"]),
        ),
        source=draw.RandomnessSource(**given["source"]),
        code_version=draw.CODE_VERSION,
    )
    return inputs, given["value"]


def joint(seed: int) -> draw.DrawInputs:
    """Generated inputs turned joint: officers of two departments, each certified in its own field only (a
    few in both), no field required of everyone, both fields covered."""
    base = cases.generated(seed)
    rng = random.Random(seed)
    people = []
    for n, person in enumerate(base.inspectors):
        fields = (HEALTH,) if n % 2 else (FOOD,)
        if rng.random() < 0.2:
            fields = (HEALTH, FOOD)
        people.append(dataclasses.replace(person, fields=fields))
    constraints = dataclasses.replace(base.constraints, fields_required=(), fields_covered=COVERED)
    return dataclasses.replace(base, inspectors=tuple(people), constraints=constraints)


def rows(result: draw.DrawResult) -> list[dict]:
    return [{"target_id": t.target_id, "inspector_ids": list(t.inspector_ids)} for t in result.tasks]


def test_the_documented_joint_example_gives_the_documented_teams():
    inputs, value = doc_example()
    assert draw.feasibility(inputs) == []
    assert f"`{draw.commitment(inputs)['commitment_sha256']}`" in DOC.read_text(encoding="utf-8")
    result = draw.run(inputs, value)
    expected = block("result")
    assert result.drawn_per_class == expected["drawn_per_class"]
    assert rows(result) == expected["tasks"]


@pytest.mark.parametrize("seed", range(40))
def test_every_team_covers_every_covered_field_and_keeps_the_other_rules(seed):
    inputs = joint(seed)
    assert draw.feasibility(inputs) == []
    result = draw.run(inputs, cases.VALUE)
    people = {i.id: i for i in inputs.inspectors}
    targets = {t.id: t for t in inputs.targets}
    recused = set(inputs.recusals)
    c = inputs.constraints
    assert result.tasks
    for task in result.tasks:
        team = task.inspector_ids
        assert len(team) == len(set(team)) == c.team_size
        for field in COVERED:
            assert any(field in people[i].fields for i in team), (task, field)
        assert not any((i, task.target_id) in recused for i in team)
        if c.same_region:
            assert all(targets[task.target_id].region in people[i].regions for i in team)
        # The lead holds the first covered field in code-point order (the coverage picks come first).
        assert min(COVERED) in people[team[0]].fields
    if c.max_tasks_per_inspector is not None:
        drawn = [i for t in result.tasks for i in t.inspector_ids]
        assert all(people[i].workload + drawn.count(i) <= c.max_tasks_per_inspector for i in set(drawn))


def test_single_field_officers_cover_a_joint_plan_that_requiring_every_field_refuses():
    targets = [cases.target(n) for n in range(6)]
    people = [cases.inspector(n, fields=(HEALTH,)) for n in range(3)]
    people += [cases.inspector(n, fields=(FOOD,)) for n in range(3, 6)]
    required = cases.inputs(targets, people, fields=COVERED)
    assert (
        "具备所需全部执法类别（公共场所卫生、食品安全）资格的检查人员只有 0 名"
        in draw.feasibility(required)[0]
    )
    covered = cases.inputs(targets, people, fields=(), fields_covered=COVERED)
    assert draw.feasibility(covered) == []
    for task in draw.run(covered, cases.VALUE).tasks:
        held = [set(next(p.fields for p in people if p.id == i)) for i in task.inspector_ids]
        assert held in ([{HEALTH}, {FOOD}], [{FOOD}, {HEALTH}])


def test_a_covered_field_nobody_holds_is_refused_naming_it():
    targets = [cases.target(n) for n in range(4)]
    people = [cases.inspector(n, fields=(HEALTH,)) for n in range(4)]
    inputs = cases.inputs(targets, people, fields=(), fields_covered=COVERED)
    problems = draw.feasibility(inputs)
    assert problems == [f"没有具备执法类别“{FOOD}”资格的检查人员，检查组无法覆盖该类别"]
    with pytest.raises(draw.Infeasible) as caught:
        draw.run(inputs, cases.VALUE)
    assert FOOD in caught.value.reasons[0] and "检查对象" in caught.value.reasons[0]


def test_a_target_whose_only_holder_of_a_field_is_recused_is_refused_naming_both():
    targets = [cases.target(n) for n in range(3)]
    people = [cases.inspector(n, fields=(HEALTH,)) for n in range(3)] + [cases.inspector(9, fields=(FOOD,))]
    inputs = cases.inputs(
        targets,
        people,
        fields=(),
        fields_covered=COVERED,
        ratios={"A": "1"},
        recusals=[(people[3].id, targets[1].id)],
    )
    problems = draw.feasibility(inputs)
    assert len(problems) == 1
    assert targets[1].id in problems[0] and targets[1].name in problems[0] and f"“{FOOD}”" in problems[0]
    assert targets[0].id not in problems[0]
    with pytest.raises(draw.Infeasible) as caught:
        draw.run(inputs, cases.VALUE)
    assert targets[1].id in caught.value.reasons[0] and FOOD in caught.value.reasons[0]


def test_a_team_smaller_than_the_covered_fields_is_refused():
    targets = [cases.target(n) for n in range(3)]
    fields = (HEALTH, FOOD, "生活饮用水卫生")
    people = [cases.inspector(n, fields=fields) for n in range(6)]
    inputs = cases.inputs(targets, people, fields=(), fields_covered=fields)
    problems = draw.feasibility(inputs)
    assert problems and "每组 2 人少于须覆盖的执法类别数 3" in problems[0]
    with pytest.raises(draw.Infeasible):
        draw.run(inputs, cases.VALUE)


def test_the_cap_running_out_for_a_field_is_refused_and_stops_the_draw_naming_field_and_target():
    targets = [cases.target(n) for n in range(3)]
    people = [cases.inspector(n, fields=(HEALTH,)) for n in range(6)] + [cases.inspector(9, fields=(FOOD,))]
    inputs = cases.inputs(
        targets, people, fields=(), fields_covered=COVERED, ratios={"A": "1"}, max_tasks_per_inspector=1
    )
    # Enough places overall (7 >= 6), but the one food inspector has room for one task of three.
    assert draw.feasibility(inputs) == [
        f"将抽取 3 个检查对象、每组须有具备执法类别“{FOOD}”资格的检查人员，而每人上限 1 个任务下具备该资格的"
        "检查人员最多还能承担 1 个任务"
    ]
    with pytest.raises(draw.Infeasible) as caught:
        draw.run(inputs, cases.VALUE)  # run checks the structure only: the cap runs out at the second target
    assert f"“{FOOD}”" in caught.value.reasons[0] and "检查对象" in caught.value.reasons[0]


@pytest.fixture
def joint_record() -> dict:
    inputs = joint(next(s for s in range(40) if not draw.feasibility(joint(s))))
    record = draw.record(inputs, cases.VALUE, draw.run(inputs, cases.VALUE))
    return json.loads(json.dumps(record, ensure_ascii=False))


def test_a_joint_record_round_trips_and_verifies(joint_record):
    assert joint_record["inputs"]["constraints"]["fields_covered"] == sorted(COVERED)
    again = draw.inputs_from_record(joint_record)
    assert again.constraints.fields_covered == tuple(sorted(COVERED))
    assert draw.verify(joint_record) == []
    assert draw.verify(joint_record, commitment_sha256=joint_record["commitment"]["commitment_sha256"]) == []


@pytest.mark.parametrize("covered", [[FOOD], [HEALTH], [FOOD, HEALTH, "生活饮用水卫生"], []])
def test_a_changed_covered_field_fails_verification_and_says_where(joint_record, covered):
    changed = copy.deepcopy(joint_record)
    changed["inputs"]["constraints"]["fields_covered"] = covered
    problems = draw.verify(changed)
    assert any("抽取条件" in p and "哈希与承诺不符" in p for p in problems), problems


def test_a_malformed_covered_field_list_is_not_a_record(joint_record):
    changed = copy.deepcopy(joint_record)
    changed["inputs"]["constraints"]["fields_covered"] = FOOD
    with pytest.raises(draw.NotADrawRecord, match="fields_covered"):
        draw.inputs_from_record(changed)


# SHA-256 of the canonical JSON of the records of ``cases.generated(seed)``, seeds 0-11, made by draw.py as
# committed before ``fields_covered`` existed: the extension must not change one byte of them.
RECORDS_BEFORE = [
    "6ba61a81f5f2356bf817ef4af082d009f215f0275a0fe0a612c0345c15ff5011",
    "f8c59b67b6a8297cbde9fcc11a16b621f32f09568aa08a5052bc271c9482bfc8",
    "1a32ac518398c1a4817b11c7ca003df96c5e3c174fa18abd2637f936c0786e57",
    "fb6993f298ece7f8fa7aa319d81530015f404a7c338746c3fc464064e7da6506",
    "d928db77c8b0f8b592f3b192d37d7bf62bf73f94407ead00fac3cd5603cb54f2",
    "908dee608c34a97987145653887e30833327ef4105778c7761e438ba4ecc0bad",
    "f91f178f5e1c96a5ed1b571cbb04b1f6f8d4f3a6ea303272b3562449735db30e",
    "ca90bfe1bff5399ff8290b96ed93114876a6840097b6d1b9391131b020ea84bf",
    "e7fca418948b5f57a5289b6b2013e0f4c2c455b2712469cf0a3304aeccd8572f",
    "d4c2d5347ec034a6dd00185d36a3b2b0581d89d1e5fee43fb37afc3e8672164a",
    "9a6e6d83b3b33a9a3dd9f8ab6b015c6a0b69a5440e0fa2a8ed5d9ea3a28c4775",
    "335315cd3384209189d488e2f3051d2bede0032e6cd02e221a3a86c134727473",
]


@pytest.mark.parametrize("seed", range(len(RECORDS_BEFORE)))
def test_without_covered_fields_records_are_byte_identical_to_before(seed):
    inputs = cases.generated(seed)  # Constraints made without the new attribute: its default
    assert inputs.constraints.fields_covered == ()
    record = draw.record(inputs, cases.VALUE, draw.run(inputs, cases.VALUE))
    assert "fields_covered" not in record["inputs"]["constraints"]
    assert draw.sha256_hex(draw.canonical_json(record)) == RECORDS_BEFORE[seed]
    explicit = dataclasses.replace(
        inputs, constraints=dataclasses.replace(inputs.constraints, fields_covered=())
    )
    assert draw.record(explicit, cases.VALUE, draw.run(explicit, cases.VALUE)) == record
    assert draw.record(draw.inputs_from_record(record), cases.VALUE, draw.run(inputs, cases.VALUE)) == record
