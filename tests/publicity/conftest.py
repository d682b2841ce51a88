"""Fixtures of the publicity tests: the case personas and clock of tests/cases (alice, frank, grace, dave, erin
at Friday 2025-09-26, before the National Day holiday), plus:

- peggy (佩吉): 公示管理员 (publicity admin) of 某区卫生健康局's office — reviews, masks, confirms, publishes;
- judy (朱迪): 监督人员, reads every disclosure, may do nothing (from tests/cases).

``decided_case`` walks a general case through the API to a decision whose 行政处罚决定书 is issued (the hook
creates the disclosure record). The party is a natural person whose ID number, phone and home address are in
the case record, and a witness (李秀英) is named in the inspection.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanxiang.accounts.models import Department, Role
from tests.cases import conftest as case_fixtures
from tests.factories import DepartmentFactory, UserFactory

# The case tests' fixtures, shared (their names are the contract; the list tolerates one being renamed away).
for _name in (
    "clock",
    "catalog",
    "frank",
    "grace",
    "judy",
    "document_storage",
    "document_types",
    "team",
    "api",
):
    if hasattr(case_fixtures, _name):
        globals()[_name] = getattr(case_fixtures, _name)

PERSON = {
    "kind": "person", "name": "张三丰", "id_number": "11010519491231002X", "contact": "13812345678",
    "address": "某区幸福小区3栋2单元501室", "credit_code": "", "legal_representative": "",
}  # fmt: skip
WITNESS = "李秀英"


@pytest.fixture
def peggy(agency):
    """Peggy (佩吉), publicity admin (公示管理员) in 办公室 of 某区卫生健康局."""
    office = DepartmentFactory(agency=agency, name="办公室", kind=Department.Kind.OFFICE)
    return UserFactory(username="peggy", full_name="佩吉", department=office, roles=[Role.PUBLICITY_ADMIN])


def to_decided(api, team, clock, *, party=None, penalty=("warning", "fine"), fine="3000", witness=WITNESS):
    """A general case of ``party`` decided with its issued 行政处罚决定书; returns the case id."""
    case_id = case_fixtures.register(api, team["alice"], team["frank"], party=party or PERSON, penalty=penalty,
                                     fine=fine)  # fmt: skip
    case_fixtures.act(api, team["grace"], case_id, "file")
    status, body = api.as_(team["alice"]).post(f"/api/cases/{case_id}/activities/", {
        "kind": "inspection", "officers": [team["alice"].pk, team["frank"].pk],
        "started_at": (case_fixtures.START if clock else timezone.now() - dt.timedelta(hours=2)).isoformat(), "place": "某区人民路 1 号",
        "record": f"现场检查笔录。见证人{witness}在场。当事人电话{PERSON['contact']}。",
        "other_participants": f"见证人：{witness}", "credentials_shown": True, "av_recorded": False,
        "av_note": "设备故障",
    })  # fmt: skip
    assert status == 201, body
    activity = body["id"]
    status, body = api.post(f"/api/cases/{case_id}/activities/{activity}/signatures/",
                            {"signer": "party", "image_png": case_fixtures.PNG, "signer_name": (party or PERSON)["name"]})  # fmt: skip
    assert status == 201, body
    for who in (team["alice"], team["frank"]):
        case_fixtures.sign_as_officer(api, case_id, activity, who)
    case_fixtures.complete(api, team["alice"], case_id, activity)
    case_fixtures.act(api, team["grace"], case_id, "end_investigation")
    case_fixtures.submit(api, team["alice"], case_id)
    case_fixtures.opinion(api, team["dave"], case_id)
    case_fixtures.issue(api, team["alice"], case_id, "penalty_notice")
    case_fixtures.issue(
        api, team["alice"], case_id, "hearing_notice"
    )  # needed when the party may ask for one
    case_fixtures.act(api, team["alice"], case_id, "notify")
    case_fixtures.act(api, team["alice"], case_id, "record_statement",
                      {"statement": "", "waived": True, "hearing_waived": True})  # fmt: skip
    case_fixtures.act(api, team["alice"], case_id, "close_statement_period")
    case_fixtures.decide(api, team, case_id)
    return case_id


@pytest.fixture
def decided_case(api, team, clock, peggy):
    return to_decided(api, team, clock)
