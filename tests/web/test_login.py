"""The login page: password check, lockout after repeated failures, logout, and bad input never a 500.

Persona 张伟 (zhangwei) is an officer with a valid certificate (people.py).
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse

from sanxiang.accounts.models import LoginThrottle
from tests.web.people import PASSWORD, make_officer

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NINE_AM = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
LOGIN = reverse("accounts:login")
WORKBENCH = reverse("accounts:workbench")


def log_in(client: Client, username: str = "zhangwei", password: str = PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_page_is_chinese_with_labelled_fields(client):
    page = client.get(LOGIN).content.decode()
    assert '<html lang="zh-Hans">' in page
    assert '<label for="id_username">用户名</label>' in page
    assert '<label for="id_password">密码</label>' in page
    assert 'name="viewport"' in page
    assert "/static/sanxiang/site.css" in page
    assert "http://" not in page and "https://" not in page  # nothing from outside the intranet


def test_lang_names_the_language_actually_shown(client):
    """An English browser still gets Chinese text (no English catalog yet), so lang must stay zh-Hans;
    update this test when the English .po arrives."""
    page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-Hans">' in page and "登录" in page


def test_right_password_opens_the_workbench(client):
    make_officer()
    response = log_in(client)
    assert response.status_code == 302 and response.url == WORKBENCH
    page = client.get(WORKBENCH).content.decode()
    assert "张伟" in page and "执法人员" in page and "卫生监督所" in page and "某区卫生健康局" in page
    assert "有效" in page


def test_the_next_page_is_honoured_but_not_an_outside_one(client):
    make_officer()
    response = client.post(
        f"{LOGIN}?next=/workbench/%3Fx%3D1", {"username": "zhangwei", "password": PASSWORD}
    )
    assert response.url == "/workbench/?x=1"
    client.logout()
    response = client.post(
        f"{LOGIN}?next=https://evil.example/", {"username": "zhangwei", "password": PASSWORD}
    )
    assert response.url == WORKBENCH


def test_workbench_needs_login(client):
    response = client.get(WORKBENCH)
    assert response.status_code == 302 and response.url.startswith(LOGIN)


@pytest.mark.real_password_hashing
def test_password_is_hashed_with_argon2():
    user = make_officer()
    assert user.password.startswith("argon2")


def test_wrong_password_says_how_many_attempts_are_left(client):
    make_officer()
    response = log_in(client, password="wrong")
    assert response.status_code == 200
    assert "用户名或密码错误，还可尝试 4 次" in response.content.decode()
    response = log_in(client, password="wrong")
    assert "还可尝试 3 次" in response.content.decode()


def test_error_is_announced_and_tied_to_the_fields(client):
    make_officer()
    page = log_in(client, password="wrong").content.decode()
    assert 'id="form-errors" role="alert" tabindex="-1" autofocus' in page
    assert 'aria-describedby="form-errors"' in page


def test_five_failures_lock_the_account_even_against_the_right_password(client, time_machine):
    time_machine.move_to(NINE_AM, tick=False)
    make_officer()
    for _ in range(4):
        log_in(client, password="wrong")
    response = log_in(client, password="wrong")
    assert "账号已锁定，请于 09:15 后重试（约 15 分钟）" in response.content.decode()

    time_machine.move_to(NINE_AM + datetime.timedelta(minutes=10), tick=False)
    response = log_in(client)
    assert response.status_code == 200
    assert "账号已锁定，请于 09:15 后重试（约 5 分钟）" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_after_fifteen_minutes(client, time_machine):
    time_machine.move_to(NINE_AM, tick=False)
    make_officer()
    for _ in range(5):
        log_in(client, password="wrong")
    time_machine.move_to(NINE_AM + datetime.timedelta(minutes=15, seconds=1), tick=False)
    response = log_in(client)
    assert response.status_code == 302 and response.url == WORKBENCH
    assert not LoginThrottle.objects.filter(username="zhangwei").exists()


def test_after_the_lock_ends_the_count_starts_again(client, time_machine):
    time_machine.move_to(NINE_AM, tick=False)
    make_officer()
    for _ in range(5):
        log_in(client, password="wrong")
    time_machine.move_to(NINE_AM + datetime.timedelta(minutes=16), tick=False)
    assert "还可尝试 4 次" in log_in(client, password="wrong").content.decode()


def test_success_resets_the_failure_count(client):
    make_officer()
    for _ in range(4):
        log_in(client, password="wrong")
    log_in(client)
    client.logout()
    assert "还可尝试 4 次" in log_in(client, password="wrong").content.decode()


def test_the_lock_is_in_the_database_so_every_process_sees_it():
    """Failures from different browsers (different sessions, as if on different app servers) add up."""
    make_officer()
    for _ in range(3):
        log_in(Client(), password="wrong")
    for _ in range(2):
        log_in(Client(), password="wrong")
    throttle = LoginThrottle.objects.get(username="zhangwei")
    assert throttle.failures == 5 and throttle.locked_until is not None
    assert "账号已锁定" in log_in(Client()).content.decode()


def test_unknown_username_is_answered_like_a_real_one(client):
    make_officer()
    real = log_in(client, username="zhangwei", password="wrong").content.decode()
    unknown = log_in(client, username="nobody", password="wrong").content.decode()
    assert "用户名或密码错误，还可尝试 4 次" in real
    assert "用户名或密码错误，还可尝试 4 次" in unknown
    for _ in range(4):
        unknown = log_in(client, username="nobody", password="wrong").content.decode()
    assert "账号已锁定" in unknown


def test_inactive_user_cannot_log_in(client):
    user = make_officer()
    user.is_active = False
    user.save()
    assert "用户名或密码错误" in log_in(client).content.decode()


def test_logout_ends_the_session(client):
    make_officer()
    log_in(client)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == LOGIN
    assert "您已安全退出" in client.get(LOGIN).content.decode()
    assert client.get(WORKBENCH).status_code == 302


def test_logout_by_get_is_refused(client):
    make_officer()
    log_in(client)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(WORKBENCH).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请输入用户名"),
        ({"username": "", "password": ""}, "请输入密码"),
        ({"username": "a" * 10_000, "password": "x"}, "150"),
        ({"username": "zhangwei", "password": "p" * 5000}, "1024"),
        ({"username": "张伟\x00", "password": "x"}, "空字符"),
    ],
)
def test_bad_login_input_is_a_form_error_not_a_crash(client, data, message):
    make_officer()
    response = client.post(LOGIN, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LoginThrottle.objects.exists()


def test_field_errors_point_at_their_messages(client):
    page = client.post(LOGIN, {}).content.decode()
    assert 'aria-describedby="id_username-error"' in page
    assert 'aria-invalid="true"' in page
    assert 'id="id_username-error"' in page


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused_politely(client, method):
    make_officer()
    assert getattr(client, method)(LOGIN).status_code == 405
    assert getattr(client, method)(reverse("accounts:logout")).status_code == 405
    log_in(client)
    assert getattr(client, method)(WORKBENCH).status_code == 405
