"""涉案物品: recorded while investigating, printed in the 物品清单 and the 查封扣押决定书 / 证据先行登记保存决定书;
a wrong line is withdrawn with a reason and no longer printed."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from docx import Document as Docx

from sanxiang.documents.models import Document
from sanxiang.documents.services import read_blob
from sanxiang.records.models import Event
from tests.cases.conftest import act, draft, issue, register, to_investigation

pytestmark = pytest.mark.usefixtures("document_types")


def docx_text(document_id: int) -> str:
    """Every paragraph and table cell of the issued document's .docx."""
    doc = Docx(io.BytesIO(read_blob(Document.objects.get(pk=document_id).docx_blob)))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def record(api, user, case_id, expect=201, **item):
    data = {
        "kind": "seizure",
        "name": "染发剂",
        "specification": "500 ml/瓶",
        "quantity": "12",
        "unit": "瓶",
        **item,
    }
    status, body = api.as_(user).post(f"/api/cases/{case_id}/items/", data)
    assert status == expect, body
    return body


def test_items_are_printed_in_the_item_list_and_the_seizure_decision(api, team, clock):
    alice = team["alice"]
    case_id = to_investigation(api, team)
    towel = record(
        api, alice, case_id, name="毛巾", specification="", quantity="30", unit="条", note="无消毒记录"
    )
    record(api, alice, case_id, quantity="12.000")
    wrong = record(api, alice, case_id, name="错误登记", quantity="1", unit="件")
    record(
        api, alice, case_id, kind="preservation", name="消毒记录本", specification="", quantity="1", unit="本"
    )
    status, body = api.post(f"/api/cases/{case_id}/items/{wrong['id']}/withdraw/", {"reason": ""})
    assert status == 400
    status, body = api.post(f"/api/cases/{case_id}/items/{wrong['id']}/withdraw/", {"reason": "登记错误"})
    assert status == 200 and body["withdrawn_reason"] == "登记错误"
    assert towel["quantity_text"] == "30 条"
    assert Event.objects.filter(action="case.item_record", subject_id=str(case_id)).count() == 4
    listing = issue(api, alice, case_id, "item_list")
    text = docx_text(listing["id"])
    assert (
        "毛巾" in text
        and "30 条" in text
        and "无消毒记录" in text
        and "12 瓶" in text
        and "500 ml/瓶" in text
    )
    assert "错误登记" not in text and "消毒记录本" not in text  # withdrawn; another measure
    decision = issue(api, alice, case_id, "seizure_decision")
    assert "染发剂" in docx_text(decision["id"])
    preservation = issue(api, alice, case_id, "evidence_preservation")
    text = docx_text(preservation["id"])
    assert "消毒记录本" in text and "染发剂" not in text
    client = Client()
    client.force_login(alice)
    preview = client.get(f"/documents/{listing['id']}/preview/").content.decode()
    assert "毛巾" in preview and "30 条" in preview


def test_items_are_refused_outside_the_investigation_and_with_bad_input(api, team, clock):
    alice, dave = team["alice"], team["dave"]
    case_id = register(api, alice, team["frank"])
    body = record(api, alice, case_id, expect=409)
    assert "调查取证" in body["detail"]
    act(api, team["grace"], case_id, "file")
    record(api, alice, case_id, expect=400, quantity="十二")
    body = record(api, alice, case_id, expect=400, quantity="-1")
    body = record(api, alice, case_id, expect=400, unit="")
    status, body = api.as_(dave).post(f"/api/cases/{case_id}/items/", {"kind": "seizure", "name": "x",
                                                                      "quantity": "1", "unit": "件"})  # fmt: skip
    assert status in (403, 404)
    status, body = api.as_(alice).get(f"/api/cases/{case_id}/items/")
    assert status == 200 and body["results"] == []


def test_the_case_page_records_items_and_the_seizure_documents_come_first(api, team, clock):
    alice = team["alice"]
    case_id = to_investigation(api, team)
    client = Client()
    client.force_login(alice)
    page = client.get(f"/cases/{case_id}/").content.decode()
    assert "登记涉案物品" in page and "起草《查封扣押决定书》" in page and "起草《物品清单》" in page
    response = client.post(f"/cases/{case_id}/items/", {"kind": "seizure", "name": "消毒柜", "quantity": "2",
                                                        "unit": "台", "specification": "", "note": ""})  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        f"/cases/{case_id}/items/", {"kind": "seizure", "name": "", "quantity": "2", "unit": "台"}
    )
    assert response.status_code == 400 and "物品名称" in response.content.decode()
    assert "2 台" in client.get(f"/cases/{case_id}/").content.decode()
    document = draft(api, alice, case_id, "item_list")
    assert Document.objects.get(pk=document["id"]).context["items"][0]["quantity"] == "2 台"
