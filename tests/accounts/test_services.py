"""Writes to agencies, staff and certificates go through services; bad input is refused in Chinese."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sanxiang.accounts import selectors, services
from sanxiang.accounts.models import Agency, Certificate, CertificateStatusChange, Department, Role
from sanxiang.core.errors import Conflict, InvalidInput
from tests.factories import CertificateFactory, enforcement_field

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def test_agency_with_a_bad_credit_code_is_refused_and_not_created():
    with pytest.raises(InvalidInput, match="校验位错误"):
        services.agency_create(
            actor=None, name="某区卫生健康局", credit_code="11430602006142857X", division_code="430602",
            authority_basis="依据",
        )  # fmt: skip
    assert not Agency.objects.exists()


def test_agency_with_a_valid_code_is_created():
    agency = services.agency_create(
        actor=None, name="某区卫生健康局", credit_code="11430602006142857c", division_code="430602",
        authority_basis="依据",
    )  # fmt: skip
    assert agency.credit_code == "11430602006142857C"


def test_department_name_is_unique_within_its_agency(agency):
    services.department_create(actor=None, agency=agency, name="法制科", kind=Department.Kind.LEGAL)
    with pytest.raises(Conflict):
        services.department_create(actor=None, agency=agency, name="法制科", kind=Department.Kind.LEGAL)


def test_staff_password_must_satisfy_the_password_rules(enforcement_unit):
    with pytest.raises(InvalidInput, match="密码不符合要求"):
        services.staff_create(
            actor=None, username="x1", full_name="某", password="short", department=enforcement_unit, roles=[]
        )


def test_staff_is_created_with_roles_and_unusable_password_when_none(enforcement_unit):
    user = services.staff_create(
        actor=None, username="x1", full_name="某", password=None, department=enforcement_unit,
        roles=[Role.OFFICER, Role.UNIT_HEAD],
    )  # fmt: skip
    assert user.role_codes == {"officer", "unit_head"}
    assert not user.has_usable_password()


def test_unknown_role_is_refused(enforcement_unit):
    with pytest.raises(InvalidInput, match="角色"):
        services.staff_create(
            actor=None,
            username="x1",
            full_name="某",
            password=None,
            department=enforcement_unit,
            roles=["boss"],
        )


def issue(officer, **overrides):
    values = dict(
        actor=None, officer=officer, number="N-1", field_codes=["public_places"],
        issued_on=datetime.date(2025, 1, 1), expires_on=datetime.date(2029, 12, 31), today=TODAY,
    )  # fmt: skip
    return services.certificate_issue(**{**values, **overrides})


def test_issuing_a_certificate_records_the_first_history_row(alice, erin):
    certificate = issue(alice, actor=erin)
    change = certificate.status_changes.get()
    assert (change.old_status, change.new_status, change.reason, change.changed_by) == (
        "",
        "valid",
        "发证",
        erin,
    )


@pytest.mark.parametrize(
    ("issued", "expires", "message"),
    [
        (datetime.date(2026, 6, 2), datetime.date(2030, 1, 1), "晚于今天"),
        (datetime.date(2025, 1, 1), datetime.date(2025, 1, 1), "须晚于发证日期"),
        (datetime.date(2025, 1, 1), datetime.date(2024, 1, 1), "须晚于发证日期"),
    ],
)
def test_bad_certificate_dates_are_refused_and_nothing_is_recorded(alice, issued, expires, message):
    with pytest.raises(InvalidInput, match=message):
        issue(alice, issued_on=issued, expires_on=expires)
    assert not Certificate.objects.filter(number="N-1").exists()


def test_certificate_fields_must_exist(alice):
    with pytest.raises(InvalidInput, match="执法类别“nonsense”不存在"):
        issue(alice, field_codes=["nonsense"])
    with pytest.raises(InvalidInput, match="至少包含一个执法类别"):
        issue(alice, field_codes=[])


def test_certificate_number_is_unique(alice):
    with pytest.raises(Conflict, match="A-0001 已登记"):
        issue(alice, number="A-0001")


def test_suspending_records_old_and_new_status_reason_and_actor(alice, erin):
    certificate = alice.certificates.get()
    services.certificate_change_status(
        actor=erin, certificate=certificate, new_status="suspended", reason="调查"
    )
    certificate.refresh_from_db()
    assert certificate.status == "suspended"
    change = CertificateStatusChange.objects.filter(certificate=certificate).last()
    assert (change.old_status, change.new_status, change.reason, change.changed_by) == (
        "valid",
        "suspended",
        "调查",
        erin,
    )
    assert selectors.officer_may_act(
        officer=alice, field="public_places", on=timezone.localdate()
    ).reason == ("执法证 A-0001 已被暂扣")


def test_reinstating_a_suspended_certificate_lets_the_officer_act_again(carol, erin):
    certificate = carol.certificates.get()
    services.certificate_change_status(
        actor=erin, certificate=certificate, new_status="valid", reason="调查结束"
    )
    assert selectors.officer_may_act(officer=carol, field="medical", on=timezone.localdate()).allowed
    assert certificate.status_changes.count() == 2


def test_expired_cannot_be_set_by_hand(alice):
    with pytest.raises(InvalidInput, match="不能手工设置"):
        services.certificate_change_status(
            actor=None, certificate=alice.certificates.get(), new_status="expired", reason="x"
        )


def test_status_change_needs_a_reason(alice):
    with pytest.raises(InvalidInput, match="变更原因不能为空"):
        services.certificate_change_status(
            actor=None, certificate=alice.certificates.get(), new_status="suspended", reason=" "
        )


def test_a_revoked_certificate_cannot_be_reinstated():
    certificate = CertificateFactory(status=Certificate.Status.REVOKED)
    with pytest.raises(Conflict, match="已被吊销"):
        services.certificate_change_status(
            actor=None, certificate=certificate, new_status="valid", reason="x"
        )


def test_setting_the_same_status_again_is_a_conflict(carol):
    with pytest.raises(Conflict):
        services.certificate_change_status(
            actor=None, certificate=carol.certificates.get(), new_status="suspended", reason="x"
        )


def test_deactivating_keeps_the_certificate_and_its_history(alice, erin):
    certificate = alice.certificates.get()
    services.certificate_deactivate(actor=erin, certificate=certificate, reason="调离执法岗位")
    certificate.refresh_from_db()
    assert (certificate.is_active, certificate.deactivated_by, certificate.deactivation_reason) == (
        False, erin, "调离执法岗位",
    )  # fmt: skip
    assert selectors.officer_may_act(
        officer=alice, field="public_places", on=timezone.localdate()
    ).reason == ("未持有执法证")
    with pytest.raises(Conflict):
        services.certificate_change_status(
            actor=erin, certificate=certificate, new_status="suspended", reason="x"
        )


def test_training_in_the_future_or_without_hours_is_refused(alice):
    with pytest.raises(InvalidInput):
        services.training_record_add(
            actor=None, officer=alice, course="c", hours=0, completed_on=TODAY, today=TODAY
        )
    with pytest.raises(InvalidInput):
        services.training_record_add(
            actor=None,
            officer=alice,
            course="c",
            hours=8,
            completed_on=TODAY + datetime.timedelta(days=1),
            today=TODAY,
        )
    record = services.training_record_add(
        actor=None,
        officer=alice,
        course="c",
        hours="8.5",
        completed_on=TODAY,
        exam_score=91,
        passed=True,
        today=TODAY,
    )
    assert str(record.hours) == "8.5"


def test_legal_qualification_is_one_per_person(dave):
    with pytest.raises(Conflict, match="已登记法律职业资格"):
        services.legal_qualification_grant(
            actor=None, holder=dave, certificate_number="A999", granted_on=datetime.date(2020, 1, 1)
        )


def test_officer_may_act_for_the_personas(alice, bob, carol):
    today = timezone.localdate()
    enforcement_field("radiation")
    assert selectors.officer_may_act(officer=alice, field="public_places", on=today).allowed
    assert selectors.officer_may_act(officer=alice, field="radiation", on=today).reason == (
        "执法证 A-0001 不含“放射卫生”类别"
    )
    assert "B-0001 已于" in selectors.officer_may_act(officer=bob, field="public_places", on=today).reason
    assert (
        selectors.officer_may_act(officer=carol, field="public_places", on=today).reason
        == "执法证 C-0001 已被暂扣"
    )
    assert (
        selectors.officer_may_act(officer=alice, field="unknown", on=today).reason
        == "执法类别“unknown”不存在"
    )


def test_certificate_summary_shape_for_the_workbench(alice, bob, dave):
    today = timezone.localdate()
    summary = selectors.certificate_summary(officer=alice, today=today)
    assert (summary.number, summary.status, summary.status_label, summary.warn) == (
        "A-0001",
        "valid",
        "有效",
        False,
    )
    assert summary.field_names == ("公共场所卫生",)
    assert summary.days_left == (summary.expires_on - today).days
    expired = selectors.certificate_summary(officer=bob, today=today)
    assert (expired.status, expired.warn, expired.days_left) == ("expired", True, -30)
    assert selectors.certificate_summary(officer=dave, today=today) is None


def test_certificate_summary_warns_within_90_days(alice):
    today = timezone.localdate()
    CertificateFactory(officer=alice, number="A-0002", expires_on=today + datetime.timedelta(days=60))
    summaries = selectors.certificate_summaries(officer=alice, today=today)
    assert [s.number for s in summaries] == ["A-0001", "A-0002"]
    assert summaries[1].warn and "剩余 60 天" in summaries[1].message
