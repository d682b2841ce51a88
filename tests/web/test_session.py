"""Idle sessions end 30 minutes after the last request (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.web.people import PASSWORD, make_officer

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)
LOGIN = reverse("accounts:login")
WORKBENCH = reverse("accounts:workbench")


@pytest.fixture
def logged_in(client, time_machine):
    time_machine.move_to(START, tick=False)
    make_officer()
    client.post(LOGIN, {"username": "zhangwei", "password": PASSWORD})
    assert client.get(WORKBENCH).status_code == 200
    return client


def test_after_31_idle_minutes_the_user_is_sent_to_login_with_a_timeout_message(logged_in, time_machine):
    time_machine.move_to(START + datetime.timedelta(minutes=31), tick=False)
    response = logged_in.get(WORKBENCH)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert "登录已超时，请重新登录" in logged_in.get(response.url).content.decode()


def test_activity_keeps_the_session_alive(logged_in, time_machine):
    for minutes in (29, 58, 87):
        time_machine.move_to(START + datetime.timedelta(minutes=minutes), tick=False)
        assert logged_in.get(WORKBENCH).status_code == 200


def test_someone_who_never_logged_in_gets_no_timeout_message(client):
    response = client.get(WORKBENCH)
    assert "登录已超时" not in client.get(response.url).content.decode()


def test_after_logout_there_is_no_timeout_message(logged_in):
    logged_in.post(reverse("accounts:logout"))
    response = logged_in.get(WORKBENCH)
    assert "登录已超时" not in logged_in.get(response.url).content.decode()
