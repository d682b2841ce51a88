"""The publicity journey in a real Chromium (issue 6, "Must show"):

佩吉 (peggy, 公示管理员) logs in, opens the pending disclosure of a decided case from the queue, sees the proposed
masks highlighted (the party's ID number), adds a mask over a trade secret by selecting it in the text, confirms
and publishes; then the public (a fresh context, no login, on a phone) searches the portal for the decision and
opens it — the ID number and the trade secret are masked; and an officer's QR code URL (printed from the
certificates page) shows the certificate's status. The clock is real (session cookies must not expire).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanxiang.accounts import services as accounts
from tests.cases import conftest as case_fixtures
from tests.factories import PASSWORD, CertificateFactory, OfficerFactory
from tests.publicity import conftest as publicity_fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

catalog = case_fixtures.catalog
grace = case_fixtures.grace
api = case_fixtures.api
peggy = publicity_fixtures.peggy

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
SECRET = "现场检查笔录"  # stands for a trade secret the officer marked (the text holds no real one)


@pytest.fixture
def team(catalog, local_storage, settings, alice, grace, dave, erin, enforcement_unit):
    """The case team of tests/cases without its frozen clock; documents seeded, issued without PDF."""
    from sanxiang.documents.services import document_types_seed

    settings.DOCUMENT_PDF = "0"
    document_types_seed()
    frank = OfficerFactory(username="frank", full_name="弗兰克", department=enforcement_unit)
    CertificateFactory(officer=frank, number="F-0001", fields=["public_places"])
    return {"alice": alice, "frank": frank, "grace": grace, "dave": dave, "erin": erin}


@pytest.fixture
def browser_context(chromium, live_server):
    contexts = []

    def make(viewport=DESKTOP):
        context = chromium.new_context(viewport=viewport, locale="zh-CN", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def test_admin_confirms_a_redaction_the_public_finds_the_decision_and_checks_an_officer(
    team, api, peggy, browser_context, screenshots
):
    case_id = publicity_fixtures.to_decided(api, team, None)
    certificate = accounts.certificate_issue(
        actor=None, officer=team["frank"], number="F-0002", field_codes=["public_places"],
        issued_on=timezone.localdate() - dt.timedelta(days=30), expires_on=timezone.localdate() + dt.timedelta(days=900),
    )  # fmt: skip
    id_number = publicity_fixtures.PERSON["id_number"]

    page = browser_context()
    page.goto("/login/")
    page.get_by_label("用户名").fill(peggy.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/")
    page.get_by_role("link", name="待审核公开").click()
    page.wait_for_url("**/publicity/")
    page.locator(".disclosures a").first.click()
    page.wait_for_url("**/publicity/disclosures/*/")
    text = page.locator("#served-text")
    assert page.locator('#served-text mark[data-kind="id_number"]').count() >= 1
    assert id_number not in text.inner_text()
    assert "已遮盖：身份证号码" in page.locator('#served-text mark[data-kind="id_number"]').first.inner_text()

    # Select the secret in the text with the mouse: the field fills itself; then add the mask.
    page.evaluate(
        """(needle) => {
            const root = document.getElementById('served-text');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(needle);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at); range.setEnd(node, at + needle.length);
                    const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
                    root.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
                    return;
                }
            }
        }""",
        SECRET,
    )
    assert page.get_by_label("要遮盖的文字").input_value() == SECRET
    page.get_by_label("类别").select_option("trade_secret")
    page.get_by_role("button", name="添加遮盖").click()
    page.wait_for_load_state()
    assert "已添加遮盖" in page.locator(".messages").inner_text()
    assert page.locator('#served-text mark[data-kind="trade_secret"]').count() >= 1
    page.get_by_role("button", name="确认遮盖并公开").click()
    page.wait_for_load_state()
    assert "已确认遮盖并在门户网站公开" in page.locator(".messages").inner_text()
    page.screenshot(path=str(screenshots / "publicity-confirmed.png"), full_page=True)

    # The public: no login, on a phone.
    public = browser_context(PHONE)
    public.goto("/portal/")
    public.get_by_label("关键词").first.fill("擅自营业")
    public.get_by_role("button", name="检索").first.click()
    public.wait_for_url("**/portal/decisions/**")
    from sanxiang.cases.models import Case

    number = Case.objects.get(pk=case_id).decision_number
    public.get_by_role("link", name=number).first.click()
    public.wait_for_url("**/portal/decisions/*/")
    body = public.locator("main").inner_text()
    assert number in body and id_number not in body and SECRET not in body
    assert id_number[:6] + "********" + id_number[-4:] in body
    public.screenshot(path=str(screenshots / "publicity-public-decision.png"), full_page=True)

    # The officer's QR code (from the printable page) leads to the live status.
    page.goto("/publicity/certificates/")
    card = page.locator(".qr-card").filter(has_text=certificate.number)
    url = card.locator(".qr-url a").get_attribute("href")
    assert card.locator("svg").count() == 1
    public.goto(url)
    assert "该执法证当前状态：有效" in public.locator("main").inner_text()
    accounts.certificate_change_status(
        actor=None, certificate=certificate, new_status="suspended", reason="调查"
    )
    public.reload()
    assert "该执法证当前状态：暂扣" in public.locator("main").inner_text()
