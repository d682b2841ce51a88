"""The workbench (工作台): who is logged in, roles, unit, and certificate status with renewal warnings."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sanxiang.accounts.models import Certificate
from sanxiang.accounts.workbench import certificate_warning
from tests.web.people import PASSWORD, make_officer

pytestmark = pytest.mark.django_db

WORKBENCH = reverse("accounts:workbench")
TODAY = datetime.date(2026, 3, 2)


def workbench_page(client, **officer) -> str:
    make_officer(**officer)
    client.post(reverse("accounts:login"), {"username": "zhangwei", "password": PASSWORD})
    response = client.get(WORKBENCH)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("status", "expires_on", "warning"),
    [
        ("valid", TODAY + datetime.timedelta(days=91), None),
        (
            "valid",
            TODAY + datetime.timedelta(days=90),
            "执法证将于 90 天后到期（2026-05-31），请及时办理换证。",
        ),
        (
            "valid",
            TODAY + datetime.timedelta(days=60),
            "执法证将于 60 天后到期（2026-05-01），请及时办理换证。",
        ),
        ("valid", TODAY, "执法证将于今天到期（2026-03-02），请及时办理换证。"),
        (
            "expired",
            TODAY - datetime.timedelta(days=1),
            "执法证已于 2026-03-01 过期，不得从事执法活动，请及时办理换证。",
        ),
        ("suspended", TODAY + datetime.timedelta(days=400), "执法证已暂扣，暂扣期间不得从事执法活动。"),
        ("revoked", TODAY + datetime.timedelta(days=400), "执法证已吊销，不得从事执法活动。"),
    ],
)
def test_certificate_warning(status, expires_on, warning):
    assert certificate_warning(status, expires_on, TODAY) == warning


def workbench_for(client, user) -> str:
    client.force_login(user)
    response = client.get(WORKBENCH)
    assert response.status_code == 200
    return response.content.decode()


def test_shows_name_roles_department_agency_and_valid_certificate(client):
    page = workbench_page(client, roles=("officer", "unit_head"))
    for text in ("张伟", "执法人员", "承办机构负责人", "卫生监督所", "某区卫生健康局", "科员", "有效"):
        assert text in page
    assert "请及时办理换证" not in page


def test_certificate_expiring_in_60_days_is_warned(client):
    page = workbench_page(client, expires_in_days=60)
    expires = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    assert f"执法证将于 60 天后到期（{expires}），请及时办理换证" in page


def test_alice_sees_her_valid_certificate_and_its_field(client, alice):
    page = workbench_for(client, alice)
    assert "爱丽丝" in page and "A-0001" in page and "公共场所卫生" in page
    assert 'class="status status--valid">有效<' in page


def test_bob_sees_his_certificate_expired(client, bob):
    page = workbench_for(client, bob)
    assert 'class="status status--expired">过期<' in page
    assert "过期，不得从事执法活动" in page


def test_carol_sees_her_certificate_suspended(client, carol):
    page = workbench_for(client, carol)
    assert 'class="status status--suspended">暂扣<' in page
    assert "执法证已暂扣" in page


def test_dave_holds_no_certificate_and_nothing_is_invented(client, dave):
    page = workbench_for(client, dave)
    assert "法制审核人员" in page and "法制科" in page
    assert "暂无执法证记录" in page


def test_deactivated_certificates_are_not_shown(client, alice):
    Certificate.objects.filter(officer=alice).update(is_active=False)
    assert "暂无执法证记录" in workbench_for(client, alice)
