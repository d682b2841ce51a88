"""亮证: the officer check page a certificate's QR code points to. The status is computed at the moment of the
request: an expiry date passing is enough (no event), in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from sanxiang.portal.credentials import certificate_status
from sanxiang.portal.models import PublicCertificate
from tests.portal.factories import PublicCertificateFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("status", "expires_on", "expected"),
    [
        ("valid", dt.date(2026, 6, 30), "valid"),
        ("valid", dt.date(2026, 6, 29), "expired"),
        ("suspended", dt.date(2027, 1, 1), "suspended"),
        ("revoked", dt.date(2027, 1, 1), "revoked"),
        ("revoked", dt.date(2026, 1, 1), "revoked"),
    ],
)
def test_certificate_status_on_30_june_2026(status, expires_on, expected):
    assert certificate_status(status=status, expires_on=expires_on, today=dt.date(2026, 6, 30)) == expected


@pytest.mark.django_db
def test_the_check_page_turns_expired_when_the_expiry_date_passes_in_shanghai(client):
    with time_machine.travel(dt.datetime(2026, 6, 30, 23, 30, tzinfo=SHANGHAI), tick=False) as traveller:
        certificate = PublicCertificateFactory(
            officer_name="黄伟", issued_on=dt.date(2021, 7, 1), expires_on=dt.date(2026, 6, 30)
        )
        url = reverse("portal:certificate", kwargs={"token": certificate.token})
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert "<strong>有效</strong>" in html and "黄伟" in html and certificate.number in html
        assert "2021-07-01 至 2026-06-30" in html and "公共场所卫生、医疗卫生" in html
        assert "no-store" in response["Cache-Control"]
        # 16:30 UTC on 30 June is already 1 July in Shanghai.
        traveller.move_to(dt.datetime(2026, 7, 1, 0, 5, tzinfo=SHANGHAI))
        assert "<strong>已过期</strong>" in client.get(url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "label"),
    [(PublicCertificate.Status.SUSPENDED, "暂扣"), (PublicCertificate.Status.REVOKED, "吊销")],
)
def test_the_check_page_shows_suspended_and_revoked(client, status, label):
    certificate = PublicCertificateFactory(status=status)
    html = client.get(reverse("portal:certificate", kwargs={"token": certificate.token})).content.decode()
    assert f"<strong>{label}</strong>" in html and "不能用于执法" in html


@pytest.mark.django_db
def test_an_unknown_token_is_a_chinese_404(client):
    response = client.get(reverse("portal:certificate", kwargs={"token": "no-such-token"}))
    assert response.status_code == 404
    assert "查无此执法证" in response.content.decode()


@pytest.mark.django_db
def test_the_officers_section_lists_certificates_with_their_status_now(client):
    PublicCertificateFactory(officer_name="张伟", number="430602200001")
    PublicCertificateFactory(
        officer_name="何军", number="430602200002", status=PublicCertificate.Status.SUSPENDED
    )
    PublicCertificateFactory(officer_name="不公开", number="430602200003", listed=False)
    html = client.get(reverse("portal:registry", kwargs={"section": "officers"})).content.decode()
    assert "张伟" in html and "何军" in html and "暂扣" in html
    assert "不公开" not in html
