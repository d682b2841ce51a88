"""A general-procedure case in a real Chromium, each person in their own browser context:

爱丽丝 (alice, officer, on a 360px phone) files the case source and records the inspection with the party's
signature drawn on the signature pad; 格蕾丝 (grace, unit head) approves 立案 and ends the investigation; 戴夫
(dave, legal reviewer with 法律职业资格 in 法制科) returns it with a finding (存在问题); alice fixes and resubmits;
dave agrees (同意); alice drafts and issues the 行政处罚事先告知书 in the case's 文书, serves it and records that the
party waives statement and hearing; alice drafts the 行政处罚决定书, 伊琳 (erin, leader) issues it and decides
(the case takes the issued decision's 文号). The clock is real (session cookies must not expire in the
browser's past).
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.cases import conftest as case_fixtures
from tests.cases.conftest import ITEM
from tests.factories import PASSWORD, CertificateFactory, OfficerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

catalog = case_fixtures.catalog  # the demo catalog seed
grace = case_fixtures.grace  # 格蕾丝, unit head of 卫生监督所
document_storage = case_fixtures.document_storage  # issued .docx files under the test's folder
document_types = case_fixtures.document_types  # the standard documents and their default templates

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
CHECKLIST = ("subject", "officers", "procedure", "facts", "evidence", "law", "discretion", "authority",
             "documents", "crime")  # fmt: skip


@pytest.fixture
def partner(enforcement_unit):
    """弗兰克, a second officer with a valid certificate in 公共场所卫生 (two officers for every activity)."""
    officer = OfficerFactory(username="frank", full_name="弗兰克", department=enforcement_unit)
    CertificateFactory(officer=officer, number="F-0001", fields=["public_places"])
    return officer


@pytest.fixture
def open_as(chromium, live_server):
    contexts = []

    def login(user, viewport=DESKTOP):
        context = chromium.new_context(viewport=viewport, locale="zh-CN", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/login/")
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/workbench/")
        return page

    yield login
    for context in contexts:
        context.close()


def status_of(page) -> str:
    return page.locator("#case-status").inner_text()


def draft_document(page, name: str) -> None:
    """起草 a document from the case page's 文书 section; the edit page opens pre-filled; save it as it is."""
    page.get_by_role("button", name=f"起草《{name}》").click()
    page.wait_for_url("**/documents/*/")
    assert "已起草" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()


def issue_document(page, name: str) -> None:
    page.get_by_role("button", name=f"签发《{name}》").click()
    page.wait_for_load_state()
    assert f"《{name}》已签发" in page.locator(".messages").inner_text(), page.locator("main").inner_text()


def do_action(page, label: str, fill=None) -> None:
    """Open the action's small form on the case page, fill it, press its button."""
    box = page.locator("details.action").filter(has=page.get_by_text(label, exact=True))
    box.locator("summary").click()
    if fill:
        fill(box)
    box.get_by_role("button", name=label).click()
    page.wait_for_load_state()
    assert "已办理" in page.locator(".messages").inner_text(), page.locator("main").inner_text()


def submit_for_review(page, report: str) -> None:
    def fill(box):
        box.get_by_label("调查终结报告").fill(report)
        box.get_by_label("拟作出的处理决定").fill("警告并处罚款人民币叁仟元")
        box.get_by_label("理由和依据").fill("《公共场所卫生管理条例》第十四条")
        box.get_by_label("证据清单").fill("现场检查笔录、照片")

    do_action(page, "提交法制审核", fill)


def sign_opinion(page, case_url: str, problem: str = "") -> None:
    page.goto(case_url)
    page.get_by_role("link", name="法制审核").click()
    page.wait_for_url("**/review/")
    assert "证据是否合法充分" in page.locator("main").inner_text()
    for code in CHECKLIST:
        page.locator(f'input[name="{code}_ok"][value="1"]').check()
    if problem:
        page.locator('input[name="evidence_ok"][value="0"]').check()
        page.locator('textarea[name="evidence_note"]').fill(problem)
    page.get_by_role("button", name="签署审核意见").click()
    page.wait_for_url(case_url)


def draw_signature(page, pad: str = '[data-signature-for="id_signature"]') -> None:
    """Draw on a signature pad with the mouse: the party's by default, or ``pad`` (a CSS selector)."""
    canvas = page.locator(f"{pad} canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + w * 0.1, y + h * 0.6)
    page.mouse.down()
    for i in range(1, 21):  # a wavy stroke: 王某
        page.mouse.move(x + w * (0.1 + 0.04 * i), y + h * (0.6 - 0.3 * (i % 2)), steps=3)
    page.mouse.up()
    page.mouse.move(x + w * 0.3, y + h * 0.2)
    page.mouse.down()
    page.mouse.move(x + w * 0.35, y + h * 0.85, steps=8)
    page.mouse.up()


def sign_as_officers(page, *officers) -> None:
    """Each participating officer signs on their own pad (执法人员签名：<name>)."""
    for officer in officers:
        pad = f'[data-officer-pad="{officer.pk}"]'
        assert page.locator(f"{pad} legend").inner_text() == f"执法人员签名：{officer}"
        draw_signature(page, pad)
        value = page.locator(f'input[name="officer_signature_{officer.pk}"]').input_value()
        assert value.startswith("data:image/png;base64,")


def test_officer_files_inspects_reviewer_returns_then_agrees_and_leader_decides(
    open_as, catalog, document_types, alice, partner, grace, dave, erin, screenshots
):
    # 爱丽丝 on her phone: 案源登记.
    officer = open_as(alice, PHONE)
    officer.get_by_role("link", name="案源登记").click()
    officer.wait_for_url("**/cases/new/")
    officer.get_by_label("执法事项").select_option(ITEM)
    officer.get_by_label("当事人名称或姓名").fill("某某洗浴中心有限公司")
    officer.get_by_label("住所或地址").fill("某路 1 号")
    officer.get_by_label("违法事实").fill("未取得卫生许可证擅自营业")
    occurred = timezone.localdate() - datetime.timedelta(days=3)
    officer.get_by_label("违法行为发生日期").fill(occurred.isoformat())
    officer.get_by_label("警告").check()
    officer.get_by_label("罚款", exact=True).check()
    officer.get_by_label("拟罚款金额（元）").fill("3000")
    officer.get_by_label("协办人员").select_option(str(partner.pk))
    officer.get_by_role("button", name="登记案源").click()
    officer.wait_for_url("**/cases/*/")
    case_url = officer.url
    assert "案源已登记" in officer.locator(".messages").inner_text()
    assert status_of(officer) == "案源登记"
    assert "/do/file/" not in officer.content()  # 立案 is the unit head's
    assert officer.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # 格蕾丝 approves 立案.
    head = open_as(grace)
    head.goto(case_url)
    do_action(head, "立案")
    assert status_of(head) == "调查取证"

    # 爱丽丝 records the inspection; she, 弗兰克 and the party sign on their pads.
    officer.goto(case_url)
    officer.get_by_role("link", name="调查取证（检查、询问、采样）（填写执法活动）").click()
    officer.wait_for_url("**/activities/new/**")
    assert officer.get_by_label("活动类别").input_value() == "inspection"
    officer.get_by_label("地点").fill("某路 1 号 某某洗浴中心")
    officer.get_by_label("已向当事人出示执法证件").check()
    officer.get_by_label("笔录内容").fill("经现场检查，该单位未取得公共场所卫生许可证，正在营业。")
    officer.get_by_label("当事人（签名人）姓名").fill("王某")
    sign_as_officers(officer, alice, partner)
    draw_signature(officer)
    signature = officer.locator('input[name="signature"]').input_value()
    assert signature.startswith("data:image/png;base64,")
    assert officer.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    officer.screenshot(path=screenshots / "case-activity-signature-phone.png", full_page=True)
    officer.get_by_role("button", name="保存执法活动").click()
    officer.wait_for_url(case_url)
    assert "现场检查已记录并完成" in officer.locator(".messages").inner_text()
    assert "当事人已签名" in officer.locator("main").inner_text()
    officer.screenshot(path=screenshots / "case-page-phone.png", full_page=True)

    # 格蕾丝 ends the investigation; 爱丽丝 submits for legal review.
    head.goto(case_url)
    do_action(head, "调查终结")
    officer.goto(case_url)
    submit_for_review(officer, "调查终结报告：事实清楚")
    assert status_of(officer) == "法制审核"

    # 戴夫 returns it with a finding.
    reviewer = open_as(dave)
    assert "待法制审核" in reviewer.locator("main").inner_text()
    sign_opinion(reviewer, case_url, problem="缺少营业时间的证据")
    assert "存在问题" in reviewer.locator(".messages").inner_text()

    # 爱丽丝 sees the finding, fixes the report and resubmits; 戴夫 agrees.
    officer.goto(case_url)
    main = officer.locator("main").inner_text()
    assert "存在问题" in main and "缺少营业时间的证据" in main
    assert status_of(officer) == "调查终结"
    submit_for_review(officer, "调查终结报告：已补充营业时间的证据（收银记录）")
    sign_opinion(reviewer, case_url)
    assert "同意" in reviewer.locator(".messages").inner_text()
    assert status_of(reviewer) == "审核通过"

    # 事先告知: no notice is served before the 告知书 is issued; the officer drafts and issues it.
    officer.goto(case_url)
    assert "暂不能送达事先告知书" in officer.locator("main").inner_text()
    draft_document(officer, "行政处罚事先告知书")
    issue_document(officer, "行政处罚事先告知书")
    notice = officer.locator(".document").filter(has_text="行政处罚事先告知书")
    assert "已签发" in notice.inner_text() and "告〔" in notice.inner_text()
    assert notice.get_by_role("link", name="下载 .docx").is_visible()
    officer.screenshot(path=screenshots / "case-documents-phone.png", full_page=True)
    # The party waives statement and hearing; the statement period is closed.
    do_action(officer, "送达事先告知书")
    assert status_of(officer) == "事先告知（陈述申辩）"

    def waive(box):
        box.get_by_label("当事人放弃陈述、申辩").check()
        box.get_by_label("当事人放弃听证").check()

    do_action(officer, "记录陈述、申辩", waive)
    do_action(officer, "陈述申辩期满")
    assert status_of(officer) == "待决定"

    # The officer drafts the decision; 伊琳, the leader, issues it and decides.
    draft_document(officer, "行政处罚决定书")
    assert officer.get_by_role("button", name="签发《行政处罚决定书》").count() == 0  # the leader's
    leader = open_as(erin)
    assert "待决定" in leader.locator("main").inner_text()
    leader.goto(case_url)
    assert "请先在案件的“文书”中起草并签发《行政处罚决定书》" in leader.locator("main").inner_text()
    issue_document(leader, "行政处罚决定书")
    do_action(leader, "作出处罚决定")  # the 文号 is the issued decision's
    assert status_of(leader) == "已决定（待送达）"
    number = leader.locator(".document").filter(has_text="行政处罚决定书").inner_text()
    assert "罚〔" in number and "决定书文号" in leader.locator("main").inner_text()
    assert "作出处罚决定" in leader.locator(".timeline").inner_text()
    leader.screenshot(path=screenshots / "case-decided-desktop.png", full_page=True)


def test_activity_form_keeps_a_draft_across_a_reload_and_an_idle_logout(
    open_as, catalog, alice, partner, grace, screenshots
):
    from sanxiang.cases import services
    from sanxiang.catalog.selectors import item_in_force

    case = services.case_register(
        actor=alice, item=item_in_force(code=ITEM, on=timezone.localdate()), procedure="general",
        source="投诉举报", party={"kind": "organisation", "name": "某某宾馆"},
        officers=[(alice, "lead"), (partner, "assistant")], facts="未取得卫生许可证擅自营业",
        violation_occurred_on=timezone.localdate() - datetime.timedelta(days=3),
    )  # fmt: skip
    services.case_file(actor=grace, case=case)
    officer = open_as(alice, PHONE)
    form_url = f"/cases/{case.pk}/activities/new/?kind=inspection"
    officer.goto(form_url)
    officer.get_by_label("地点").fill("某宾馆二楼")
    officer.get_by_label("笔录内容").fill("客房床上用品未做到一客一换。")
    draw_signature(officer)

    officer.reload()
    assert "已恢复上次未提交的草稿" in officer.locator("main").inner_text()
    assert officer.get_by_label("地点").input_value() == "某宾馆二楼"
    assert officer.locator('input[name="signature"]').input_value().startswith("data:image/png")

    # The session ends (idle timeout); after logging in again the draft is still there.
    officer.context.clear_cookies()
    officer.goto(form_url)
    officer.wait_for_url("**/login/**")
    officer.get_by_label("用户名").fill(alice.username)
    officer.get_by_label("密码").fill(PASSWORD)
    officer.get_by_role("button", name="登录").click()
    officer.wait_for_load_state()
    officer.goto(form_url)
    assert officer.get_by_label("笔录内容").input_value() == "客房床上用品未做到一客一换。"
    officer.screenshot(path=screenshots / "case-activity-draft-restored-phone.png", full_page=True)

    # Saved: the draft is cleared.
    officer.get_by_label("已向当事人出示执法证件").check()
    partner_box = officer.locator(f'input[name="officers"][value="{partner.pk}"]')
    partner_box.uncheck()  # only the ticked officers' pads are shown
    assert officer.locator(f'[data-officer-pad="{partner.pk}"]').is_hidden()
    partner_box.check()
    sign_as_officers(officer, alice, partner)
    officer.get_by_role("button", name="保存执法活动").click()
    officer.wait_for_url(f"**/cases/{case.pk}/")
    officer.goto(form_url)
    assert "已恢复上次未提交的草稿" not in officer.locator("main").inner_text()
    assert officer.get_by_label("地点").input_value() == ""
