"""Fixtures of the case API and service tests: the catalog seed, more personas, a frozen clock and an API client.

Personas (besides alice … erin of tests/conftest.py):

- frank (弗兰克): officer in 卫生监督所, certificate valid in 公共场所卫生 — Alice's partner on every case;
- grace (格蕾丝): 承办机构负责人 of 卫生监督所 (unit head); approves filing, ends investigations;
- heidi (海蒂): a second legal reviewer in 法制科, *without* 法律职业资格 and never reviewed before;
- ivan (伊万): officer of another agency (某县卫生健康局) — must see nothing of ours;
- judy (朱迪): 监督人员 (区司法局), reads every case, may do nothing.

The clock starts on Friday 2025-09-26, just before the National Day holiday (1–8 October 2025, with 28 September
and 11 October as make-up working days), so deadlines cross a holiday.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine

from sanxiang.accounts.models import Department, Role
from tests.api_client import Api
from tests.factories import (
    AgencyFactory,
    CertificateFactory,
    DepartmentFactory,
    OfficerFactory,
    UserFactory,
)

START = dt.datetime(2025, 9, 26, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ITEM = "public_places.unlicensed"  # 公共场所卫生, not life/health: 2-year limitation
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
FINDINGS_OK = {
    code: {"ok": True, "note": ""}
    for code in ("subject", "officers", "procedure", "facts", "evidence", "law", "discretion", "authority",
                 "documents", "crime")
}  # fmt: skip


@pytest.fixture
def clock():
    """Time frozen at START (moves only when a test says so: ``clock.move_to(...)``)."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def catalog(db):
    from sanxiang.catalog.demo import load_demo

    load_demo(io.StringIO())


@pytest.fixture
def frank(enforcement_unit, clock):
    """Frank, officer: valid certificate F-0001 in 公共场所卫生."""
    officer = OfficerFactory(username="frank", full_name="弗兰克", department=enforcement_unit)
    CertificateFactory(officer=officer, number="F-0001", fields=["public_places"])
    return officer


@pytest.fixture
def grace(enforcement_unit):
    """Grace, unit head (承办机构负责人) of 卫生监督所."""
    return UserFactory(
        username="grace", full_name="格蕾丝", department=enforcement_unit, roles=[Role.UNIT_HEAD]
    )


@pytest.fixture
def heidi(legal_unit):
    """Heidi, legal reviewer without 法律职业资格, has never reviewed."""
    return UserFactory(username="heidi", full_name="海蒂", department=legal_unit, roles=[Role.LEGAL_REVIEWER])


@pytest.fixture
def ivan(db):
    """Ivan, an officer of another agency."""
    other = AgencyFactory(name="某县卫生健康局")
    unit = DepartmentFactory(agency=other, name="县卫生监督所", kind=Department.Kind.ENFORCEMENT)
    officer = OfficerFactory(username="ivan", full_name="伊万", department=unit)
    CertificateFactory(officer=officer, number="I-0001", fields=["public_places"])
    return officer


@pytest.fixture
def judy(db):
    """Judy, supervisor (监督人员), read-only everywhere."""
    return UserFactory(username="judy", full_name="朱迪", department=None, roles=[Role.SUPERVISOR])


@pytest.fixture
def document_storage(db, local_storage, settings):
    """Evidence (issued .docx files) under the test's folder; no PDF on issue."""
    settings.DOCUMENT_PDF = "0"
    return local_storage


def seed_document_types() -> None:
    """The standard document types with their default templates, seeded on first use (most case tests issue
    no document, and seeding stores 18 templates)."""
    from sanxiang.documents.models import DocumentType
    from sanxiang.documents.services import document_types_seed

    if not DocumentType.objects.exists():
        document_types_seed()


@pytest.fixture
def document_types(document_storage):
    seed_document_types()


@pytest.fixture
def team(clock, catalog, document_storage, alice, frank, grace, dave, erin):
    """Everyone a general case needs, at START."""
    return {"alice": alice, "frank": frank, "grace": grace, "dave": dave, "erin": erin}


@pytest.fixture
def api():
    return Api()


def party_org(**kw):
    return {"kind": "organisation", "name": "某某洗浴中心有限公司", "credit_code": "", "address": "某路 1 号",
            "legal_representative": "王某", **kw}  # fmt: skip


def register(api, officer, partner, *, procedure="general", penalty=("warning", "fine"), fine="3000", party=None,
             occurred="2025-09-20", item=ITEM):  # fmt: skip
    status, body = api.as_(officer).post("/api/cases/", {
        "item": item, "procedure": procedure, "source": "日常监督检查", "facts": "未取得卫生许可证擅自营业",
        "violation_occurred_on": occurred, "penalty_kinds": list(penalty), "fine": fine,
        "party": party or party_org(),
        "officers": [{"officer": officer.pk, "role": "lead"}, {"officer": partner.pk, "role": "assistant"}],
    })  # fmt: skip
    assert status == 201, body
    return body["id"]


def act(api, user, case_id, action, data=None, expect=200):
    status, body = api.as_(user).post(f"/api/cases/{case_id}/actions/{action}/", data or {})
    assert status == expect, body
    return body


def inspect(api, officer, partner, case_id, *, kind="inspection", shown=True, sign=True, officers_sign=True):
    """Record an on-site activity with the party's and both officers' signatures (ready to complete); returns
    the activity id."""
    status, body = api.as_(officer).post(f"/api/cases/{case_id}/activities/", {
        "kind": kind, "officers": [officer.pk, partner.pk], "started_at": START.isoformat(), "place": "某路 1 号",
        "record": "现场检查笔录", "credentials_shown": shown,
    })  # fmt: skip
    assert status == 201, body
    activity = body["id"]
    if sign:
        status, body = api.post(f"/api/cases/{case_id}/activities/{activity}/signatures/",
                                {"signer": "party", "image_png": PNG, "signer_name": "王某"})  # fmt: skip
        assert status == 201, body
    if officers_sign:
        for who in (officer, partner):
            sign_as_officer(api, case_id, activity, who)
    return activity


def sign_as_officer(api, case_id, activity, who):
    """An officer's signature drawn on the pad, recorded on the activity."""
    status, body = api.post(f"/api/cases/{case_id}/activities/{activity}/signatures/",
                            {"signer": "officer", "officer": who.pk, "image_png": PNG})  # fmt: skip
    assert status == 201, body


def complete(api, officer, case_id, activity, expect=200):
    status, body = api.as_(officer).post(f"/api/cases/{case_id}/activities/{activity}/complete/")
    assert status == expect, body
    return body


def submit(api, user, case_id, hearing_record="", expect=201):
    status, body = api.as_(user).post(f"/api/cases/{case_id}/review/submissions/", {
        "report": "调查终结报告", "proposed_decision": "警告并罚款", "reasons": "违反第三十五条",
        "evidence_list": "现场笔录、照片", "hearing_record": hearing_record,
    })  # fmt: skip
    assert status == expect, body
    return body


def opinion(api, reviewer, case_id, findings=None, expect=201):
    status, body = api.as_(reviewer).post(f"/api/cases/{case_id}/review/opinions/",
                                          {"findings": findings or FINDINGS_OK})  # fmt: skip
    assert status == expect, body
    return body


def draft(api, user, case_id, type_code, changes=None, expect=201):
    """Draft a document of the case (pre-filled from the case); returns the document."""
    seed_document_types()
    status, body = api.as_(user).post(
        f"/api/cases/{case_id}/documents/", {"type": type_code, "changes": changes or {}}
    )
    assert status == expect, body
    return body


def issue(api, user, case_id, type_code, *, issuer=None, prenumber="", expect=200):
    """Draft a document as ``user`` and issue it as ``issuer`` (default the same user); returns the document."""
    document = draft(api, user, case_id, type_code)
    status, body = api.as_(issuer or user).post(
        f"/api/cases/{case_id}/documents/{document['id']}/issue/", {"prenumber": prenumber}
    )
    assert status == expect, body
    return body


def prenumbered_forms(officer, count=3) -> list[str]:
    """A print run of pre-numbered 当场行政处罚决定书 forms for the officer's agency; their numbers."""
    from sanxiang.documents import numbering
    from sanxiang.documents.models import DocumentNumber, DocumentType

    seed_document_types()
    batch = numbering.prenumbered_batch_reserve(
        actor=officer, agency=officer.department.agency, doc_type=DocumentType.objects.get(code="on_the_spot_decision"),
        field="公", year=START.year, count=count, note="测试印制",
    )  # fmt: skip
    return list(DocumentNumber.objects.filter(batch=batch).order_by("seq").values_list("text", flat=True))


def decide(api, team, case_id, expect=200):
    """The officers draft the 行政处罚决定书, the leader issues it and decides (the case takes its 文号)."""
    decision = issue(api, team["alice"], case_id, "penalty_decision", issuer=team["erin"])
    body = act(api, team["erin"], case_id, "decide", {}, expect=expect)
    return body, decision


def to_investigation(api, team):
    """A general case, filed and inspected: state investigating."""
    case_id = register(api, team["alice"], team["frank"])
    act(api, team["grace"], case_id, "file")
    complete(api, team["alice"], case_id, inspect(api, team["alice"], team["frank"], case_id))
    return case_id


def to_awaiting_decision(api, team, clock, case_id=None):
    """Through review and notice to the decision (the party waives statement and hearing)."""
    case_id = case_id or to_investigation(api, team)
    act(api, team["grace"], case_id, "end_investigation")
    submit(api, team["alice"], case_id)
    opinion(api, team["dave"], case_id)
    issue(api, team["alice"], case_id, "penalty_notice")
    act(api, team["alice"], case_id, "notify")
    act(
        api,
        team["alice"],
        case_id,
        "record_statement",
        {"statement": "", "waived": True, "hearing_waived": True},
    )
    act(api, team["alice"], case_id, "close_statement_period")
    return case_id


def money(value) -> Decimal:
    return Decimal(str(value))
