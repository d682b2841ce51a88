"""The whole 双随机 cycle through the API, the way an agency drives it: plan → commit → (the lottery draws) →
enter the value → draw → publish the tasks → record results → publish results → open a case from a finding.
And the refusals the issue names: a second commitment (409), an infeasible plan (400), a value entered before
the committed time (409)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from sanxiang.cases.models import Case
from sanxiang.inspections import draw
from sanxiang.inspections.models import Commitment, Draw, Plan, PublishedPlan, Target, Task
from sanxiang.records.models import Event
from tests.inspections.conftest import AFTER, REVEALED, VALUE, commit_data, plan_data

pytestmark = pytest.mark.django_db


def create_plan(api, grace, **kw) -> int:
    status, body = api.as_(grace).post("/api/inspections/plans/", plan_data(**kw))
    assert status == 201, body
    assert body["status"] == "draft"
    return body["id"]


def test_the_whole_cycle_through_the_api(api, world, clock):
    grace = world["grace"]
    plan_id = create_plan(api, grace)

    status, body = api.post(f"/api/inspections/plans/{plan_id}/commit/", commit_data())
    assert status == 201, body
    assert body["status"] == "committed"
    # 4 A, 6 B, 2 D lodging targets; the swimming venues are outside the filter.
    assert body["commitment"]["targets"] == 12 and body["commitment"]["inspectors"] == 4
    assert body["tasks"] == []

    # The commitment is public before any randomness exists.
    page = Client().get(f"/portal/choucha/{plan_id}/")
    assert page.status_code == 200 and "承诺" in page.content.decode()
    assert Client().get(f"/portal/choucha/{plan_id}/draw.json").status_code == 404

    clock.move_to(REVEALED)
    status, body = api.as_(grace).post(f"/api/inspections/plans/{plan_id}/reveal/", {"value": VALUE})
    assert status == 200, body
    assert body["status"] == "drawn"
    # ratios A 0.25 of 4, B 0.5 of 6, D 1 of 2 → 1 + 3 + 2 tasks, each with a team of 2 distinct inspectors.
    assert len(body["tasks"]) == 6
    assert all(len({m["public_id"] for m in t["team"]}) == 2 for t in body["tasks"])

    # The published draw record re-runs to the same result.
    download = Client().get(f"/portal/choucha/{plan_id}/draw.json")
    assert download.status_code == 200
    record = json.loads(download.content)
    assert draw.verify(record) == []
    assert record == Draw.objects.get(plan_id=plan_id).record

    status, body = api.post(f"/api/inspections/plans/{plan_id}/publish/")
    assert status == 200 and body["status"] == "published", body

    # A team member records results on site: one finding, the rest compliant.
    tasks = body["tasks"]
    member = {i.public_id: i.user for i in world["inspectors"]}
    finding = tasks[0]
    officer = member[finding["team"][0]["public_id"]]
    status, mine = api.as_(officer).get("/api/inspections/tasks/")
    assert status == 200 and finding["id"] in [t["id"] for t in mine["results"]]
    status, body = api.post(f"/api/inspections/tasks/{finding['id']}/result/", {
        "outcome": "violation", "inspected_on": "2026-03-04", "site_record": "前台未能出示公共场所卫生许可证。",
        "notes": "未取得卫生许可证擅自营业，已责令改正。"})  # fmt: skip
    assert status == 201, body
    assert body["result"]["deadline"]["due_on"] == "2026-04-01"  # 20 working days after 4 March 2026
    for task in tasks[1:]:
        who = member[task["team"][0]["public_id"]]
        status, body = api.as_(who).post(f"/api/inspections/tasks/{task['id']}/result/", {
            "outcome": "compliant", "inspected_on": "2026-03-04", "site_record": "各项卫生制度落实。"})  # fmt: skip
        assert status == 201, body

    target = Target.objects.get(credit_code=finding["target"]["credit_code"])
    assert target.last_inspected_on.isoformat() == "2026-03-04"
    assert target.last_result == "发现违法行为"

    status, body = api.as_(grace).post(f"/api/inspections/plans/{plan_id}/results/publish/")
    assert status == 200, body
    assert body["status"] == "results_published"
    public = Client().get(f"/portal/choucha/{plan_id}/").content.decode()
    assert "未取得卫生许可证擅自营业" in public and finding["target"]["name"] in public

    # The finding opens a case linked to the inspection.
    status, body = api.as_(officer).post(f"/api/inspections/tasks/{finding['id']}/case/", {
        "item": "public_places.unlicensed", "facts": "未取得公共场所卫生许可证擅自营业"})  # fmt: skip
    assert status == 201, body
    case = Case.objects.get(pk=body["case"])
    assert case.source.startswith("双随机抽查")
    assert case.parties.get().credit_code == finding["target"]["credit_code"]
    status, body = api.get(f"/api/inspections/tasks/{finding['id']}/")
    assert body["result"]["case"] == case.pk

    actions = set(Event.objects.filter(subject_type="inspections.plan", subject_id=str(plan_id)).values_list(
        "action", flat=True))  # fmt: skip
    assert {"plan.create", "plan.commit", "plan.draw", "plan.publish", "plan.publish_results"} <= actions


def test_a_second_commitment_for_the_same_plan_is_refused(api, world):
    plan_id = create_plan(api, world["grace"])
    status, _ = api.post(f"/api/inspections/plans/{plan_id}/commit/", commit_data())
    assert status == 201
    status, body = api.post(
        f"/api/inspections/plans/{plan_id}/commit/", commit_data(source_name="另一期彩票")
    )
    assert status == 409, body
    assert "只能承诺一次" in body["detail"]
    assert Commitment.objects.filter(plan_id=plan_id).count() == 1
    assert (
        PublishedPlan.objects.get(plan_id=plan_id).commitment == Commitment.objects.get(plan_id=plan_id).body
    )


def test_an_infeasible_plan_is_refused_with_the_reason(api, world):
    # 医疗卫生 needs officers certified in 医疗卫生: nobody in the directory is.
    plan_id = create_plan(api, world["grace"], items=[{"item": "insp.public_places.lodging"},
                                                       {"item": "insp.medical.practice"}])  # fmt: skip
    status, body = api.post(f"/api/inspections/plans/{plan_id}/commit/", commit_data())
    assert status == 400, body
    assert "无法按要求抽取" in body["detail"]
    assert Plan.objects.get(pk=plan_id).status == "draft"
    assert not Commitment.objects.filter(plan_id=plan_id).exists()
    assert not PublishedPlan.objects.filter(plan_id=plan_id).exists()


def test_a_team_larger_than_the_directory_is_refused_with_the_reason(api, world):
    plan_id = create_plan(api, world["grace"], team_size=5)
    status, body = api.post(f"/api/inspections/plans/{plan_id}/commit/", commit_data())
    assert status == 400, body
    assert body["detail"].startswith("计划无法按要求抽取")


def test_a_value_entered_before_the_committed_time_is_refused(api, world, clock):
    plan_id = create_plan(api, world["grace"])
    assert api.post(f"/api/inspections/plans/{plan_id}/commit/", commit_data())[0] == 201
    status, body = api.post(f"/api/inspections/plans/{plan_id}/reveal/", {"value": VALUE})
    assert status == 409, body
    assert "之后取得" in body["detail"]
    assert not Task.objects.filter(plan_id=plan_id).exists()


def test_a_commitment_to_a_time_already_past_is_refused(api, world):
    plan_id = create_plan(api, world["grace"])
    status, body = api.post(f"/api/inspections/plans/{plan_id}/commit/",
                            commit_data(source_after="2026-03-01T20:00:00+08:00"))  # fmt: skip
    assert status == 400, body
    assert "必须晚于现在" in body["detail"]


def test_a_draw_is_never_repeated(api, world, clock):
    plan_id = create_plan(api, world["grace"])
    api.post(f"/api/inspections/plans/{plan_id}/commit/", commit_data())
    clock.move_to(REVEALED)
    assert (
        api.as_(world["grace"]).post(f"/api/inspections/plans/{plan_id}/reveal/", {"value": VALUE})[0] == 200
    )
    status, body = api.post(f"/api/inspections/plans/{plan_id}/reveal/", {"value": "01 02 03 04 05 06 + 07"})
    assert status == 409, body
    assert Draw.objects.get(plan_id=plan_id).value == VALUE


def test_an_officer_may_not_commit_and_a_supervisor_only_reads(api, world, judy):
    plan_id = create_plan(api, world["grace"])
    alice = world["inspectors"][0].user
    status, body = api.as_(alice).post(f"/api/inspections/plans/{plan_id}/commit/", commit_data())
    assert status == 403, body
    assert api.as_(judy).get(f"/api/inspections/plans/{plan_id}/")[0] == 200
    assert api.as_(judy).post(f"/api/inspections/plans/{plan_id}/commit/", commit_data())[0] == 403


def test_a_plan_with_a_team_of_one_is_refused(api, world):
    status, body = api.as_(world["grace"]).post("/api/inspections/plans/", plan_data(team_size=1))
    assert status == 400, body
    assert "不少于 2 人" in body["detail"]


def test_the_commitment_was_logged_before_the_value_existed(api, world, clock):
    plan_id = create_plan(api, world["grace"])
    api.post(f"/api/inspections/plans/{plan_id}/commit/", commit_data())
    clock.move_to(REVEALED)
    api.as_(world["grace"]).post(f"/api/inspections/plans/{plan_id}/reveal/", {"value": VALUE})
    events = {
        e.action: e for e in Event.objects.filter(subject_type="inspections.plan", subject_id=str(plan_id))
    }
    assert events["plan.commit"].created_at < AFTER < events["plan.draw"].created_at
    assert events["plan.commit"].seq < events["plan.draw"].seq


def test_the_published_record_verifies_against_the_commitment_published_before_the_draw(
    api, world, clock, tmp_path
):
    """What a member of the public does: note the commitment hash on the portal before the draw, download the
    record after it, and run ``sanxiang draw verify --commitment``; one changed byte makes it fail."""
    plan_id = create_plan(api, world["grace"])
    api.post(f"/api/inspections/plans/{plan_id}/commit/", commit_data())
    noted = PublishedPlan.objects.get(plan_id=plan_id).commitment["commitment_sha256"]
    assert noted in Client().get(f"/portal/choucha/{plan_id}/").content.decode()
    clock.move_to(REVEALED)
    api.as_(world["grace"]).post(f"/api/inspections/plans/{plan_id}/reveal/", {"value": VALUE})
    path = tmp_path / "draw.json"
    path.write_bytes(Client().get(f"/portal/choucha/{plan_id}/draw.json").content)
    out = io.StringIO()
    call_command("draw", "verify", str(path), "--commitment", noted, stdout=out)
    assert "验证通过" in out.getvalue()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(VALUE, VALUE.replace("12", "13"), 1), encoding="utf-8")
    with pytest.raises(CommandError) as failed:
        call_command("draw", "verify", str(path), "--commitment", noted, stdout=io.StringIO())
    assert failed.value.returncode == 1
