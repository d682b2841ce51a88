"""Whole general-procedure cases through the API, the way officers, reviewers and leaders drive them."""

from __future__ import annotations

import datetime as dt
import io
import json

from sanxiang.cases.models import Case, CaseTransition
from sanxiang.records.models import Event
from tests.cases.conftest import (
    FINDINGS_OK,
    act,
    complete,
    decide,
    inspect,
    issue,
    opinion,
    register,
    submit,
    to_awaiting_decision,
    to_investigation,
)


def test_general_case_with_review_passing_at_once_is_decided_served_paid_and_closed(api, team, clock):
    alice, grace = team["alice"], team["grace"]
    case_id = to_awaiting_decision(api, team, clock)
    body, decision = decide(api, team, case_id)
    assert body["status"] == "decided"
    assert body["number"] == "某卫公立〔2025〕001号"
    assert body["decision_number"] == decision["number"] == "某卫公罚〔2025〕1号"
    body = act(api, alice, case_id, "serve", {"method": "direct", "signed_on": "2025-09-26"})
    assert body["status"] == "executing"
    # 15 calendar days from 26 September end on 11 October, a make-up working day (调休): no shift.
    assert body["dates"]["payment_due_on"] == "2025-10-11"
    status, paid = api.as_(alice).post(f"/api/cases/{case_id}/payments/",
                                       {"amount": "3000", "receipt_number": "BANK-1"})  # fmt: skip
    assert status == 201 and paid["outstanding"] == "0.00"
    act(api, alice, case_id, "complete_execution")
    issue(api, alice, case_id, "closing_report", issuer=grace)
    body = act(api, grace, case_id, "close")
    assert body["status"] == "closed"
    states = list(CaseTransition.objects.filter(case_id=case_id).values_list("state_to", flat=True))
    assert states[:3] == ["investigating", "investigating", "investigation_ended"]
    assert states[-1] == "closed"
    assert [s["mark"] for s in body["progress"] if s["state"] == "closed"] == ["current"]


def test_review_with_problems_returns_the_case_and_the_resubmission_is_a_new_round(api, team, clock):
    alice, grace, dave = team["alice"], team["grace"], team["dave"]
    case_id = to_investigation(api, team)
    act(api, grace, case_id, "end_investigation")
    submit(api, alice, case_id)
    findings = {**FINDINGS_OK,
                "evidence": {"ok": False, "note": "缺少营业时间的证据"}}  # fmt: skip
    body = opinion(api, dave, case_id, findings)
    assert body["conclusion"] == "problems" and "缺少营业时间的证据" in body["problems"]
    status, case = api.as_(alice).get(f"/api/cases/{case_id}/")
    assert case["status"] == "investigation_ended"
    submit(api, alice, case_id)
    opinion(api, dave, case_id)
    status, rounds = api.as_(dave).get(f"/api/cases/{case_id}/review/submissions/")
    assert [(r["round"], r["opinion"]["conclusion"]) for r in rounds["results"]] == [
        (1, "problems"),
        (2, "agree"),
    ]
    assert Case.objects.get(pk=case_id).status == "reviewed"


def test_case_with_a_hearing_is_reviewed_again_after_the_hearing(api, team, clock, carol):
    alice, frank, grace, dave, erin = (team[k] for k in ("alice", "frank", "grace", "dave", "erin"))
    case_id = register(
        api, alice, frank, penalty=("warning", "fine"), fine="25000"
    )  # ≥ 20,000: hearing right
    act(api, grace, case_id, "file")
    complete(api, alice, case_id, inspect(api, alice, frank, case_id))
    act(api, grace, case_id, "end_investigation")
    submit(api, alice, case_id)
    opinion(api, dave, case_id)
    issue(api, alice, case_id, "penalty_notice")
    body = act(api, alice, case_id, "notify", {"served_on": "2025-09-26"}, expect=409)
    assert body["code"] == "notice_documents_issued" and "《听证告知书》" in body["detail"]  # art. 63: 25,000
    issue(api, alice, case_id, "hearing_notice")
    act(api, alice, case_id, "notify", {"served_on": "2025-09-26"})
    act(api, alice, case_id, "request_hearing", {"requested_on": "2025-09-26"})
    # Notice on 26 September: the 7th working day after is 13 October (28 Sep and 11 Oct are make-up days,
    # 1–8 Oct off), so a hearing on the 11th is too early.
    body = act(api, alice, case_id, "schedule_hearing",
               {"hearing_on": "2025-10-11", "notice_served_on": "2025-09-26", "host": grace.pk}, expect=409)  # fmt: skip
    assert "2025-10-13" in body["detail"]
    act(api, alice, case_id, "schedule_hearing",
        {"hearing_on": "2025-10-13", "notice_served_on": "2025-09-26", "host": grace.pk})  # fmt: skip
    clock.move_to(dt.datetime(2025, 10, 13, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    act(api, alice, case_id, "hold_hearing", {"record": "听证笔录"})
    submit(api, alice, case_id, expect=400)  # the hearing record is missing
    submit(api, alice, case_id, hearing_record="听证笔录：当事人陈述……")
    opinion(api, dave, case_id)
    body, _decision = decide(api, team, case_id)
    assert body["status"] == "decided"


def test_seizure_cannot_be_completed_until_a_video_is_attached(api, team, clock, local_storage):
    from sanxiang.records.evidence import evidence_add

    alice, frank = team["alice"], team["frank"]
    case_id = to_investigation(api, team)
    issue(api, alice, case_id, "seizure_decision")
    issue(api, alice, case_id, "item_list")
    activity = inspect(api, alice, frank, case_id, kind="seizure")
    body = complete(api, alice, case_id, activity, expect=409)
    assert body["code"] == "av_recording_required" and "音像" in body["detail"]
    photo = evidence_add(actor=alice, source=io.BytesIO(b"jpg"), kind="photo", filename="a.jpg")
    status, _ = api.as_(alice).post(
        f"/api/cases/{case_id}/activities/{activity}/evidence/", {"item": photo.pk}
    )
    assert status == 201
    complete(api, alice, case_id, activity, expect=409)  # a photo is not a recording
    video = evidence_add(actor=alice, source=io.BytesIO(b"mp4 bytes"), kind="video", filename="v.mp4")
    api.post(f"/api/cases/{case_id}/activities/{activity}/evidence/", {"item": video.pk})
    body = complete(api, alice, case_id, activity)
    assert body["status"] == "completed" and body["av_linked"]
    status, case = api.get(f"/api/cases/{case_id}/")
    assert any(d["code"] == "seizure" and d["due_on"] == "2025-10-27" for d in case["deadlines"])


def test_review_recommending_transfer_leads_to_a_transfer_to_the_police(api, team, clock):
    alice, grace, dave, erin = team["alice"], team["grace"], team["dave"], team["erin"]
    case_id = to_investigation(api, team)
    act(api, grace, case_id, "end_investigation")
    submit(api, alice, case_id)
    body = opinion(api, dave, case_id, {**FINDINGS_OK, "crime": {"ok": False, "note": "涉嫌非法行医罪"}})
    assert body["conclusion"] == "transfer"
    act(api, erin, case_id, "approve_transfer")
    body = act(api, alice, case_id, "transfer", {"receiving_body": "某区公安分局"})
    assert body["status"] == "transferred"


def test_first_violation_is_not_penalized_after_an_education_record(api, team, clock):
    alice, frank, grace, erin = team["alice"], team["frank"], team["grace"], team["erin"]
    case_id = to_investigation(api, team)
    act(api, grace, case_id, "end_investigation")
    body = act(api, erin, case_id, "decide_no_penalty", {"ground": "first_violation"}, expect=409)
    assert "教育" in body["detail"]
    status, edu = api.as_(alice).post(f"/api/cases/{case_id}/activities/", {
        "kind": "education", "officers": [alice.pk, frank.pk], "started_at": "2025-09-26T10:00:00+08:00",
        "place": "某路 1 号", "record": "宣讲公共场所卫生管理条例",
    })  # fmt: skip
    complete(api, alice, case_id, edu["id"])
    body = act(api, erin, case_id, "decide_no_penalty", {"ground": "first_violation"})
    assert body["status"] == "not_penalized"


def test_every_transition_appends_exactly_one_event(api, team, clock):
    case_id = to_awaiting_decision(api, team, clock)
    events = Event.objects.filter(subject_type="cases.case", subject_id=str(case_id))
    by_transition = {}
    for event in events:
        payload = json.loads(event.entry)["payload"]
        if "transition_id" in payload:
            by_transition.setdefault(payload["transition_id"], []).append(event.action)
    rows = CaseTransition.objects.filter(case_id=case_id)
    assert sorted(by_transition) == sorted(r.pk for r in rows)
    assert all(by_transition[r.pk] == [f"case.{r.action}"] for r in rows)
