"""Deadline warnings (黄牌 / 红牌) and in-app notifications, and the lists per officer and per agency."""

from __future__ import annotations

import datetime as dt

from sanxiang.cases.jobs import deadline_warnings
from sanxiang.cases.models import Notification
from tests.cases.conftest import act, submit, to_investigation

CST = dt.timezone(dt.timedelta(hours=8))


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=9, tzinfo=CST)


def test_review_deadline_turns_yellow_then_red_and_notifies_once_per_colour(api, team, clock, heidi):
    alice, grace, dave = team["alice"], team["grace"], team["dave"]
    case_id = to_investigation(api, team)
    act(api, grace, case_id, "end_investigation")
    submit(api, alice, case_id)  # review due 10 October
    assert deadline_warnings(at("2025-09-29"))["notifications"] == 0
    counts = deadline_warnings(at("2025-10-09"))  # 9 and 10 October left: yellow
    assert counts["yellow"] == 1
    assert {n.recipient for n in Notification.objects.all()} == {
        dave,
        heidi,
    }  # the 法制机构 answers for review
    assert deadline_warnings(at("2025-10-09"))["notifications"] == 0  # idempotent
    counts = deadline_warnings(at("2025-10-11"))
    assert counts["red"] == 1
    red = Notification.objects.filter(text__startswith="【红牌】")
    assert {n.recipient for n in red} == {dave, heidi, grace}  # escalated to the unit head
    assert deadline_warnings(at("2025-10-12"))["notifications"] == 0


def test_my_deadlines_and_the_agency_list_carry_marks(api, team, clock):
    alice, erin = team["alice"], team["erin"]
    case_id = to_investigation(api, team)
    status, mine = api.as_(alice).get("/api/deadlines/")
    assert [(d["case"], d["code"], d["mark"]) for d in mine["results"]] == [(case_id, "decision", "")]
    clock.move_to(at("2025-12-24"))
    status, agency = api.as_(erin).get("/api/deadlines/?scope=agency")
    assert [(d["code"], d["mark"], d["working_days_left"]) for d in agency["results"]] == [
        ("decision", "yellow", 1)
    ]
    status, body = api.as_(alice).get("/api/deadlines/?scope=agency")
    assert status == 400


def test_notifications_are_listed_and_marked_read(api, team, clock):
    alice = team["alice"]
    to_investigation(api, team)
    deadline_warnings(at("2025-12-26"))
    status, body = api.as_(alice).get("/api/notifications/?unread=1")
    assert len(body["results"]) == 1 and body["results"][0]["text"].startswith("【红牌】")
    note = body["results"][0]["id"]
    status, body = api.post(f"/api/notifications/{note}/read/")
    assert status == 200 and body["read_at"]
    status, body = api.as_(team["frank"]).post(f"/api/notifications/{note}/read/")
    assert status == 404
