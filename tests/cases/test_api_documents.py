"""The documents API of a case (docs/api.md, "Documents"): list, draft, update a draft, issue, revise, download."""

from __future__ import annotations

import pytest

from sanxiang.documents.models import Document
from sanxiang.records.models import Event
from tests.cases.conftest import act, draft, issue, opinion, register, submit, to_investigation

pytestmark = pytest.mark.usefixtures("document_types")


def _reviewed(api, team):
    case_id = to_investigation(api, team)
    act(api, team["grace"], case_id, "end_investigation")
    submit(api, team["alice"], case_id)
    opinion(api, team["dave"], case_id)
    return case_id


def test_list_offers_the_documents_of_the_current_step(api, team, clock):
    case_id = _reviewed(api, team)
    status, body = api.as_(team["alice"]).get(f"/api/cases/{case_id}/documents/")
    assert status == 200 and body["results"] == []
    assert {d["type"] for d in body["draftable"]} == {"penalty_notice", "hearing_notice"}
    status, body = api.as_(team["dave"]).get(f"/api/cases/{case_id}/documents/")
    assert status == 200 and body["draftable"] == []  # the reviewer has nothing to draft at this step


def test_draft_update_issue_and_the_issued_document_is_frozen(api, team, clock):
    alice = team["alice"]
    case_id = _reviewed(api, team)
    document = draft(api, alice, case_id, "penalty_notice", {"discretion": "首次违法，从轻处罚。"})
    assert document["status"] == "draft" and document["number"] is None and document["may_issue"]
    assert document["text"]["discretion"] == "首次违法，从轻处罚。"
    assert document["text"]["facts"] == "未取得卫生许可证擅自营业"  # pre-filled from the case
    path = f"/api/cases/{case_id}/documents/{document['id']}/"
    status, body = api.patch(path, {"changes": {"party": "别人"}})
    assert status == 400 and "不能修改的内容：party" in body["detail"]
    status, body = api.patch(path, {"changes": {"facts": "经查属实。"}})
    assert status == 200 and body["text"]["facts"] == "经查属实。"
    edit = Event.objects.get(action="document.update_draft", subject_id=str(document["id"]))
    assert (
        '"changed":["facts"]' in edit.entry.replace(" ", "") and "经查属实" not in edit.entry
    )  # no text logged
    status, body = api.post(path + "issue/", {})
    assert status == 200 and body["status"] == "issued" and body["number"].endswith("号")
    assert body["docx"] == path + "download.docx" and body["pdf"] is None and body["may_revise"]
    status, body = api.patch(path, {"changes": {"facts": "改"}})
    assert status == 409 and "已签发" in body["detail"]
    status, body = api.post(path + "issue/", {})
    assert status == 409
    response = api.client.get(path + "download.docx")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"
    assert Event.objects.filter(action="document.download", subject_id=str(document["id"])).count() == 1
    status, body = api.get(path + "download.pdf")
    assert status == 400 and "PDF" in body["detail"]


def test_revise_needs_a_reason_and_keeps_the_number(api, team, clock):
    alice = team["alice"]
    case_id = _reviewed(api, team)
    first = issue(api, alice, case_id, "penalty_notice")
    path = f"/api/cases/{case_id}/documents/{first['id']}/revise/"
    status, body = api.as_(alice).post(path, {"reason": ""})
    assert status == 400
    status, new = api.post(path, {"reason": "罚款金额笔误"})
    assert (
        status == 201
        and new["version"] == 2
        and new["previous"] == first["id"]
        and new["reason"] == "罚款金额笔误"
    )
    status, body = api.post(path, {"reason": "再改"})
    assert status == 409 and "新版本" in body["detail"]
    status, issued = api.post(f"/api/cases/{case_id}/documents/{new['id']}/issue/", {})
    assert status == 200 and issued["number"] == first["number"]
    status, listing = api.get(f"/api/cases/{case_id}/documents/")
    assert [(d["version"], d["status"]) for d in listing["results"]] == [(1, "superseded"), (2, "issued")]


def test_who_may_do_what(api, team, clock, judy, ivan):
    from tests.cases.conftest import to_awaiting_decision

    alice, erin = team["alice"], team["erin"]
    case_id = register(api, alice, team["frank"])
    status, body = api.as_(alice).post(f"/api/cases/{case_id}/documents/", {"type": "penalty_decision"})
    assert status == 403 and "案源登记" in body["detail"] and "立案报告" in body["detail"]
    status, body = api.as_(judy).post(f"/api/cases/{case_id}/documents/", {"type": "filing_report"})
    assert status == 403
    status, body = api.as_(ivan).get(f"/api/cases/{case_id}/documents/")
    assert status == 404
    other = to_awaiting_decision(api, team, clock)
    decision = draft(api, alice, other, "penalty_decision")
    assert not decision["may_issue"]
    status, body = api.as_(alice).post(f"/api/cases/{other}/documents/{decision['id']}/issue/", {})
    assert status == 403 and "作出处罚决定" in body["detail"]
    status, body = api.as_(erin).post(f"/api/cases/{case_id}/documents/{decision['id']}/issue/", {})
    assert status == 404  # a document of another case
    status, body = api.as_(erin).post(f"/api/cases/{other}/documents/{decision['id']}/issue/", {})
    assert status == 200 and Document.objects.get(pk=decision["id"]).issued_by == erin


def test_the_schema_lists_the_documents_api(client, alice):
    client.force_login(alice)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/cases/{case_id}/documents/", "/api/cases/{case_id}/documents/{document_id}/issue/",
                 "/api/cases/{case_id}/documents/{document_id}/revise/"):  # fmt: skip
        assert path in schema
