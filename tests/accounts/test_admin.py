"""Admin screens: records kept by law cannot be deleted; writes go through the services; xlsx import page."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sanxiang.accounts.models import Agency, Certificate, User
from tests.accounts.test_officer_import import BAD, GOOD, xlsx
from tests.factories import (
    CertificateFactory,
    CertificateStatusChangeFactory,
    LegalQualificationFactory,
    TrainingRecordFactory,
    enforcement_field,
)

pytestmark = pytest.mark.django_db

KEPT = {
    "certificate": CertificateFactory,
    "certificatestatuschange": CertificateStatusChangeFactory,
    "agency": lambda: CertificateFactory().officer.department.agency,
    "department": lambda: CertificateFactory().officer.department,
    "trainingrecord": TrainingRecordFactory,
    "legalqualification": LegalQualificationFactory,
}


@pytest.mark.parametrize("model", sorted(KEPT))
def test_records_kept_by_law_cannot_be_deleted_from_the_admin(admin_client, model):
    obj = KEPT[model]()
    response = admin_client.get(reverse(f"admin:accounts_{model}_delete", args=[obj.pk]))
    assert response.status_code == 403
    response = admin_client.post(reverse(f"admin:accounts_{model}_delete", args=[obj.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()
    changelist = admin_client.get(reverse(f"admin:accounts_{model}_changelist"))
    assert changelist.status_code == 200
    assert b"delete_selected" not in changelist.content


@pytest.mark.parametrize(
    "model",
    ["agency", "department", "enforcementfield", "user", "certificate", "certificatestatuschange",
     "trainingrecord", "legalqualification", "loginthrottle"],
)  # fmt: skip
def test_every_model_has_an_admin_list(admin_client, model, alice):
    assert admin_client.get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200


def test_agency_form_refuses_a_bad_credit_code(admin_client):
    data = {
        "name": "某区卫生健康局", "short_name": "某", "credit_code": "11430602006142857X", "division_code": "430602",
        "level": "county", "authority_basis": "依据", "is_active": "on",
    }  # fmt: skip
    response = admin_client.post(reverse("admin:accounts_agency_add"), data)
    assert response.status_code == 200
    assert "统一社会信用代码校验位错误：应为 C，实为 X" in response.content.decode()
    assert not Agency.objects.exists()
    response = admin_client.post(
        reverse("admin:accounts_agency_add"), {**data, "credit_code": "11430602006142857C"}
    )
    assert response.status_code == 302
    assert Agency.objects.get().credit_code == "11430602006142857C"


def certificate_data(officer, **overrides):
    today = timezone.localdate()
    data = {
        "officer": officer.pk, "number": "ADM-1", "fields": [enforcement_field("medical").pk],
        "issued_on": (today - datetime.timedelta(days=10)).isoformat(),
        "expires_on": (today + datetime.timedelta(days=1800)).isoformat(), "issuing_authority": "某市人民政府",
    }  # fmt: skip
    return {**data, **overrides}


def test_certificate_add_refuses_bad_dates(admin_client, alice):
    today = timezone.localdate()
    bad = certificate_data(alice, expires_on=(today - datetime.timedelta(days=20)).isoformat())
    response = admin_client.post(reverse("admin:accounts_certificate_add"), bad)
    assert response.status_code == 200 and "须晚于发证日期" in response.content.decode()
    future = certificate_data(alice, issued_on=(today + datetime.timedelta(days=1)).isoformat())
    response = admin_client.post(reverse("admin:accounts_certificate_add"), future)
    assert "晚于今天" in response.content.decode()
    assert not Certificate.objects.filter(number="ADM-1").exists()


def test_certificate_add_goes_through_the_service_and_records_who_issued_it(admin_client, admin_user, alice):
    response = admin_client.post(reverse("admin:accounts_certificate_add"), certificate_data(alice))
    assert response.status_code == 302
    certificate = Certificate.objects.get(number="ADM-1")
    assert [f.code for f in certificate.fields.all()] == ["medical"]
    change = certificate.status_changes.get()
    assert (change.new_status, change.changed_by) == ("valid", admin_user)


def test_status_change_asks_for_a_reason_and_appends_history(admin_client, admin_user, alice):
    certificate = alice.certificates.get()
    url = reverse("admin:accounts_certificate_status", args=[certificate.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"new_status": "suspended", "reason": ""})
    assert response.status_code == 200
    response = admin_client.post(url, {"new_status": "suspended", "reason": "暂扣决定书 某卫〔2026〕1号"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "suspended"
    change = certificate.status_changes.last()
    assert (change.reason, change.changed_by) == ("暂扣决定书 某卫〔2026〕1号", admin_user)
    page = admin_client.get(
        reverse("admin:accounts_certificate_change", args=[certificate.pk])
    ).content.decode()
    assert "暂扣决定书 某卫〔2026〕1号" in page


def test_status_change_refused_by_the_rules_is_shown_not_raised(admin_client, carol):
    certificate = carol.certificates.get()
    url = reverse("admin:accounts_certificate_status", args=[certificate.pk])
    response = admin_client.post(url, {"new_status": "suspended", "reason": "再次暂扣"})
    assert response.status_code == 200 and "已是“暂扣”状态" in response.content.decode()


def test_deactivating_from_the_admin_keeps_the_record(admin_client, alice):
    certificate = alice.certificates.get()
    url = reverse("admin:accounts_certificate_deactivate", args=[certificate.pk])
    assert admin_client.post(url, {"reason": "调离"}).status_code == 302
    certificate.refresh_from_db()
    assert not certificate.is_active and certificate.deactivation_reason == "调离"


def test_staff_without_permission_cannot_use_the_import_page(client, alice):
    alice.is_staff = True
    alice.save()
    client.force_login(alice)
    assert client.get(reverse("admin:accounts_user_import")).status_code == 403


def upload(path):
    return SimpleUploadedFile("officers.xlsx", path.read_bytes())


@pytest.fixture
def import_setup(enforcement_unit, legal_unit):
    for code in ("public_places", "drinking_water", "medical"):
        enforcement_field(code)
    return enforcement_unit.agency


def test_import_page_imports_a_good_file(admin_client, import_setup, tmp_path):
    url = reverse("admin:accounts_user_import")
    assert (
        "从 .xlsx 导入执法人员"
        in admin_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    )
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"file": upload(xlsx(tmp_path / "ok.xlsx", GOOD)), "agency": import_setup.pk}
    )
    assert "已导入 3 人" in response.content.decode()
    assert User.objects.filter(username__in=["zhangsan", "lisi", "wangwu"]).count() == 3


def test_import_page_reports_bad_rows_and_imports_nothing_unless_only_valid_is_ticked(
    admin_client, import_setup, tmp_path
):
    url = reverse("admin:accounts_user_import")
    path = xlsx(tmp_path / "mixed.xlsx", GOOD + BAD[:2])
    page = admin_client.post(url, {"file": upload(path), "agency": import_setup.pk}).content.decode()
    assert "第 5 行：姓名为空" in page and "第 6 行" in page and "未导入任何人员" in page
    assert not User.objects.filter(username="zhangsan").exists()
    page = admin_client.post(
        url, {"file": upload(path), "agency": import_setup.pk, "valid_only": "on"}
    ).content.decode()
    assert "已导入 3 人" in page and "第 5 行：姓名为空" in page
    assert User.objects.filter(username="zhangsan").exists()


def test_import_page_shows_a_non_xlsx_file_as_a_form_error(admin_client, import_setup):
    url = reverse("admin:accounts_user_import")
    bogus = SimpleUploadedFile("officers.xlsx", b"not a workbook")
    response = admin_client.post(url, {"file": bogus, "agency": import_setup.pk})
    assert response.status_code == 200 and "无法读取 .xlsx 文件" in response.content.decode()
