"""The import page in a real Chromium: 格蕾丝 (grace, unit head) uploads a file, sees the progress page, the
worker imports it, and the page's script notices and shows the outcome and the per-row report."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.factories import PASSWORD
from tests.inspections.test_import_support import rows, write_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_upload_progress_and_report_on_a_phone(page, grace, local_storage, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    records = rows(4)
    records[2]["风险等级"] = "甲"
    path = write_csv(tmp_path / "名录.csv", records)

    page.goto("/inspections/targets/import/")
    page.get_by_label("用户名").fill("grace")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/inspections/targets/import/")

    page.get_by_label("文件（.xlsx 或 .csv）").set_input_files(str(path))
    page.get_by_label("只导入有效行").check()
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_url("**/inspections/targets/import/*/")
    assert page.locator("progress").count() == 1
    assert "排队中" in page.locator("main").inner_text()

    call_command("worker", "--once")

    # The script polls the status and reloads the page when the run has finished.
    page.get_by_text("已导入：新增 3 个").wait_for()
    main = page.locator("main").inner_text()
    assert "1 行有错误未导入" in main
    assert "第 4 行" in main and "“甲”不是风险等级" in main
    assert page.locator("progress").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("link", name="返回名录").click()
    assert "共 3 个检查对象" in page.locator("main").inner_text()
