"""May an officer act in field F on day D (rules.may_act), and the workbench summary (rules.summarize)."""

from __future__ import annotations

import datetime

import pytest

from sanxiang.accounts import rules
from sanxiang.accounts.rules import CertificateRecord

DAY = datetime.date(2026, 6, 1)


def cert(
    number="X-1",
    *,
    status="valid",
    active=True,
    fields=("public_places",),
    issued="2024-01-01",
    expires="2028-12-31",
):
    return CertificateRecord(
        number=number,
        status=status,
        is_active=active,
        fields=frozenset(fields),
        issued_on=datetime.date.fromisoformat(issued),
        expires_on=datetime.date.fromisoformat(expires),
    )


def test_valid_certificate_in_the_field_allows_and_names_the_certificate():
    permission = rules.may_act([cert()], "public_places", DAY, field_name="公共场所卫生")
    assert permission.allowed and permission
    assert permission.certificate_number == "X-1"
    assert "公共场所卫生" in permission.reason


def test_no_certificate_refuses():
    assert rules.may_act([], "public_places", DAY) == rules.Permission(False, "未持有执法证")


def test_deactivated_certificate_counts_as_none():
    assert rules.may_act([cert(active=False)], "public_places", DAY).reason == "未持有执法证"


def test_expired_certificate_refuses_with_the_expiry_date():
    permission = rules.may_act([cert(expires="2026-03-31")], "public_places", DAY)
    assert not permission.allowed
    assert permission.reason == "执法证 X-1 已于 2026-03-31 过期"


def test_certificate_is_still_valid_on_its_expiry_day():
    assert rules.may_act([cert(expires="2026-06-01")], "public_places", DAY).allowed
    assert not rules.may_act([cert(expires="2026-05-31")], "public_places", DAY).allowed


def test_suspended_certificate_refuses_with_reason():
    permission = rules.may_act([cert(status="suspended")], "public_places", DAY)
    assert (permission.allowed, permission.reason) == (False, "执法证 X-1 已被暂扣")


def test_revoked_certificate_refuses_with_reason():
    assert rules.may_act([cert(status="revoked")], "public_places", DAY).reason == "执法证 X-1 已被吊销"


def test_certificate_not_yet_in_force_refuses_with_its_start_date():
    permission = rules.may_act([cert(issued="2027-01-01", expires="2031-12-31")], "public_places", DAY)
    assert permission.reason == "执法证 X-1 尚未生效（2027-01-01 起）"


def test_certificate_without_the_field_refuses_naming_the_field():
    permission = rules.may_act([cert()], "radiation", DAY, field_name="放射卫生")
    assert permission.reason == "执法证 X-1 不含“放射卫生”类别"


def test_suspension_is_reported_before_a_missing_field():
    permission = rules.may_act([cert(status="suspended")], "radiation", DAY, field_name="放射卫生")
    assert permission.reason == "执法证 X-1 已被暂扣"


def test_a_renewed_certificate_allows_although_the_old_one_expired():
    old = cert("OLD", issued="2019-01-01", expires="2023-12-31")
    new = cert("NEW", issued="2024-01-01", expires="2028-12-31")
    permission = rules.may_act([old, new], "public_places", DAY)
    assert (permission.allowed, permission.certificate_number) == (True, "NEW")


def test_refusal_names_the_latest_certificate_covering_the_field():
    old = cert("OLD", issued="2018-01-01", expires="2022-12-31")
    new = cert("NEW", status="suspended", issued="2023-01-01", expires="2027-12-31")
    assert rules.may_act([old, new], "public_places", DAY).reason == "执法证 NEW 已被暂扣"


@pytest.mark.parametrize(
    ("expires", "days_left", "warn", "status"),
    [
        ("2026-12-31", 213, False, "valid"),
        ("2026-08-30", 90, True, "valid"),
        ("2026-08-31", 91, False, "valid"),
        ("2026-06-01", 0, True, "valid"),
        ("2026-05-31", -1, True, "expired"),
    ],
)
def test_summary_warns_from_90_days_before_expiry(expires, days_left, warn, status):
    summary = rules.summarize(cert(expires=expires), DAY)
    assert (summary.days_left, summary.warn, summary.status) == (days_left, warn, status)


def test_summary_of_a_suspended_certificate_warns_with_the_refusal():
    summary = rules.summarize(cert(status="suspended"), DAY)
    assert (summary.warn, summary.status_label, summary.message) == (True, "暂扣", "执法证 X-1 已被暂扣")


def test_summary_message_for_renewal_states_the_days_left():
    assert "剩余 30 天" in rules.summarize(cert(expires="2026-07-01"), DAY).message


@pytest.mark.parametrize(
    ("issued", "expires", "problem"),
    [
        ("2026-01-01", "2030-12-31", None),
        ("2026-06-02", "2030-12-31", "发证日期 2026-06-02 晚于今天"),
        ("2026-01-01", "2026-01-01", "有效期至 2026-01-01 须晚于发证日期 2026-01-01"),
        ("2026-01-01", "2025-12-31", "须晚于发证日期"),
    ],
)
def test_certificate_dates_must_be_in_order_and_not_in_the_future(issued, expires, problem):
    found = rules.certificate_dates_problem(
        datetime.date.fromisoformat(issued), datetime.date.fromisoformat(expires), DAY
    )
    assert (found is None) if problem is None else (problem in found)
