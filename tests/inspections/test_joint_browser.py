"""The plan form in a real Chromium on a phone: 格蕾丝 (grace) makes a joint plan (联合抽查) with an item of her own
department and one of 疾病预防控制科, and the saved plan shows both departments' items and the joint flag."""

from __future__ import annotations

import io

import pytest

from sanxiang.accounts.models import Department
from sanxiang.catalog.models import InspectionItem
from sanxiang.inspections.models import Plan
from tests.factories import PASSWORD, DepartmentFactory
from tests.inspections.conftest import LODGING

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATER = "insp.drinking_water.central"


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(
        viewport={"width": 360, "height": 780}, locale="zh-CN", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_joint_plan_is_made_on_the_form_on_a_phone(page, grace, enforcement_unit):
    from sanxiang.catalog.demo import load_demo

    load_demo(io.StringIO())
    water_unit = DepartmentFactory(
        agency=enforcement_unit.agency, name="疾病预防控制科", kind=Department.Kind.ENFORCEMENT
    )
    items = InspectionItem.objects.current()

    page.goto("/inspections/plans/new/")
    page.get_by_label("用户名").fill("grace")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/inspections/plans/new/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_label("计划名称").fill("联合抽查：住宿场所与二次供水")
    page.locator(f'input[name="items"][value="{items.get(code=LODGING).pk}"]').check()
    page.get_by_label("联合部门 1", exact=True).select_option(str(water_unit.pk))
    page.get_by_label("联合部门 1 实施的事项").select_option(str(items.get(code=WATER).pk))
    page.get_by_label("B 级抽查比例（%）").fill("50")
    page.get_by_label("检查开始日期").fill("2026-03-09")
    page.get_by_label("检查结束日期").fill("2026-06-30")
    page.get_by_role("button", name="保存计划").click()
    page.wait_for_url("**/inspections/plans/*/")

    plan = Plan.objects.get(title="联合抽查：住宿场所与二次供水")
    assert {(i.item.code, i.department_id) for i in plan.items.select_related("item")} == {
        (LODGING, grace.department_id),
        (WATER, water_unit.pk),
    }
    main = page.locator("main").inner_text()
    assert "联合抽查" in main and "每组须覆盖各部门事项的执法类别" in main
