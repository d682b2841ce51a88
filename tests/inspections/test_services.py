"""The services behind the cycle: the directory (availability, recusal), frozen inputs, cancellation, what
the public may see, results and their deadline."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from sanxiang.catalog.models import InspectionItem
from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.inspections import directory_services, result_services, services
from sanxiang.inspections.models import InspectorRecusal, Plan, PublishedPlan, Task
from sanxiang.records.models import Event
from tests.inspections.conftest import AFTER, LODGING, LOTTERY, REVEALED, VALUE, TargetFactory

pytestmark = pytest.mark.django_db


def make_plan(grace, **kw) -> Plan:
    item = InspectionItem.objects.current().get(code=LODGING)
    data = {
        "title": "住宿场所抽查",
        "items": [(item, grace.department)],
        "ratios": {"A": "1", "B": "1", "D": "1"},
        "industries": ["公共场所-住宿场所"],
        "period_start": dt.date(2026, 3, 9),
        "period_end": dt.date(2026, 6, 30),
        "frequency": "每年 1 次",
        **kw,
    }
    return services.plan_create(actor=grace, **data)


def commit(grace, plan):
    return services.plan_commit(actor=grace, plan=plan, source_name=LOTTERY, source_after=AFTER)


def reveal(grace, plan, clock):
    clock.move_to(REVEALED)
    return services.draw_reveal(actor=grace, plan=Plan.objects.get(pk=plan.pk), value=VALUE)


def test_a_declared_recusal_is_published_as_an_opaque_pair_without_its_reason(world, clock):
    grace, alice = world["grace"], world["inspectors"][0]
    target = world["targets"][0]
    directory_services.recusal_declare(actor=grace, inspector=alice, target=target, kind="relative",
                                       reason="其配偶为该宾馆法定代表人")  # fmt: skip
    plan = make_plan(grace)
    row = commit(grace, plan)
    assert [alice.public_id, target.credit_code] in row.inputs["recusals"]
    reveal(grace, plan, clock)
    task = Task.objects.get(plan=plan, target=target)
    assert alice.pk not in task.members.values_list("inspector_id", flat=True)
    published = PublishedPlan.objects.get(plan_id=plan.pk)
    text = json.dumps([published.commitment, published.record], ensure_ascii=False)
    assert "配偶" not in text and "relative" not in text
    assert alice.user.full_name not in text and "爱丽丝" not in text
    page = Client().get(f"/portal/choucha/{plan.pk}/").content.decode()
    assert "爱丽丝" not in page and "配偶" not in page
    # The reason went into the log as a commitment, not as a readable payload.
    event = Event.objects.get(action="inspector.recusal")
    assert "配偶" not in event.entry


def test_who_inspected_a_target_within_twelve_months_is_recused_from_it(world, clock, settings):
    grace = world["grace"]
    first = make_plan(grace, title="第一轮")
    commit(grace, first)
    reveal(grace, first, clock)
    task = Task.objects.filter(plan=first).order_by("number").first()
    team = {m.inspector.public_id for m in task.members.select_related("inspector")}
    clock.move_to(REVEALED + dt.timedelta(days=1))
    second = make_plan(grace, title="第二轮")
    services.plan_commit(actor=grace, plan=second, source_name=LOTTERY,
                         source_after=REVEALED + dt.timedelta(days=2))  # fmt: skip
    pairs = {tuple(p) for p in second.commitment.inputs["recusals"]}
    assert {(pid, task.target.credit_code) for pid in team} <= pairs

    settings.INSPECTION_RECUSAL_MONTHS = 0
    third = make_plan(grace, title="第三轮")
    services.plan_commit(
        actor=grace, plan=third, source_name=LOTTERY, source_after=REVEALED + dt.timedelta(days=2)
    )
    assert third.commitment.inputs["recusals"] == []


def test_an_unavailable_inspector_and_one_outside_the_directory_are_not_in_the_inputs(world, olga):
    grace, frank = world["grace"], world["inspectors"][1]
    directory_services.inspector_set_availability(actor=grace, inspector=frank, available=False,
                                                  unavailable_from=dt.date(2026, 3, 1), reason="病假")  # fmt: skip
    row = commit(grace, make_plan(grace))
    ids = [i["id"] for i in row.inputs["inspectors"]]
    assert frank.public_id not in ids and len(ids) == 3
    assert all("olga" not in json.dumps(i) for i in row.inputs["inspectors"])


def test_the_draw_uses_the_inputs_frozen_at_commit(world, clock):
    grace = world["grace"]
    plan = make_plan(grace)
    row = commit(grace, plan)
    late = TargetFactory(risk_class="A")  # added after the commitment
    reveal(grace, plan, clock)
    assert not Task.objects.filter(plan=plan, target=late).exists()
    assert Task.objects.filter(plan=plan).count() == len(row.inputs["targets"]) == 12


def test_a_cancelled_commitment_is_published_with_its_reason(world):
    grace = world["grace"]
    plan = make_plan(grace)
    commit(grace, plan)
    services.plan_cancel(actor=grace, plan=plan, reason="上级部署专项检查，本轮改为专项")
    published = PublishedPlan.objects.get(plan_id=plan.pk)
    assert published.status == "cancelled"
    assert published.cancellation["reason"] == "上级部署专项检查，本轮改为专项"
    assert "上级部署专项检查" in Client().get(f"/portal/choucha/{plan.pk}/").content.decode()
    with pytest.raises(Conflict):
        commit(grace, Plan.objects.get(pk=plan.pk))


def test_a_drawn_plan_cannot_be_cancelled(world, clock):
    grace = world["grace"]
    plan = make_plan(grace)
    commit(grace, plan)
    reveal(grace, plan, clock)
    with pytest.raises(Conflict):
        services.plan_cancel(actor=grace, plan=Plan.objects.get(pk=plan.pk), reason="不想查了")


def test_a_result_starts_the_twenty_working_day_deadline_and_feeds_the_target(world, clock):
    grace = world["grace"]
    plan = make_plan(grace)
    commit(grace, plan)
    reveal(grace, plan, clock)
    task = Task.objects.filter(plan=plan).first()
    member = task.members.first().inspector.user
    with pytest.raises(InvalidInput):
        result_services.result_record(actor=member, task=task, outcome="compliant", inspected_on=dt.date(2026, 3, 4),
                                      site_record="")  # fmt: skip
    result = result_services.result_record(actor=member, task=task, outcome="rectify",
                                           inspected_on=dt.date(2026, 3, 4), site_record="毛巾未消毒")  # fmt: skip
    assert result.deadline.due_on == dt.date(2026, 4, 1)
    assert result.deadline.legal_basis.startswith("国办发〔2018〕118号")
    task.target.refresh_from_db()
    assert task.target.last_inspected_on == dt.date(2026, 3, 4) and task.target.last_result == "责令整改"
    assert Event.objects.filter(action="target.inspected", subject_id=str(task.target_id)).exists()
    with pytest.raises(Conflict):
        result_services.result_record(actor=member, task=task, outcome="compliant",
                                      inspected_on=dt.date(2026, 3, 4), site_record="再录一次")  # fmt: skip


def test_results_cannot_be_published_before_the_tasks(world, clock):
    grace = world["grace"]
    plan = make_plan(grace)
    commit(grace, plan)
    reveal(grace, plan, clock)
    with pytest.raises(Conflict):
        result_services.results_publish(actor=grace, plan=Plan.objects.get(pk=plan.pk))


def test_a_recusal_reason_is_required_and_declared_once(world):
    grace, alice, target = world["grace"], world["inspectors"][0], world["targets"][0]
    with pytest.raises(InvalidInput):
        directory_services.recusal_declare(
            actor=grace, inspector=alice, target=target, kind="relative", reason=" "
        )
    directory_services.recusal_declare(actor=alice.user, inspector=alice, target=target, kind="former_employment",
                                       reason="2024 年前在该宾馆任职")  # fmt: skip
    with pytest.raises(Conflict):
        directory_services.recusal_declare(
            actor=grace, inspector=alice, target=target, kind="relative", reason="x"
        )
    assert InspectorRecusal.objects.count() == 1
