"""``sanxiang officers check``: exit 0 when the officer may act, 1 with the reason when not, 2 for bad input."""

from __future__ import annotations

import pytest

from tests.accounts.test_officer_import import run

pytestmark = pytest.mark.django_db


def test_check_allows_a_valid_officer_in_the_field(alice):
    code, out, _ = run("check", "alice", "公")
    assert code == 0 and "可以执法" in out and "A-0001" in out


def test_check_refuses_an_expired_certificate_with_the_reason(bob):
    code, out, _ = run("check", "bob", "public_places")
    assert code == 1 and "不能执法" in out and "B-0001 已于" in out


def test_check_refuses_a_suspended_certificate_with_the_reason(carol):
    code, out, _ = run("check", "carol", "公共场所卫生")
    assert code == 1 and "执法证 C-0001 已被暂扣" in out


def test_check_on_a_date_before_expiry_allows(bob):
    expires_on = bob.certificates.get().expires_on
    assert run("check", "bob", "公", "--on", expires_on.isoformat())[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "nobody", "公"), "用户“nobody”不存在"),
        (("check", "alice", "火星"), "执法类别“火星”不存在"),
        (("check", "alice", "公", "--on", "yesterday"), "不是日期"),
    ],
)
def test_check_with_bad_input_exits_2(alice, args, message):
    code, _, err = run(*args)
    assert code == 2 and message in err
