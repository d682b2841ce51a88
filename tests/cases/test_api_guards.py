"""Each guard's refusal through the API (409 with the Chinese reason), and bad input: never a 500."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.models import Activity, Case, CaseCounter
from sanxiang.records.models import Event
from tests.cases.conftest import (
    FINDINGS_OK,
    act,
    complete,
    decide,
    inspect,
    issue,
    opinion,
    party_org,
    register,
    sign_as_officer,
    submit,
    to_investigation,
)

CST = dt.timezone(dt.timedelta(hours=8))


def test_filing_with_an_expired_certificate_is_refused_and_takes_no_number(api, team, clock, bob):
    case_id = register(api, team["alice"], bob)
    events = Event.objects.count()
    body = act(api, team["grace"], case_id, "file", expect=409)
    assert (
        body["code"] == "two_qualified_officers" and "B-0001" in body["detail"] and "过期" in body["detail"]
    )
    assert Case.objects.get(pk=case_id).status == "registered"
    assert Event.objects.count() == events  # a refused service leaves no event …
    assert not CaseCounter.objects.exists()  # … and uses no case number


def test_filing_after_the_limitation_period_is_refused(api, team, clock):
    case_id = register(api, team["alice"], team["frank"], occurred="2023-08-01")
    body = act(api, team["grace"], case_id, "file", expect=409)
    assert body["code"] == "limitation_not_expired" and "2 年" in body["detail"]


def test_an_officer_who_must_step_aside_blocks_filing(api, team, clock):
    alice, frank = team["alice"], team["frank"]
    case_id = register(api, alice, frank)
    status, _ = api.as_(frank).post(f"/api/cases/{case_id}/recusals/",
                                    {"officer": frank.pk, "reason": "当事人是我的亲属", "self_declared": True})  # fmt: skip
    assert status == 201
    body = act(api, team["grace"], case_id, "file", expect=409)
    assert body["code"] == "no_recused_officer"


def test_inspection_without_credentials_shown_is_refused(api, team, clock):
    alice, frank = team["alice"], team["frank"]
    case_id = register(api, alice, frank)
    act(api, team["grace"], case_id, "file")
    activity = inspect(api, alice, frank, case_id, shown=False)
    body = complete(api, alice, case_id, activity, expect=409)
    assert body["code"] == "credentials_shown"
    assert Activity.objects.get(pk=activity).status == "draft"


def test_inspection_without_the_party_signature_or_refusal_is_refused(api, team, clock):
    alice, frank = team["alice"], team["frank"]
    case_id = register(api, alice, frank)
    act(api, team["grace"], case_id, "file")
    activity = inspect(api, alice, frank, case_id, sign=False)
    assert complete(api, alice, case_id, activity, expect=409)["code"] == "party_signature_required"
    status, body = api.as_(alice).post(f"/api/cases/{case_id}/activities/{activity}/signatures/",
                                       {"signer": "party", "refused": True})  # fmt: skip
    assert status == 400 and "见证" in body["detail"]
    api.post(f"/api/cases/{case_id}/activities/{activity}/signatures/",
             {"signer": "party", "refused": True, "refusal_witness": "社区网格员李某"})  # fmt: skip
    assert complete(api, alice, case_id, activity)["status"] == "completed"


def test_inspection_without_every_officers_signature_is_refused_and_nothing_is_stored(api, team, clock):
    alice, frank = team["alice"], team["frank"]
    case_id = register(api, alice, frank)
    act(api, team["grace"], case_id, "file")
    activity = inspect(api, alice, frank, case_id, officers_sign=False)
    sign_as_officer(api, case_id, activity, alice)  # 爱丽丝 signs, 弗兰克 does not
    state, events = Case.objects.get(pk=case_id).state, Event.objects.count()
    body = complete(api, alice, case_id, activity, expect=409)
    assert body["code"] == "officer_signature_required"
    assert "弗兰克" in body["detail"] and "爱丽丝" not in body["detail"]
    row = Activity.objects.get(pk=activity)
    assert row.status == "draft" and row.completed_at is None
    assert Case.objects.get(pk=case_id).state == state and Event.objects.count() == events
    status, body = api.as_(alice).post(f"/api/cases/{case_id}/activities/{activity}/signatures/",
                                       {"signer": "officer", "officer": frank.pk, "refused": True})  # fmt: skip
    assert status == 400  # an officer cannot refuse to sign
    sign_as_officer(api, case_id, activity, frank)
    assert complete(api, alice, case_id, activity)["status"] == "completed"


def _reviewed(api, team):
    case_id = to_investigation(api, team)
    act(api, team["grace"], case_id, "end_investigation")
    submit(api, team["alice"], case_id)
    opinion(api, team["dave"], case_id)
    issue(api, team["alice"], case_id, "penalty_notice")
    return case_id


def test_closing_the_statement_period_early_is_refused(api, team, clock):
    case_id = _reviewed(api, team)
    act(api, team["alice"], case_id, "notify")
    body = act(api, team["alice"], case_id, "close_statement_period", expect=409)
    assert body["code"] == "statement_period_over_or_waived"
    # 3 working days after 26 September: 28, 29, 30 September → the period ends on the 30th.
    assert "2025-09-30" in body["detail"]


def test_no_decision_without_a_passed_review(api, team, clock):
    alice, grace = team["alice"], team["grace"]
    case_id = to_investigation(api, team)
    act(api, grace, case_id, "end_investigation")
    body = act(api, alice, case_id, "notify", expect=409)  # notice only after the review passed
    assert body["code"] == "wrong_state" and "调查终结" in body["detail"]


def test_hearing_request_after_five_working_days_is_refused(api, team, clock):
    alice, frank, grace, dave = team["alice"], team["frank"], team["grace"], team["dave"]
    case_id = register(api, alice, frank, fine="25000")
    act(api, grace, case_id, "file")
    complete(api, alice, case_id, inspect(api, alice, frank, case_id))
    act(api, grace, case_id, "end_investigation")
    submit(api, alice, case_id)
    opinion(api, dave, case_id)
    issue(api, alice, case_id, "penalty_notice")
    issue(api, alice, case_id, "hearing_notice")
    act(api, alice, case_id, "notify", {"served_on": "2025-09-26"})
    # 5 working days after 26 September: 28, 29, 30 September, 9, 10 October.
    clock.move_to(dt.datetime(2025, 10, 13, 9, tzinfo=CST))
    body = act(api, alice, case_id, "request_hearing", expect=409)
    assert body["code"] == "hearing_request_in_time" and "2025-10-10" in body["detail"]
    act(api, alice, case_id, "request_hearing", {"requested_on": "2025-09-30"})
    body = act(api, alice, case_id, "schedule_hearing",
               {"hearing_on": "2025-10-20", "notice_served_on": "2025-09-26", "host": alice.pk}, expect=409)  # fmt: skip
    assert body["code"] == "hearing_host_not_investigator"


def test_hearing_not_offered_for_a_small_fine(api, team, clock):
    case_id = _reviewed(api, team)
    act(api, team["alice"], case_id, "notify")
    assert act(api, team["alice"], case_id, "request_hearing", expect=409)["code"] == "hearing_right_applies"


def test_electronic_service_without_consent_is_refused(api, team, clock):
    from tests.cases.conftest import to_awaiting_decision

    case_id = to_awaiting_decision(api, team, clock)
    body = act(
        api, team["alice"], case_id, "serve", {"method": "direct", "signed_on": "2025-09-26"}, expect=409
    )
    assert body["code"] == "wrong_state"
    decide(api, team, case_id)
    body = act(
        api, team["alice"], case_id, "serve", {"method": "electronic", "reached_on": "2025-09-26"}, expect=409
    )
    assert body["code"] == "service_method_allowed"
    body = act(api, team["alice"], case_id, "serve", {"method": "postal"}, expect=400)
    assert "回执" in body["detail"]


def test_a_reviewer_who_handled_the_case_may_not_review_it(api, team, clock):
    alice, frank, grace, dave = team["alice"], team["frank"], team["grace"], team["dave"]
    status, body = api.as_(alice).post("/api/cases/", {
        "item": "public_places.unlicensed", "procedure": "general", "source": "投诉", "violation_occurred_on": "2025-09-01",
        "penalty_kinds": ["warning"], "party": party_org(),
        "officers": [{"officer": alice.pk, "role": "lead"}, {"officer": frank.pk, "role": "assistant"},
                     {"officer": dave.pk, "role": "assistant"}],
    })  # fmt: skip
    case_id = body["id"]
    act(api, grace, case_id, "file")
    complete(api, alice, case_id, inspect(api, alice, frank, case_id))
    act(api, grace, case_id, "end_investigation")
    submit(api, alice, case_id)
    body = opinion(api, dave, case_id, expect=409)
    assert body["code"] == "reviewer_did_not_handle_case"


def test_a_first_time_reviewer_needs_a_legal_qualification(api, team, clock, heidi):
    case_id = to_investigation(api, team)
    act(api, team["grace"], case_id, "end_investigation")
    submit(api, team["alice"], case_id)
    body = opinion(api, heidi, case_id, expect=403)
    assert "法律职业资格" in body["detail"]


def test_an_opinion_with_an_unexplained_problem_is_bad_input(api, team, clock):
    case_id = to_investigation(api, team)
    act(api, team["grace"], case_id, "end_investigation")
    submit(api, team["alice"], case_id)
    body = opinion(api, team["dave"], case_id, {**FINDINGS_OK, "law": {"ok": False, "note": ""}}, expect=400)
    assert "适用法律是否准确" in body["detail"]
    body = opinion(api, team["dave"], case_id, {"subject": {"ok": True}}, expect=400)
    assert "尚未填写" in body["detail"]


def test_collective_case_needs_a_recorded_discussion_with_quorum(api, team, clock):
    from tests.cases.conftest import to_awaiting_decision

    erin, grace = team["erin"], team["grace"]
    case_id = to_awaiting_decision(api, team, clock)
    act(api, grace, case_id, "refer_to_collective", {"reason": "情节复杂"})
    issue(api, team["alice"], case_id, "penalty_decision", issuer=erin)
    body = act(api, erin, case_id, "decide", {}, expect=409)
    assert body["code"] == "collective_discussion_recorded"  # the guard in the transition table
    status, body = api.as_(erin).post(f"/api/cases/{case_id}/collective/", {
        "held_at": "2025-09-26T15:00:00+08:00", "place": "局会议室", "attendees": [erin.pk],
        "views": {str(erin.pk): "同意给予警告并罚款 3000 元"}, "decision": "给予警告并罚款 3000 元", "minutes": "会议纪要……",
    })  # fmt: skip
    assert status == 201 and body["quorum_met"]
    assert act(api, erin, case_id, "decide", {})["status"] == "decided"


# -- wrong role, unknown case, wrong state, bad input ---------------------------------------------------------


def test_an_officer_may_not_approve_filing(api, team, clock):
    case_id = register(api, team["alice"], team["frank"])
    body = act(api, team["alice"], case_id, "file", expect=403)
    assert body["code"] == "role" and "负责人" in body["detail"]


def test_unknown_case_and_another_agencys_case_are_both_404(api, team, clock, ivan):
    case_id = register(api, team["alice"], team["frank"])
    for path in (f"/api/cases/{case_id + 100}/", f"/api/cases/{case_id}/"):
        status, body = api.as_(ivan).get(path)
        assert status == 404 and body["detail"] == "案件不存在。"
    status, _ = api.as_(ivan).post(f"/api/cases/{case_id}/actions/file/")
    assert status == 404


def test_a_supervisor_reads_but_may_not_act(api, team, clock, judy):
    case_id = register(api, team["alice"], team["frank"])
    status, body = api.as_(judy).get(f"/api/cases/{case_id}/")
    assert status == 200 and body["available_actions"] == []
    status, body = api.post(f"/api/cases/{case_id}/actions/file/")
    assert status == 403 and "监督人员" in body["detail"]


def test_wrong_state_is_409_with_what_may_be_done(api, team, clock):
    case_id = register(api, team["alice"], team["frank"])
    body = act(api, team["erin"], case_id, "decide", {"decision_number": "D-1"}, expect=409)
    assert body["code"] == "wrong_state" and "案源登记" in body["detail"] and "立案" in body["detail"]


@pytest.mark.parametrize(
    "id_number, words",
    [
        ("11010519491231002", "18 位"),
        ("11010519491231002Y", "前 17 位"),
        ("110105194912310021", "校验位"),
        ("110105194913310029", "出生日期"),
    ],
)
def test_malformed_id_number_is_400_with_the_reason(api, team, clock, id_number, words):
    status, body = api.as_(team["alice"]).post("/api/cases/", {
        "item": "public_places.unlicensed", "procedure": "general", "source": "投诉",
        "party": {"kind": "person", "name": "张某", "id_number": id_number},
        "officers": [{"officer": team["alice"].pk, "role": "lead"}],
    })  # fmt: skip
    assert status == 400 and words in body["detail"], body


def test_a_valid_id_number_is_kept_out_of_the_log_payload(api, team, clock):
    import json

    status, body = api.as_(team["alice"]).post("/api/cases/", {
        "item": "public_places.unlicensed", "procedure": "general", "source": "投诉",
        "party": {"kind": "person", "name": "张某", "id_number": "11010519491231002x", "contact": "13800000000"},
        "officers": [{"officer": team["alice"].pk, "role": "lead"}],
    })  # fmt: skip
    assert status == 201 and body["parties"][0]["id_number"] == "11010519491231002X"
    entry = Event.objects.filter(action="case.register").latest("seq").entry
    assert "11010519491231002X" not in entry and "13800000000" not in entry and "张某" not in entry
    assert set(json.loads(entry)["commitments"]) == {"id_number", "contact", "party_name"}


@pytest.mark.parametrize(
    "change, words",
    [
        ({"fine": "abc"}, "fine"),
        ({"item": "no.such.item"}, "执法事项"),
        ({"procedure": "summary"}, "procedure"),
        ({"officers": []}, "主办"),
        (
            {"party": {"kind": "organisation", "name": "某公司", "credit_code": "91110000000000000X"}},
            "统一社会信用代码",
        ),
    ],
)
def test_bad_registration_input_is_400(api, team, clock, change, words):
    data = {"item": "public_places.unlicensed", "procedure": "general", "source": "投诉", "party": party_org(),
            "officers": [{"officer": team["alice"].pk, "role": "lead"}], **change}  # fmt: skip
    status, body = api.as_(team["alice"]).post("/api/cases/", data)
    assert status == 400 and words in body["detail"], body


def test_unknown_action_and_malformed_action_input_are_400(api, team, clock):
    case_id = register(api, team["alice"], team["frank"])
    assert act(api, team["grace"], case_id, "fly", expect=400)["code"] == "invalid"
    assert (
        act(api, team["erin"], case_id, "approve_extension", {"days": "many"}, expect=400)["code"]
        == "invalid"
    )


def test_anonymous_requests_are_refused(client, db):
    response = client.get("/api/cases/")
    assert response.status_code == 403 and "detail" in response.json()


def test_review_deadline_is_five_working_days_across_the_national_day_holiday(api, team, clock):
    case_id = to_investigation(api, team)
    act(api, team["grace"], case_id, "end_investigation")
    submit(api, team["alice"], case_id)
    status, body = api.as_(team["alice"]).get(f"/api/cases/{case_id}/")
    review = next(d for d in body["deadlines"] if d["code"] == "review")
    # From Friday 26 September: 28 Sep (make-up Sunday), 29, 30 Sep, then 9 and 10 October.
    assert review["due_on"] == "2025-10-10" and review["provisional"] is False
