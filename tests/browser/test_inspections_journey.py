"""A 双随机 plan in a real Chromium, each person in their own browser context:

格蕾丝 (grace, unit head) makes a plan for 住宿场所, commits it to a named randomness source a few seconds ahead,
enters the value once that time has passed, draws, and publishes the task list; 爱丽丝 (alice, officer, on a
360px phone) opens her task, records a finding with the scanned 现场笔录 attached, and opens a case from it;
grace publishes the results; an anonymous visitor reads the commitment, draw record and results on the portal
and sees no officer's name.

The targets come in through the target import page (a .csv uploaded by grace; the worker — run here with
``worker --once``, as in production — imports it in the background). The clock is real (session cookies must not expire in the browser's past), so the commitment names a
time three seconds ahead and the test waits for it before entering the value.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.inspections import draw
from sanxiang.inspections.directory_services import inspector_register
from sanxiang.inspections.models import Plan, Result, Target
from tests.factories import PASSWORD, CertificateFactory, OfficerFactory, UserFactory
from tests.inspections.conftest import TargetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def people(enforcement_unit, local_storage):
    from sanxiang.accounts.models import Role
    from sanxiang.catalog.demo import load_demo

    load_demo(__import__("io").StringIO())
    grace = UserFactory(
        username="grace", full_name="格蕾丝", department=enforcement_unit, roles=[Role.UNIT_HEAD]
    )
    officers = []
    for username, name in (("alice", "爱丽丝"), ("frank", "弗兰克")):
        person = OfficerFactory(username=username, full_name=name, department=enforcement_unit)
        CertificateFactory(officer=person, number=f"{username.upper()}-1", fields=["public_places"])
        officers.append(person)
        inspector_register(actor=grace, user=person, regions=["东街道"])
    return {"grace": grace, "alice": officers[0], "frank": officers[1]}


@pytest.fixture
def open_as(chromium, live_server):
    contexts = []

    def login(user=None, viewport=DESKTOP):
        context = chromium.new_context(viewport=viewport, locale="zh-CN", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if user is None:
            return page
        page.goto("/login/")
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/workbench/")
        return page

    yield login
    for context in contexts:
        context.close()


def write_targets_csv(path) -> None:
    """Three 住宿场所 of risk class B, in the import's column names (docs/targets-import.md)."""
    codes = [TargetFactory.build().credit_code for _ in range(3)]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["统一社会信用代码", "名称", "所属区域", "行业类别", "风险等级"])
        for n, code in enumerate(codes, 1):
            writer.writerow([code, f"东街宾馆{n}号店", "东街道", "公共场所-住宿场所", "B"])


def test_import_plan_commit_draw_publish_result_case_in_chromium(
    open_as, people, tmp_path, screenshots, settings
):
    settings.DATA_DIR = tmp_path / "data"  # the import's progress file
    grace_page = open_as(people["grace"])
    today = timezone.localdate()

    # 导入检查对象名录 through the import page; the worker imports it.
    targets_csv = tmp_path / "名录.csv"
    write_targets_csv(targets_csv)
    grace_page.goto("/inspections/targets/import/")
    grace_page.get_by_label("文件（.xlsx 或 .csv）").set_input_files(str(targets_csv))
    grace_page.get_by_role("button", name="上传并导入").click()
    call_command("worker", "--once")
    grace_page.reload()
    assert "已导入" in grace_page.locator("main").inner_text(), grace_page.locator("main").inner_text()
    assert Target.objects.count() == 3

    # 制定抽查计划
    grace_page.goto("/inspections/")
    grace_page.get_by_role("link", name="制定抽查计划").click()
    grace_page.get_by_label("计划名称").fill("住宿场所卫生双随机抽查（浏览器）")
    grace_page.get_by_label("公共场所卫生监督抽查 · 住宿场所（第 1 版）").check()
    grace_page.get_by_label("B 级抽查比例（%）").fill("100")
    grace_page.get_by_label("检查开始日期").fill((today + dt.timedelta(days=1)).isoformat())
    grace_page.get_by_label("检查结束日期").fill((today + dt.timedelta(days=60)).isoformat())
    grace_page.get_by_role("button", name="保存计划").click()
    assert grace_page.locator("#plan-status").inner_text() == "草稿"
    plan = Plan.objects.get(title="住宿场所卫生双随机抽查（浏览器）")

    # 提交承诺: a value taken after a moment three seconds ahead.
    after = timezone.localtime() + dt.timedelta(seconds=3)
    grace_page.get_by_role("link", name="提交承诺").click()
    grace_page.get_by_label("随机源").fill("演示随机源（测试）")
    grace_page.get_by_label("取值时间（北京时间）").fill(after.strftime("%Y-%m-%dT%H:%M:%S"))
    grace_page.get_by_role("button", name="提交并公开承诺").click()
    assert grace_page.locator("#plan-status").inner_text() == "已承诺（待抽取）"

    # The commitment is public before the value exists.
    visitor = open_as()
    visitor.goto(f"/portal/choucha/{plan.pk}/")
    assert "承诺总哈希" in visitor.locator("main").inner_text()

    while timezone.now() <= after:  # wait for the committed moment to pass (not a timing assertion)
        time.sleep(0.2)
    grace_page.get_by_role("link", name="录入随机数并抽取").click()
    grace_page.get_by_label("随机源公布的数值").fill("05 09 16 22 27 33 + 08")
    grace_page.get_by_role("button", name="抽取").click()
    assert grace_page.locator("#plan-status").inner_text() == "已抽取"
    grace_page.get_by_role("button", name="公示检查任务").click()
    assert grace_page.locator("#plan-status").inner_text() == "已公示任务"

    # 爱丽丝 on her phone: her task, a finding, the scanned site record.
    scan = tmp_path / "xianchang-bilu.pdf"
    scan.write_bytes(b"%PDF-1.4\n% site record scan\n")
    alice = open_as(people["alice"], viewport=PHONE)
    alice.goto("/inspections/tasks/")
    alice.locator(".case-list a").first.click()
    alice.get_by_label("检查结论").select_option(label="发现违法行为")
    alice.get_by_label("现场笔录", exact=True).fill("前台未能出示公共场所卫生许可证，正在营业。")
    alice.get_by_label("公开的检查情况").fill("未取得卫生许可证擅自营业。")
    alice.get_by_label("现场笔录扫描件或照片").set_input_files(str(scan))
    alice.get_by_role("button", name="保存检查结果").click()
    assert alice.locator("#result-outcome").inner_text() == "发现违法行为", alice.locator("main").inner_text()
    alice.screenshot(path=str(screenshots / "inspections-result-phone.png"), full_page=True)
    result = Result.objects.get(task__plan=plan)
    assert result.site_record_item is not None

    # grace publishes the results; alice opens the case from her finding.
    grace_page.reload()
    grace_page.get_by_role("button", name="公示检查结果").click()
    assert "已办理" in grace_page.locator(".messages").inner_text()
    alice.reload()
    alice.get_by_label("执法事项（违法行为）").select_option(value="public_places.unlicensed")
    alice.get_by_role("button", name="登记案源").click()
    alice.wait_for_url("**/cases/*/")
    case = Case.objects.get(pk=Result.objects.get(pk=result.pk).case_id)
    assert case.source.startswith("双随机抽查")

    # The public sees the record, the tasks and the result, and no officer's name.
    visitor.goto(f"/portal/choucha/{plan.pk}/")
    text = visitor.locator("main").inner_text()
    assert "未取得卫生许可证擅自营业" in text
    assert "爱丽丝" not in text and "弗兰克" not in text
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="下载抽取记录（JSON）").click()
    record = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert draw.verify(record) == []
