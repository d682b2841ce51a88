"""Joint plans (联合抽查, "进一次门、查多项事") end to end: two departments whose officers each hold only their own
field commit and draw, every team covering both fields (docs/draw.md 5.1) — through the services and the web
form. The officers of 卫生监督所 (the ``inspectors`` fixture) hold only 公共场所卫生; those of the second
department hold only 生活饮用水卫生."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.accounts.models import Department
from sanxiang.catalog.models import InspectionItem
from sanxiang.core.errors import InvalidInput
from sanxiang.inspections import directory_services, draw, rules, services
from sanxiang.inspections.models import Draw, Plan, Task
from tests.factories import DepartmentFactory
from tests.inspections.conftest import AFTER, LODGING, LOTTERY, REVEALED, VALUE, officer

pytestmark = pytest.mark.django_db

WATER = "insp.drinking_water.central"


@pytest.fixture
def water_unit(world, enforcement_unit):
    """疾病预防控制科 of the same agency, with two officers holding only 生活饮用水卫生, in the directory."""
    unit = DepartmentFactory(
        agency=enforcement_unit.agency, name="疾病预防控制科", kind=Department.Kind.ENFORCEMENT
    )
    for username, name in (("lin", "林检查"), ("ma", "马检查")):
        person = officer(unit, username, name, fields=("drinking_water",))
        directory_services.inspector_register(actor=world["grace"], user=person, regions=["东街道"])
    return unit


def water_holders() -> set[str]:
    return {"林检查", "马检查"}


def joint_plan(grace, water_unit) -> Plan:
    items = InspectionItem.objects.current()
    return services.plan_create(
        actor=grace, title="联合抽查：住宿场所与二次供水",
        items=[(items.get(code=LODGING), grace.department), (items.get(code=WATER), water_unit)],
        ratios={"A": "0.5", "B": "0.5"}, industries=["公共场所-住宿场所"],
        period_start=dt.date(2026, 3, 9), period_end=dt.date(2026, 6, 30), frequency="每年 1 次",
    )  # fmt: skip


def teams_of(plan: Plan) -> list[list[tuple[str, set[str]]]]:
    """Each task's team as (name, field codes held)."""
    out = []
    for task in Task.objects.filter(plan=plan).prefetch_related(
        "members__inspector__user__certificates__fields"
    ):
        team = []
        for member in task.members.all():
            user = member.inspector.user
            fields = {f.code for c in user.certificates.all() for f in c.fields.all()}
            team.append((str(user), fields))
        out.append(team)
    return out


def assert_every_team_covers_both_fields(plan: Plan) -> None:
    teams = teams_of(plan)
    assert teams
    for team in teams:
        assert len(team) == 2
        held = [fields for _name, fields in team]
        assert all(len(f) == 1 for f in held)  # nobody holds both: the coverage comes from mixing departments
        assert set().union(*held) == {"public_places", "drinking_water"}, team
        assert sum(name in water_holders() for name, _f in team) == 1


@pytest.mark.parametrize(
    ("pairs", "required", "covered"),
    [
        ([(1, "public_places")], ["public_places"], []),
        ([(1, "public_places"), (1, "medical")], ["medical", "public_places"], []),
        ([(1, "public_places"), (2, "drinking_water")], [], ["drinking_water", "public_places"]),
        ([(1, "public_places"), (2, "public_places")], [], ["public_places"]),
        ([(1, "a"), (1, "b"), (2, "c")], [], ["a", "b", "c"]),
    ],
)
def test_draw_fields_requires_one_departments_fields_and_covers_a_joint_plans(pairs, required, covered):
    assert rules.draw_fields(pairs) == (required, covered)


def test_a_joint_plan_of_single_field_officers_commits_and_every_team_covers_both_fields(
    world, water_unit, clock
):
    grace = world["grace"]
    plan = joint_plan(grace, water_unit)
    row = services.plan_commit(actor=grace, plan=plan, source_name=LOTTERY, source_after=AFTER)
    constraints = row.inputs["constraints"]
    assert constraints["fields_required"] == []
    assert constraints["fields_covered"] == ["drinking_water", "public_places"]
    assert len(row.inputs["inspectors"]) == 6
    clock.move_to(REVEALED)
    made = services.draw_reveal(actor=grace, plan=plan, value=VALUE)
    assert made.record["inputs"]["constraints"]["fields_covered"] == ["drinking_water", "public_places"]
    assert draw.verify(made.record, commitment_sha256=row.body["commitment_sha256"]) == []
    assert_every_team_covers_both_fields(plan)


def test_a_joint_plan_whose_second_department_has_no_inspector_is_refused_naming_the_field(world, clock):
    grace = world["grace"]
    empty = DepartmentFactory(agency=grace.department.agency, name="空科室", kind=Department.Kind.ENFORCEMENT)
    plan = joint_plan(grace, empty)
    with pytest.raises(InvalidInput) as caught:
        services.plan_commit(actor=grace, plan=plan, source_name=LOTTERY, source_after=AFTER)
    assert "计划无法按要求抽取" in caught.value.message and "“drinking_water”" in caught.value.message
    assert Plan.objects.get(pk=plan.pk).status == rules.DRAFT


def test_one_department_with_both_fields_still_requires_both_of_every_member(world, water_unit):
    grace = world["grace"]
    items = InspectionItem.objects.current()
    plan = services.plan_create(
        actor=grace, title="单部门两事项", items=[(items.get(code=LODGING), grace.department),
                                                  (items.get(code=WATER), grace.department)],
        ratios={"B": "0.5"}, period_start=dt.date(2026, 3, 9), period_end=dt.date(2026, 6, 30), frequency="每年 1 次",
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="具备所需全部执法类别"):
        services.plan_commit(actor=grace, plan=plan, source_name=LOTTERY, source_after=AFTER)


PLAN_FORM = {
    "title": "联合抽查（页面）",
    "ratio_a": "50",
    "ratio_b": "50",
    "industries": "公共场所-住宿场所",
    "period_start": "2026-03-09",
    "period_end": "2026-06-30",
    "frequency": "每年 1 次",
    "team_size": "2",
}


def test_a_joint_plan_made_on_the_web_form_commits_and_draws_covering_both_fields(
    client, world, water_unit, clock
):
    grace = world["grace"]
    client.force_login(grace)
    page = client.get("/inspections/plans/new/").content.decode()
    assert "联合部门 1" in page and "疾病预防控制科" in page
    items = InspectionItem.objects.current()
    response = client.post("/inspections/plans/new/", {
        **PLAN_FORM, "items": [items.get(code=LODGING).pk],
        "joint_department_1": water_unit.pk, "joint_item_1": items.get(code=WATER).pk})  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    plan = Plan.objects.get(title="联合抽查（页面）")
    assert sorted((i.item.code, i.department_id) for i in plan.items.select_related("item")) == sorted(
        [(LODGING, grace.department_id), (WATER, water_unit.pk)]
    )
    assert "联合抽查" in client.get(f"/inspections/plans/{plan.pk}/").content.decode()
    response = client.post(f"/inspections/plans/{plan.pk}/commit/", {
        "source_name": LOTTERY, "source_after": "2026-03-03T20:00:00"})  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    clock.move_to(REVEALED)
    client.force_login(grace)  # a new day: the session of the day before has expired
    response = client.post(f"/inspections/plans/{plan.pk}/reveal/", {"value": VALUE})
    assert response.status_code == 302 and response.url == f"/inspections/plans/{plan.pk}/", response
    assert Draw.objects.filter(plan=plan).exists()
    assert_every_team_covers_both_fields(plan)


def test_a_half_filled_joint_row_is_refused_on_the_form(client, world, water_unit):
    client.force_login(world["grace"])
    items = InspectionItem.objects.current()
    response = client.post("/inspections/plans/new/", {
        **PLAN_FORM, "items": [items.get(code=LODGING).pk], "joint_department_1": water_unit.pk})  # fmt: skip
    assert response.status_code == 400
    assert "请选择该联合部门实施的随机抽查事项" in response.content.decode()
    assert not Plan.objects.filter(title="联合抽查（页面）").exists()
