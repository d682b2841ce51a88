"""The staff screens and public pages of 双随机 through Django's test client: refusals shown on the page with
their status, the public pages reading only published copies, the API in the OpenAPI schema, and a joint plan."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.accounts.models import Department
from sanxiang.catalog.models import InspectionItem
from sanxiang.inspections import directory_services, services
from sanxiang.inspections.models import Plan
from tests.factories import DepartmentFactory
from tests.inspections.conftest import AFTER, LODGING, LOTTERY, REVEALED, VALUE, officer

pytestmark = pytest.mark.django_db

PLAN_FORM = {
    "title": "住宿场所抽查（页面）",
    "ratio_b": "50",
    "industries": "公共场所-住宿场所",
    "period_start": "2026-03-09",
    "period_end": "2026-06-30",
    "frequency": "每年 1 次",
    "team_size": "2",
}


def test_a_plan_made_on_the_page_and_committed_shows_its_commitment(client, world):
    client.force_login(world["grace"])
    item = InspectionItem.objects.current().get(code=LODGING)
    response = client.post("/inspections/plans/new/", {**PLAN_FORM, "items": [item.pk]})
    assert response.status_code == 302, response.content.decode()
    plan = Plan.objects.get(title="住宿场所抽查（页面）")
    assert plan.ratios == {"B": "0.5"}
    response = client.post(f"/inspections/plans/{plan.pk}/commit/", {
        "source_name": LOTTERY, "source_after": "2026-03-03T20:00:00"})  # fmt: skip
    assert response.status_code == 302
    page = client.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert "已承诺（待抽取）" in page and LOTTERY in page


def test_an_infeasible_plan_is_refused_on_the_commit_page_with_the_reason(client, world):
    client.force_login(world["grace"])
    items = list(InspectionItem.objects.current().filter(code__in=[LODGING, "insp.medical.practice"]))
    response = client.post("/inspections/plans/new/", {**PLAN_FORM, "items": [i.pk for i in items]})
    plan = Plan.objects.get(title="住宿场所抽查（页面）")
    response = client.post(f"/inspections/plans/{plan.pk}/commit/", {
        "source_name": LOTTERY, "source_after": "2026-03-03T20:00:00"})  # fmt: skip
    assert response.status_code == 400
    text = response.content.decode()
    assert "计划无法按要求抽取" in text and "medical" in text


def test_an_officer_sees_the_plan_but_may_not_commit_it(client, world):
    plan = services.plan_create(
        actor=world["grace"], title="计划", items=[(InspectionItem.objects.current().get(code=LODGING),
                                                   world["grace"].department)],
        ratios={"B": "1"}, period_start=dt.date(2026, 3, 9), period_end=dt.date(2026, 6, 30), frequency="每年 1 次",
    )  # fmt: skip
    client.force_login(world["inspectors"][0].user)
    assert client.get(f"/inspections/plans/{plan.pk}/").status_code == 200
    response = client.post(f"/inspections/plans/{plan.pk}/commit/", {"source_name": LOTTERY,
                                                                      "source_after": "2026-03-03T20:00:00"})  # fmt: skip
    assert response.status_code == 403


def test_public_pages_show_only_published_plans(client, world):
    plan = services.plan_create(
        actor=world["grace"], title="草稿计划", items=[(InspectionItem.objects.current().get(code=LODGING),
                                                       world["grace"].department)],
        ratios={"B": "1"}, period_start=dt.date(2026, 3, 9), period_end=dt.date(2026, 6, 30), frequency="每年 1 次",
    )  # fmt: skip
    assert client.get(f"/portal/choucha/{plan.pk}/").status_code == 404
    assert "草稿计划" not in client.get("/portal/choucha/").content.decode()


def test_the_api_is_in_the_openapi_schema(client, world):
    client.force_login(world["grace"])
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/inspections/plans/", "/api/inspections/plans/{plan_id}/commit/",
                 "/api/inspections/plans/{plan_id}/reveal/", "/api/inspections/tasks/{task_id}/result/"):  # fmt: skip
        assert path in schema


def test_a_joint_plan_draws_teams_from_every_department(api, world, clock, enforcement_unit):
    """联合抽查: two departments' items in one plan; both departments' inspectors are eligible, and every team
    covers each item's field (docs/draw.md 5.1): some member holds 生活饮用水卫生, which only 林 and 马 do."""
    grace = world["grace"]
    other = DepartmentFactory(
        agency=enforcement_unit.agency, name="疾病预防控制科", kind=Department.Kind.ENFORCEMENT
    )
    for username, name in (("lin", "林检查"), ("ma", "马检查")):
        person = officer(other, username, name, fields=("public_places", "drinking_water"))
        directory_services.inspector_register(actor=grace, user=person)
    for inspector in world["inspectors"]:  # the 卫生监督所 officers hold only 公共场所卫生
        assert inspector.user.certificates.get().fields.count() == 1
    status, body = api.as_(grace).post("/api/inspections/plans/", {
        "title": "联合抽查：住宿场所与二次供水", "ratios": {"B": "0.5"}, "industries": ["公共场所-住宿场所"],
        "items": [{"item": LODGING}, {"item": "insp.drinking_water.central", "department": other.pk}],
        "period_start": "2026-03-09", "period_end": "2026-06-30", "frequency": "每年 1 次"})  # fmt: skip
    assert status == 201, body
    assert body["joint"] is True
    plan_id = body["id"]
    status, body = api.post(f"/api/inspections/plans/{plan_id}/commit/", {"source_name": LOTTERY,
                                                                           "source_after": AFTER.isoformat()})  # fmt: skip
    assert status == 201, body
    # Every inspector of both departments is in the inputs with the fields they hold.
    assert body["commitment"]["inspectors"] == 6
    clock.move_to(REVEALED)
    status, body = api.as_(grace).post(f"/api/inspections/plans/{plan_id}/reveal/", {"value": VALUE})
    assert status == 200, body
    assert body["tasks"]
    for task in body["tasks"]:
        names = {m["name"] for m in task["team"]}
        assert len(names) == 2 and names & {"林检查", "马检查"}, task
        # The lead is picked first, for the first covered field in code-point order: drinking_water.
        assert next(m["name"] for m in task["team"] if m["lead"]) in {"林检查", "马检查"}
