"""The publicity admin's screens through HTTP: queue, review page with highlighted masks, add/remove a mask,
confirm; who may see and act; the registry button; the printable QR codes."""

from __future__ import annotations

import pytest
from django.test import Client

from sanxiang.accounts import services as accounts
from sanxiang.portal.models import PublishedDecision, RegistryVersion
from sanxiang.publicity.models import Disclosure
from tests.publicity.conftest import PERSON


@pytest.fixture
def client_as():
    def login(user):
        client = Client()
        client.force_login(user)
        return client

    return login


def test_the_queue_and_the_review_page_show_the_masks_highlighted(decided_case, peggy, client_as):
    client = client_as(peggy)
    disclosure = Disclosure.objects.get(case_id=decided_case)
    page = client.get("/publicity/").content.decode()
    assert disclosure.number in page and f"/publicity/disclosures/{disclosure.pk}/" in page
    page = client.get(f"/publicity/disclosures/{disclosure.pk}/").content.decode()
    assert '<mark class="mask mask--id_number" data-kind="id_number">' in page
    assert "［已遮盖：身份证号码］" in page  # read out by screen readers
    text_block = page.split('id="served-text">', 1)[1].split("</div>", 1)[0]
    assert PERSON["id_number"] not in text_block
    assert "待审核公开" in client.get("/workbench/").content.decode()


def test_the_admin_adds_a_mask_removes_one_and_confirms_over_http(decided_case, peggy, client_as):
    client = client_as(peggy)
    disclosure = Disclosure.objects.get(case_id=decided_case)
    base = f"/publicity/disclosures/{disclosure.pk}"
    response = client.post(f"{base}/masks/", {"text": "找不到的文字", "kind": "trade_secret"})
    assert response.status_code == 400 and "没有这段文字" in response.content.decode()
    assert client.post(f"{base}/masks/", {"text": "现场检查笔录", "kind": "trade_secret"}).status_code == 302
    mask = disclosure.masks.filter(kind="trade_secret").first()
    response = client.post(f"{base}/masks/{mask.pk}/remove/", {"reason": ""})
    assert response.status_code == 400
    assert client.post(f"{base}/masks/{mask.pk}/remove/", {"reason": "并非商业秘密"}).status_code == 302
    assert client.post(f"{base}/confirm/").status_code == 302
    row = PublishedDecision.objects.get(disclosure_id=disclosure.pk)
    assert PERSON["id_number"] not in row.text and "现场检查笔录" in row.text
    response = client.post(f"{base}/confirm/")
    assert response.status_code == 409 and "已公开" in response.content.decode()


def test_others_cannot_act_and_other_agencies_see_nothing(decided_case, team, judy, client_as, peggy):
    disclosure = Disclosure.objects.get(case_id=decided_case)
    base = f"/publicity/disclosures/{disclosure.pk}"
    assert client_as(team["alice"]).get(base + "/").status_code == 404  # an officer: not publicity staff
    assert client_as(judy).get(base + "/").status_code == 200  # the supervisor reads …
    response = client_as(judy).post(base + "/confirm/")
    assert response.status_code == 403  # … and may not publish
    from tests.factories import AgencyFactory, DepartmentFactory, UserFactory

    other = DepartmentFactory(agency=AgencyFactory(name="某县卫生健康局"), name="办公室", kind="office")
    stranger = UserFactory(username="olga", department=other, roles=["publicity_admin"])
    assert client_as(stranger).get(base + "/").status_code == 404
    assert client_as(stranger).post(base + "/confirm/").status_code == 404
    assert not PublishedDecision.objects.exists()


def test_the_registry_button_and_the_printable_qr_codes(team, peggy, client_as, settings):
    settings.PUBLIC_URL = "https://zhifa.example.gov.cn"
    accounts.certificate_issue(actor=None, officer=team["alice"], number="A-0009", field_codes=["public_places"],
                               issued_on=team["alice"].certificates.first().issued_on,
                               expires_on=team["alice"].certificates.first().expires_on)  # fmt: skip
    client = client_as(peggy)
    response = client.post("/publicity/registry/publish/", follow=True)
    assert "已发布新版本" in response.content.decode() and RegistryVersion.objects.count() == 10
    page = client.get("/publicity/certificates/").content.decode()
    from sanxiang.portal.models import PublicCertificate

    token = PublicCertificate.objects.get(number="A-0009").token
    assert f"https://zhifa.example.gov.cn/portal/check/{token}/" in page and "<svg" in page
