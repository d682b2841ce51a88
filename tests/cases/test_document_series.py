"""A case holds several 份 of a repeatable document (two 现场笔录), through the API and the case page; a
decision stays one document (a correction is a new version)."""

from __future__ import annotations

import pytest
from django.test import Client

from sanxiang.documents.models import Document
from tests.cases.conftest import draft, issue, to_awaiting_decision, to_investigation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_types")]


def _page(user, case_id) -> str:
    client = Client()
    client.force_login(user)
    return client.get(f"/cases/{case_id}/").content.decode()


def test_the_api_drafts_and_issues_a_second_inspection_record(api, team, clock):
    alice = team["alice"]
    case_id = to_investigation(api, team)
    first = issue(api, alice, case_id, "inspection_record")
    second = draft(api, alice, case_id, "inspection_record", {"opinion": "复查：已整改。"})
    assert (first["series"], second["series"], second["version"]) == (1, 2, 1)
    assert second["id"] != first["id"] and second["previous"] is None and second["may_issue"]
    status, issued = api.as_(alice).post(f"/api/cases/{case_id}/documents/{second['id']}/issue/", {})
    assert status == 200 and issued["status"] == "issued" and issued["series"] == 2
    status, listing = api.get(f"/api/cases/{case_id}/documents/")
    rows = [(d["type"], d["series"], d["version"], d["status"]) for d in listing["results"]]
    assert ("inspection_record", 1, 1, "issued") in rows and ("inspection_record", 2, 1, "issued") in rows
    offered = {d["type"]: d["repeatable"] for d in listing["draftable"]}
    assert offered["inspection_record"] is True


def test_the_api_refuses_a_second_penalty_decision(api, team, clock):
    alice, erin = team["alice"], team["erin"]
    case_id = to_awaiting_decision(api, team, clock)
    decision = issue(api, alice, case_id, "penalty_decision", issuer=erin)
    assert decision["series"] == 1
    status, body = api.as_(alice).post(f"/api/cases/{case_id}/documents/", {"type": "penalty_decision"})
    assert status == 409 and "新版本" in body["detail"]
    assert Document.objects.filter(subject_id=str(case_id), type__code="penalty_decision").count() == 1


def test_the_case_page_lists_each_series_and_offers_another(api, team, clock):
    alice = team["alice"]
    case_id = to_investigation(api, team)
    page = _page(alice, case_id)
    assert "起草《现场笔录》" in page and "再起草一份《现场笔录》" not in page
    issue(api, alice, case_id, "inspection_record")
    page = _page(alice, case_id)
    assert "再起草一份《现场笔录》" in page and "《现场笔录》（第1份）" in page
    client = Client()
    client.force_login(alice)
    response = client.post(f"/cases/{case_id}/documents/", {"type": "inspection_record"})
    assert response.status_code == 302
    second = Document.objects.get(subject_id=str(case_id), type__code="inspection_record", series=2)
    assert response["Location"] == f"/cases/{case_id}/documents/{second.pk}/"
    edit = client.get(response["Location"]).content.decode()
    assert "《现场笔录》（第2份）" in edit
    page = _page(alice, case_id)
    assert "《现场笔录》（第1份）" in page and "《现场笔录》（第2份）" in page
    assert "签发《现场笔录》（第2份）" in page
    assert "再起草一份《现场笔录》" in page  # still offered: a third visit is possible
    assert "再起草一份《行政处罚决定书》" not in page
