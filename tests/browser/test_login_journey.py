"""Journeys through the login page in a real Chromium, at phone and desktop widths.

Persona 张伟 (zhangwei): an officer of 卫生监督所, 某区卫生健康局, with a valid certificate.
"""

from __future__ import annotations

import pytest

from tests.web.people import PASSWORD, make_officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(params=sorted(VIEWPORTS))
def page(request, chromium, live_server):
    context = chromium.new_context(
        viewport=VIEWPORTS[request.param], locale="zh-CN", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.viewport_name = request.param
    yield page
    context.close()


def log_in(page, password: str) -> None:
    page.get_by_label("用户名").fill("zhangwei")
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_officer_logs_in_and_sees_the_workbench(page, screenshots):
    make_officer(expires_in_days=60)
    page.goto("/")
    assert page.url.endswith("/login/?next=/workbench/")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    page.screenshot(path=screenshots / f"login-{page.viewport_name}.png", full_page=True)

    log_in(page, PASSWORD)
    page.wait_for_url("**/workbench/")
    assert page.get_by_role("heading", name="工作台").is_visible()
    main = page.locator("main").inner_text()
    for text in ("张伟", "执法人员", "卫生监督所", "某区卫生健康局", "有效", "执法证将于 60 天后到期"):
        assert text in main
    # Nothing overflows sideways at phone width.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=screenshots / f"workbench-{page.viewport_name}.png", full_page=True)

    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login/")
    assert "您已安全退出" in page.locator("main").inner_text()


def test_five_wrong_passwords_lock_the_account(page, screenshots):
    make_officer()
    page.goto("/login/")
    for remaining in (4, 3, 2, 1):
        log_in(page, "wrong-password")
        assert f"用户名或密码错误，还可尝试 {remaining} 次" in page.get_by_role("alert").inner_text()
        # The error takes the focus, so a screen reader reads it at once.
        assert page.evaluate("document.activeElement.id") == "form-errors"
    log_in(page, "wrong-password")
    assert "账号已锁定，请于" in page.get_by_role("alert").inner_text()

    log_in(page, PASSWORD)
    assert page.url.endswith("/login/")
    assert "账号已锁定" in page.get_by_role("alert").inner_text()
    page.screenshot(path=screenshots / f"locked-{page.viewport_name}.png", full_page=True)


def test_officer_opens_two_factor_setup_and_sees_a_qr_code(page, screenshots):
    make_officer()
    page.goto("/login/")
    log_in(page, PASSWORD)
    page.get_by_role("link", name="设置双因素认证").click()
    page.wait_for_url("**/account/two-factor/")
    qr = page.get_by_role("img", name="绑定身份验证器的二维码")
    box = qr.locator("svg").bounding_box()
    assert box and box["width"] >= 150 and box["height"] >= 150
    assert page.get_by_label("动态验证码").is_visible()
    page.screenshot(path=screenshots / f"otp-enrol-{page.viewport_name}.png", full_page=True)
