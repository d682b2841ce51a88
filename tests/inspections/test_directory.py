"""The inspector directory (执法检查人员名录库) on its page and through the API, and the 黄牌/红牌 of a result's
publication deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.inspections.models import Inspector, InspectorRecusal
from tests.inspections.conftest import CST, REVEALED, VALUE, commit_data, plan_data

pytestmark = pytest.mark.django_db


def test_a_manager_lists_an_officer_marks_them_unavailable_and_records_a_recusal_on_the_page(
    client, world, olga
):
    grace, target = world["grace"], world["targets"][0]
    client.force_login(grace)
    page = client.get("/inspections/inspectors/")
    assert page.status_code == 200 and "奥尔加" in page.content.decode()
    response = client.post(
        "/inspections/inspectors/register/", {"user": olga.pk, "regions": "东街道，西街道"}
    )
    assert response.status_code == 302
    inspector = Inspector.objects.get(user=olga)
    assert inspector.regions == ["东街道", "西街道"] and inspector.public_id.startswith("I-")
    prefix = f"i{inspector.pk}"
    response = client.post(f"/inspections/inspectors/{inspector.pk}/availability/", {
        f"{prefix}-available": "0", f"{prefix}-unavailable_from": "2026-03-01", f"{prefix}-reason": "借调市局"})  # fmt: skip
    assert response.status_code == 302
    inspector.refresh_from_db()
    assert not inspector.is_available and inspector.unavailable_reason == "借调市局"
    response = client.post(f"/inspections/inspectors/{inspector.pk}/recusal/", {
        f"{prefix}-target": target.credit_code, f"{prefix}-kind": "relative", f"{prefix}-reason": "其兄为经营者"})  # fmt: skip
    assert response.status_code == 302
    assert InspectorRecusal.objects.get(inspector=inspector).target == target
    response = client.post(f"/inspections/inspectors/{inspector.pk}/recusal/", {
        f"{prefix}-target": target.credit_code, f"{prefix}-kind": "relative", f"{prefix}-reason": "again"})  # fmt: skip
    assert response.status_code == 409 and "已登记" in response.content.decode()


def test_an_officer_may_not_open_the_directory(client, world):
    client.force_login(world["inspectors"][0].user)
    assert client.get("/inspections/inspectors/").status_code == 403


def test_the_directory_through_the_api(api, world, olga):
    grace, target = world["grace"], world["targets"][0]
    status, body = api.as_(grace).post(
        "/api/inspections/inspectors/", {"user": olga.pk, "regions": ["东街道"]}
    )
    assert status == 201, body
    inspector_id = body["id"]
    status, body = api.post("/api/inspections/inspectors/", {"user": olga.pk})
    assert status == 409, body
    status, body = api.post(f"/api/inspections/inspectors/{inspector_id}/availability/", {"available": False})
    assert status == 400 and "原因" in body["detail"]
    status, body = api.post(f"/api/inspections/inspectors/{inspector_id}/recusals/", {
        "target": target.credit_code, "kind": "former_employment", "reason": "2023 年前在该宾馆任职"})  # fmt: skip
    assert status == 201, body
    status, body = api.get("/api/inspections/inspectors/")
    assert status == 200 and len(body["results"]) == 5


def test_the_publication_deadline_turns_yellow_then_red(api, world, clock):
    grace = world["grace"]
    status, body = api.as_(grace).post("/api/inspections/plans/", plan_data(ratios={"D": "1"}))
    plan_id = body["id"]
    api.post(f"/api/inspections/plans/{plan_id}/commit/", commit_data())
    clock.move_to(REVEALED)
    status, body = api.as_(grace).post(f"/api/inspections/plans/{plan_id}/reveal/", {"value": VALUE})
    task = body["tasks"][0]
    status, body = api.post(f"/api/inspections/tasks/{task['id']}/result/", {
        "outcome": "compliant", "inspected_on": "2026-03-04", "site_record": "正常"})  # fmt: skip
    assert body["result"]["deadline"]["mark"] == ""
    clock.move_to(dt.datetime(2026, 3, 31, 9, 0, tzinfo=CST))  # due 1 April: 2 working days left, counting it
    status, body = api.as_(grace).get(f"/api/inspections/tasks/{task['id']}/")
    assert body["result"]["deadline"]["mark"] == "yellow", body["result"]["deadline"]
    clock.move_to(dt.datetime(2026, 4, 2, 9, 0, tzinfo=CST))
    status, body = api.as_(grace).get(f"/api/inspections/tasks/{task['id']}/")
    assert body["result"]["deadline"]["mark"] == "red"
