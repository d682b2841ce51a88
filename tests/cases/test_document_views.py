"""The 文书 section of the case page: only the documents the current step needs and only the actions the user
may take; draft → edit → issue → new version through the screens; refusals as Chinese messages (4xx)."""

from __future__ import annotations

import pytest
from django.test import Client

from sanxiang.cases.models import Case
from sanxiang.documents.models import Document
from tests.cases.conftest import act, issue, opinion, prenumbered_forms, register, submit, to_investigation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_types")]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def _reviewed(api, team):
    case_id = to_investigation(api, team)
    act(api, team["grace"], case_id, "end_investigation")
    submit(api, team["alice"], case_id)
    opinion(api, team["dave"], case_id)
    return case_id


def test_the_officer_drafts_edits_and_issues_the_notice_then_may_notify(api, team, clock):
    alice = team["alice"]
    case_id = _reviewed(api, team)
    officer = client_for(alice)
    page = text(officer.get(f"/cases/{case_id}/"))
    assert "起草《行政处罚事先告知书》" in page and "起草《行政处罚决定书》" not in page  # only this step's
    assert "暂不能送达事先告知书" in page and "请先在案件的“文书”中起草并签发《行政处罚事先告知书》" in page
    response = officer.post(f"/cases/{case_id}/documents/", {"type": "penalty_notice"})
    document = Document.objects.get(subject_id=str(case_id), type__code="penalty_notice")
    assert (
        response.status_code == 302 and response["Location"] == f"/cases/{case_id}/documents/{document.pk}/"
    )
    edit = text(officer.get(response["Location"]))
    assert "未取得卫生许可证擅自营业" in edit  # pre-filled from the case
    response = officer.post(f"/cases/{case_id}/documents/{document.pk}/",
                            {"facts": "经查，当事人未取得卫生许可证擅自营业。", "discretion": "首次违法，从轻。"})  # fmt: skip
    assert response.status_code == 302
    document.refresh_from_db()
    assert (
        document.context["facts"] == "经查，当事人未取得卫生许可证擅自营业。" and document.status == "draft"
    )
    page = text(officer.get(f"/cases/{case_id}/"))
    assert f"/cases/{case_id}/documents/{document.pk}/issue/" in page and "修改草稿" in page
    response = officer.post(f"/cases/{case_id}/documents/{document.pk}/issue/")
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == "issued" and document.number.text.endswith("号")
    page = text(officer.get(f"/cases/{case_id}/"))
    assert document.number.text in page and f"/documents/{document.pk}/download.docx" in page
    assert f"/documents/{document.pk}/preview/" in page and "更正：生成新版本" in page
    assert officer.get(f"/documents/{document.pk}/download.docx").status_code == 200
    assert f"/cases/{case_id}/do/notify/" in page  # the step is now offered
    assert officer.post(f"/cases/{case_id}/do/notify/", {}).status_code == 302
    assert Case.objects.get(pk=case_id).status == "notified"


def test_an_issued_document_is_corrected_with_a_new_version_and_a_reason(api, team, clock):
    alice = team["alice"]
    case_id = _reviewed(api, team)
    first = issue(api, alice, case_id, "penalty_notice")
    officer = client_for(alice)
    response = officer.post(f"/cases/{case_id}/documents/{first['id']}/revise/", {"reason": ""})
    assert response.status_code == 400 and "理由" in text(response)
    response = officer.post(f"/cases/{case_id}/documents/{first['id']}/revise/", {"reason": "当事人地址有误"})
    new = Document.objects.get(previous_id=first["id"])
    assert response.status_code == 302 and new.version == 2 and new.reason == "当事人地址有误"
    officer.post(f"/cases/{case_id}/documents/{new.pk}/", {"facts": "更正后的事实"})
    assert officer.post(f"/cases/{case_id}/documents/{new.pk}/issue/").status_code == 302
    old = Document.objects.get(pk=first["id"])
    new.refresh_from_db()
    assert old.status == "superseded" and new.status == "issued" and new.number_id == old.number_id
    response = officer.post(f"/cases/{case_id}/documents/{old.pk}/", {"facts": "改"})
    assert response.status_code == 409 and "已签发" in text(response)


def test_the_decision_is_drafted_by_the_officer_and_issued_only_by_the_leader(api, team, clock):
    from tests.cases.conftest import to_awaiting_decision

    alice, erin = team["alice"], team["erin"]
    case_id = to_awaiting_decision(api, team, clock)
    officer, leader = client_for(alice), client_for(erin)
    officer.post(f"/cases/{case_id}/documents/", {"type": "penalty_decision"})
    decision = Document.objects.get(subject_id=str(case_id), type__code="penalty_decision")
    page = text(officer.get(f"/cases/{case_id}/"))
    assert "签发《行政处罚决定书》" not in page  # the officer may not issue it
    response = officer.post(f"/cases/{case_id}/documents/{decision.pk}/issue/")
    assert response.status_code == 403 and "签发" in text(response)
    assert "签发《行政处罚决定书》" in text(leader.get(f"/cases/{case_id}/"))
    assert leader.post(f"/cases/{case_id}/documents/{decision.pk}/issue/").status_code == 302
    assert leader.post(f"/cases/{case_id}/do/decide/", {"decision_number": ""}).status_code == 302
    decision.refresh_from_db()
    assert Case.objects.get(pk=case_id).decision_number == decision.number.text


def test_a_document_of_another_step_and_a_supervisor_are_refused(api, team, clock, judy, ivan):
    alice = team["alice"]
    case_id = register(api, alice, team["frank"])
    officer = client_for(alice)
    page = text(officer.get(f"/cases/{case_id}/"))
    assert "起草《立案报告》" in page and "起草《当场行政处罚决定书》" not in page  # a general-procedure case
    response = officer.post(f"/cases/{case_id}/documents/", {"type": "penalty_decision"})
    assert response.status_code == 403 and "不需要《行政处罚决定书》" in text(response)
    response = officer.post(f"/cases/{case_id}/documents/", {"type": "no_such_type"})
    assert response.status_code == 400 and "没有这种文书" in text(response)
    page = text(client_for(judy).get(f"/cases/{case_id}/"))
    assert "起草《" not in page
    assert client_for(judy).post(f"/cases/{case_id}/documents/", {"type": "filing_report"}).status_code == 403
    assert client_for(ivan).post(f"/cases/{case_id}/documents/", {"type": "filing_report"}).status_code == 404
    assert not Document.objects.exists()


def test_the_on_the_spot_form_is_issued_with_its_printed_number(api, team, clock):
    alice = team["alice"]
    forms = prenumbered_forms(alice)
    case_id = register(api, alice, team["frank"], procedure="simplified", penalty=("fine",), fine="200")
    officer = client_for(alice)
    assert "起草《立案报告》" not in text(officer.get(f"/cases/{case_id}/"))  # simplified: no 立案
    officer.post(f"/cases/{case_id}/documents/", {"type": "on_the_spot_decision"})
    document = Document.objects.get(subject_id=str(case_id))
    page = text(officer.get(f"/cases/{case_id}/"))
    assert "所用预编号文书上印制的编号" in page and all(f'<option value="{n}">' in page for n in forms)
    response = officer.post(
        f"/cases/{case_id}/documents/{document.pk}/issue/", {"prenumber": "某卫公当〔2025〕99号"}
    )
    assert response.status_code in (400, 409) and "99" in text(response)
    response = officer.post(f"/cases/{case_id}/documents/{document.pk}/issue/", {"prenumber": forms[1]})
    assert response.status_code == 302
    response = officer.post(f"/cases/{case_id}/do/decide_on_the_spot/", {"credentials_shown": "1"})
    assert response.status_code == 302
    assert Case.objects.get(pk=case_id).decision_number == forms[1]
