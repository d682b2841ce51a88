"""The TOTP second factor: when REQUIRE_OTP is on, the password alone does not open the workbench."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.web.people import PASSWORD, make_officer

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:otp_verify")
ENROL = reverse("accounts:otp_enrol")
WORKBENCH = reverse("accounts:workbench")


@pytest.fixture
def otp_required(settings):
    settings.REQUIRE_OTP = True


def code(device: TOTPDevice, *, offset: int = 0) -> str:
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, drift=offset):06d}"


def enrolled_officer() -> tuple:
    user = make_officer()
    device = TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    return user, device


def log_in(client):
    return client.post(LOGIN, {"username": "zhangwei", "password": PASSWORD})


def test_password_alone_leads_to_the_code_step_not_the_workbench(client, otp_required):
    enrolled_officer()
    response = log_in(client)
    assert response.status_code == 302 and response.url == VERIFY
    response = client.get(WORKBENCH)
    assert response.status_code == 302 and response.url == VERIFY


def test_the_right_code_opens_the_workbench(client, otp_required):
    _, device = enrolled_officer()
    log_in(client)
    response = client.post(VERIFY, {"token": code(device)})
    assert response.status_code == 302 and response.url == WORKBENCH
    assert client.get(WORKBENCH).status_code == 200


def test_a_wrong_code_is_refused_and_counted(client, otp_required):
    _, device = enrolled_officer()
    log_in(client)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"token": wrong})
    assert response.status_code == 200
    assert "动态验证码错误，还可尝试 4 次" in response.content.decode()
    assert client.get(WORKBENCH).url == VERIFY


@pytest.mark.parametrize("token", ["", "12345", "abcdef", "1" * 50])
def test_malformed_codes_are_form_errors(client, otp_required, token):
    enrolled_officer()
    log_in(client)
    response = client.post(VERIFY, {"token": token})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_five_wrong_codes_lock_the_account_and_end_the_half_login(client, otp_required, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC), tick=False)
    _, device = enrolled_officer()
    log_in(client)
    for _ in range(4):
        client.post(VERIFY, {"token": "000000" if code(device) != "000000" else "111111"})
    response = client.post(VERIFY, {"token": "000000" if code(device) != "000000" else "111111"})
    assert response.status_code == 302 and response.url == LOGIN
    assert "账号已锁定，请于 09:15 后重试" in client.get(LOGIN).content.decode()
    assert "账号已锁定" in log_in(client).content.decode()


def test_without_a_device_the_password_leads_to_enrolment(client, otp_required):
    user = make_officer()
    response = log_in(client)
    assert response.status_code == 302 and response.url == ENROL
    assert client.get(WORKBENCH).url == ENROL

    page = client.get(ENROL).content.decode()
    assert "<svg" in page and "<?xml" not in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.get(ENROL).status_code == 200
    assert TOTPDevice.objects.filter(user=user).count() == 1  # a reload keeps the same secret

    response = client.post(ENROL, {"token": code(device)})
    assert response.status_code == 302 and response.url == WORKBENCH
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(WORKBENCH).status_code == 200


def test_enrolment_page_shows_the_secret_and_no_outside_links(client, otp_required):
    make_officer()
    log_in(client)
    page = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get()
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert secret[:4] in page
    assert "https://" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")


def test_a_wrong_enrolment_code_does_not_confirm(client, otp_required):
    make_officer()
    log_in(client)
    client.get(ENROL)
    device = TOTPDevice.objects.get()
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"token": wrong})
    assert response.status_code == 200 and "动态验证码不正确" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(WORKBENCH).url == ENROL


def test_enrolment_cannot_replace_a_device_before_its_code_is_given(client, otp_required):
    enrolled_officer()
    log_in(client)
    assert client.get(ENROL).url == VERIFY
    assert TOTPDevice.objects.count() == 1


def test_without_the_setting_the_password_is_enough(client):
    make_officer()
    assert log_in(client).url == WORKBENCH


def test_voluntary_enrolment_then_every_login_asks_for_the_code(client):
    user = make_officer()
    log_in(client)
    assert "设置双因素认证" in client.get(WORKBENCH).content.decode()
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)
    client.post(ENROL, {"token": code(device)})
    assert "已启用" in client.get(WORKBENCH).content.decode()
    assert "已启用" in client.get(ENROL).content.decode()

    client.post(reverse("accounts:logout"))
    assert log_in(client).url == VERIFY
