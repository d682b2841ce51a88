"""Simplified procedure, suspension, execution (instalments, non-payment → court) and a revoked decision."""

from __future__ import annotations

import datetime as dt

from sanxiang.cases.models import CaseDeadline
from tests.cases.conftest import (
    act,
    decide,
    draft,
    issue,
    prenumbered_forms,
    register,
    to_awaiting_decision,
    to_investigation,
)

CST = dt.timezone(dt.timedelta(hours=8))


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=9, tzinfo=CST)


def test_simplified_case_is_decided_on_the_spot_and_filed_with_the_agency(api, team, clock):
    alice, frank, grace = team["alice"], team["frank"], team["grace"]
    form, other = prenumbered_forms(alice)[:2]
    case_id = register(api, alice, frank, procedure="simplified", penalty=("fine",), fine="3500")
    body = act(api, alice, case_id, "decide_on_the_spot", {"decision_number": form, "credentials_shown": True},
               expect=409)  # fmt: skip
    assert "3000" in body["detail"] and body["code"] == "simplified_procedure_thresholds"
    act(api, alice, case_id, "set_penalty", {"penalty_kinds": ["fine"], "fine": "200"})
    body = act(api, alice, case_id, "decide_on_the_spot", {"decision_number": form, "credentials_shown": False},
               expect=409)  # fmt: skip
    assert body["code"] == "credentials_shown"
    # 处罚法 art. 52: the pre-numbered form is filled in and issued first.
    body = act(api, alice, case_id, "decide_on_the_spot", {"credentials_shown": True}, expect=409)
    assert body["code"] == "on_the_spot_document_issued" and "《当场行政处罚决定书》" in body["detail"]
    document = draft(api, alice, case_id, "on_the_spot_decision")
    status, body = api.post(f"/api/cases/{case_id}/documents/{document['id']}/issue/", {})
    assert status == 400 and "预编号" in body["detail"]
    status, body = api.post(f"/api/cases/{case_id}/documents/{document['id']}/issue/", {"prenumber": form})
    assert status == 200 and body["number"] == form and body["status"] == "issued"
    body = act(api, alice, case_id, "decide_on_the_spot", {"decision_number": other, "credentials_shown": True},
               expect=400)  # fmt: skip
    assert form in body["detail"] and other in body["detail"]
    body = act(
        api, alice, case_id, "decide_on_the_spot", {"decision_number": form, "credentials_shown": True}
    )
    assert body["status"] == "on_the_spot" and body["decision_number"] == form
    body = act(api, grace, case_id, "file_on_the_spot_record")
    assert body["status"] == "executing"


def test_a_suspension_moves_the_90_day_deadline_by_the_suspended_days(api, team, clock):
    erin = team["erin"]
    case_id = to_investigation(api, team)
    due = CaseDeadline.objects.get(case_id=case_id, code="decision", outcome="open").deadline.due_on
    assert due == dt.date(2025, 12, 25)  # 26 Sep + 90 days
    act(api, erin, case_id, "suspend", {"reason": "当事人下落不明"})
    assert not CaseDeadline.objects.filter(case_id=case_id, code="decision", outcome="open").exists()
    clock.move_to(at("2025-10-16"))  # 20 days suspended
    body = act(api, erin, case_id, "resume", {"reason": "已找到当事人"})
    assert body["status"] == "investigating"
    due = CaseDeadline.objects.get(case_id=case_id, code="decision", outcome="open").deadline.due_on
    assert due == dt.date(2026, 1, 14)  # 25 Dec + 20 days


def test_decision_after_90_days_is_refused_until_an_extension_is_approved(api, team, clock):
    erin = team["erin"]
    case_id = to_awaiting_decision(api, team, clock)
    clock.move_to(at("2025-12-26"))
    decision = issue(api, team["alice"], case_id, "penalty_decision", issuer=erin)
    body = act(api, erin, case_id, "decide", {"decision_number": decision["number"]}, expect=409)
    assert body["code"] == "decision_within_time_limit" and "2025-12-25" in body["detail"]
    act(api, erin, case_id, "approve_extension", {"days": 30, "reason": "案情复杂"})
    body = act(api, erin, case_id, "decide", {"decision_number": "某卫公罚〔2025〕999号"}, expect=400)
    assert "不一致" in body["detail"] and decision["number"] in body["detail"]
    act(api, erin, case_id, "decide", {"decision_number": decision["number"]})


def _decided_and_served(api, team, clock, served="2025-09-26"):
    case_id = to_awaiting_decision(api, team, clock)
    decide(api, team, case_id)
    act(api, team["alice"], case_id, "serve", {"method": "direct", "signed_on": served})
    return case_id


def test_instalment_payment_after_approval(api, team, clock):
    alice, erin = team["alice"], team["erin"]
    case_id = _decided_and_served(api, team, clock)
    plan = {
        "instalments": [
            {"due_on": "2025-10-31", "amount": "1500"},
            {"due_on": "2025-11-28", "amount": "1500"},
        ]
    }
    body = act(api, erin, case_id, "approve_deferral", plan, expect=409)
    assert body["code"] == "deferral_applied"
    act(api, alice, case_id, "record_deferral_application", {"reason": "经营困难，申请分两期缴纳"})
    body = act(api, erin, case_id, "approve_deferral", plan)
    assert body["dates"]["payment_due_on"] == "2025-11-28"
    clock.move_to(at("2025-10-30"))
    api.as_(alice).post(f"/api/cases/{case_id}/payments/", {"amount": "1500", "receipt_number": "B-1"})
    act(api, alice, case_id, "complete_execution", expect=409)
    clock.move_to(at("2025-11-27"))
    status, body = api.as_(alice).post(
        f"/api/cases/{case_id}/payments/", {"amount": "1500", "receipt_number": "B-2"}
    )
    assert status == 201 and body["outstanding"] == "0.00"
    body = act(api, alice, case_id, "complete_execution")
    assert body["status"] == "executed"


def test_non_payment_leads_to_a_reminder_and_a_court_application(api, team, clock):
    alice, erin = team["alice"], team["erin"]
    case_id = _decided_and_served(api, team, clock)
    body = act(api, alice, case_id, "serve_reminder", expect=409)
    assert body["code"] == "payment_overdue"
    clock.move_to(at("2025-10-20"))  # due 11 October; 9 days late
    status, owed = api.as_(alice).get(f"/api/cases/{case_id}/payments/")
    assert owed["late_fee_days"] == 9 and owed["late_fee"] == "810.00"  # 3000 × 3 % × 9
    body = act(api, alice, case_id, "serve_reminder", expect=409)
    assert body["code"] == "reminder_document_issued" and "《催告书》" in body["detail"]
    issue(api, alice, case_id, "payment_reminder")
    act(api, alice, case_id, "serve_reminder")
    body = act(api, erin, case_id, "apply_court_enforcement", {"court": "某区人民法院"}, expect=409)
    assert body["code"] == "court_application_allowed"
    clock.move_to(at("2026-04-01"))  # after the 6-month litigation period (26 Mar) and the reminder
    body = act(api, erin, case_id, "apply_court_enforcement", {"court": "某区人民法院"})
    assert body["status"] == "court_enforcement"
    assert body["owed"]["late_fee"] == "3000.00"  # capped at the fine


def test_a_decision_later_revoked_by_reconsideration(api, team, clock):
    erin, grace = team["erin"], team["grace"]
    case_id = _decided_and_served(api, team, clock)
    body = act(api, erin, case_id, "revoke", {"deciding_body": "", "reason": "事实不清"}, expect=409)
    assert body["code"] == "deciding_body_and_reason_given"
    body = act(api, erin, case_id, "revoke",
               {"deciding_body": "某区人民政府（行政复议机关）", "reason": "认定事实不清", "document_number": "复决字〔2025〕3号"})  # fmt: skip
    assert body["status"] == "revoked"
    # 撤销 starts the 3-working-day withdrawal (处罚法 art. 48); now that the decision is an issued document, the
    # publicity app withdraws a published disclosure in the same transaction and marks it met at once.
    withdrawal = CaseDeadline.objects.filter(case_id=case_id, code="publication_withdrawal")
    assert withdrawal.count() == 1 and withdrawal.get().outcome in ("open", "met")
    assert not any(d["code"] == "payment" for d in body["deadlines"])
    assert act(api, grace, case_id, "close", expect=409)["code"] == "closing_report_issued"
    issue(api, grace, case_id, "closing_report")
    assert act(api, grace, case_id, "close")["status"] == "closed"
