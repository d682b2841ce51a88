"""The case screens through the Django test client: each role's pages, only the actions allowed now, refusals as
Chinese messages with 4xx (never 500), other agencies' cases not found, ID numbers masked.

Personas: alice (officer, 主办), frank (officer, 协办), grace (unit head), dave (legal reviewer with 法律职业资格),
erin (leader), ivan (officer of another agency), judy (supervisor, read-only) — see tests/cases/conftest.py.
"""

from __future__ import annotations

import pytest
from django.test import Client

from sanxiang.cases.models import Activity, Case, Signature
from sanxiang.records.models import Event
from tests.cases.conftest import ITEM, PNG, act, issue, opinion, register, submit, to_investigation

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"


def officer_signatures(*officers) -> dict[str, str]:
    """The hidden inputs of the officers' signature pads, drawn."""
    return {f"officer_signature_{o.pk}": "data:image/png;base64," + PNG for o in officers}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def register_form(alice, frank, **changes):
    data = {"item": ITEM, "procedure": "general", "source": "投诉举报", "party_kind": "person",
            "party_name": "王某某", "id_number": ID_NUMBER, "credit_code": "", "legal_representative": "",
            "contact": "", "address": "某路 2 号", "facts": "未取得卫生许可证擅自营业",
            "violation_occurred_on": "2025-09-20", "penalty_kinds": ["warning", "fine"], "fine": "3000",
            "lead": str(alice.pk), "assistant": str(frank.pk)}  # fmt: skip
    return {**data, **changes}


def test_officer_registers_a_case_and_its_page_masks_the_id_number(team, clock):
    alice, frank = team["alice"], team["frank"]
    client = client_for(alice)
    assert client.get("/cases/new/").status_code == 200
    response = client.post("/cases/new/", register_form(alice, frank))
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.pk}/"
    page = text(client.get(response["Location"]))
    assert "110105********002X" in page
    assert ID_NUMBER not in page
    assert "王某某" in page and "案源登记" in page
    assert 'aria-current="step"' in page  # the progress marks where the case stands


def test_malformed_id_number_is_refused_with_a_chinese_message(team, clock):
    alice, frank = team["alice"], team["frank"]
    response = client_for(alice).post(
        "/cases/new/", register_form(alice, frank, id_number="110105194912310021")
    )
    assert response.status_code == 400
    assert "身份号码" in text(response)
    assert not Case.objects.exists()


def test_same_lead_and_assistant_is_a_form_error(team, clock):
    alice = team["alice"]
    response = client_for(alice).post("/cases/new/", register_form(alice, alice))
    assert response.status_code == 400
    assert "主办人员和协办人员不能是同一人" in text(response)


def test_only_the_unit_head_is_offered_filing_and_the_officer_is_refused_with_403(api, team, clock):
    alice, frank, grace = team["alice"], team["frank"], team["grace"]
    case_id = register(api, alice, frank)
    officer_page = text(client_for(alice).get(f"/cases/{case_id}/"))
    assert f"/cases/{case_id}/do/file/" not in officer_page
    head_page = text(client_for(grace).get(f"/cases/{case_id}/"))
    assert f"/cases/{case_id}/do/file/" in head_page and "立案" in head_page

    response = client_for(alice).post(f"/cases/{case_id}/do/file/", {"reason": ""})
    assert response.status_code == 403
    assert "承办机构负责人" in text(response)
    response = client_for(grace).post(f"/cases/{case_id}/do/file/", {"reason": ""})
    assert response.status_code == 302
    assert Case.objects.get(pk=case_id).status == "investigating"


def test_an_action_of_another_state_is_refused_with_409(api, team, clock):
    alice, frank, erin = team["alice"], team["frank"], team["erin"]
    case_id = register(api, alice, frank)
    page = text(client_for(erin).get(f"/cases/{case_id}/"))
    assert "/do/decide/" not in page
    response = client_for(erin).post(
        f"/cases/{case_id}/do/decide/", {"decision_number": "某卫公罚〔2025〕9号"}
    )
    assert response.status_code == 409
    assert "不能“作出处罚决定”" in text(response) or "环节" in text(response)
    assert Case.objects.get(pk=case_id).status == "registered"


def test_bad_action_input_and_unknown_action_give_400_not_500(api, team, clock):
    alice, frank, grace = team["alice"], team["frank"], team["grace"]
    case_id = register(api, alice, frank)
    act(api, grace, case_id, "file")
    response = client_for(alice).post(f"/cases/{case_id}/do/notify/", {"served_on": "not-a-date"})
    assert response.status_code in (400, 409)
    assert "日期" in text(response) or "环节" in text(response)
    response = client_for(alice).post(f"/cases/{case_id}/do/no_such_action/", {})
    assert response.status_code == 400
    assert "不能在此办理" in text(response)


def test_another_agencys_officer_gets_404(api, team, clock, ivan):
    case_id = register(api, team["alice"], team["frank"])
    client = client_for(ivan)
    assert client.get(f"/cases/{case_id}/").status_code == 404
    assert client.post(f"/cases/{case_id}/do/file/", {}).status_code == 404
    assert client.get(f"/cases/{case_id}/activities/new/").status_code == 404
    assert client.get("/cases/99999/").status_code == 404


def test_supervisor_reads_but_every_action_is_refused_with_403(api, team, clock, judy):
    case_id = register(api, team["alice"], team["frank"])
    client = client_for(judy)
    assert client.get(f"/cases/{case_id}/").status_code == 200
    response = client.post(f"/cases/{case_id}/do/file/", {})
    assert response.status_code == 403
    assert "监督人员" in text(response)


def test_inspection_with_the_partys_signature_completes_the_step(api, team, clock):
    alice, frank, grace = team["alice"], team["frank"], team["grace"]
    case_id = register(api, alice, frank)
    act(api, grace, case_id, "file")
    client = client_for(alice)
    form = client.get(f"/cases/{case_id}/activities/new/?kind=inspection")
    assert form.status_code == 200 and "签名板" in text(form)
    data = {"kind": "inspection", "officers": [str(alice.pk), str(frank.pk)], "started_at": "2025-09-26T09:30",
            "place": "某路 1 号", "record": "现场检查笔录", "credentials_shown": "on", "signer_name": "王某",
            "signature": "data:image/png;base64," + PNG, "complete": "on",
            **officer_signatures(alice, frank)}  # fmt: skip
    response = client.post(f"/cases/{case_id}/activities/new/", data)
    assert response.status_code == 302, text(response)
    activity = Activity.objects.get(case_id=case_id)
    assert activity.status == "completed" and activity.signatures.filter(signer="party").exists()
    signed = activity.signatures.filter(signer="officer").values_list("officer_id", flat=True)
    assert sorted(signed) == sorted([alice.pk, frank.pk])
    assert "当事人已签名" in text(client.get(f"/cases/{case_id}/"))


def test_inspection_without_an_officers_signature_is_refused_with_409_and_nothing_is_kept(api, team, clock):
    alice, frank, grace = team["alice"], team["frank"], team["grace"]
    case_id = register(api, alice, frank)
    act(api, grace, case_id, "file")
    client = client_for(alice)
    form = text(client.get(f"/cases/{case_id}/activities/new/?kind=inspection"))
    assert "执法人员签名：爱丽丝" in form and "执法人员签名：弗兰克" in form
    data = {"kind": "inspection", "officers": [str(alice.pk), str(frank.pk)], "started_at": "2025-09-26T09:30",
            "place": "某路 1 号", "record": "现场检查笔录", "credentials_shown": "on", "signer_name": "王某",
            "signature": "data:image/png;base64," + PNG, "complete": "on",
            **officer_signatures(alice)}  # fmt: skip
    state, events = Case.objects.get(pk=case_id).state, Event.objects.count()
    response = client.post(f"/cases/{case_id}/activities/new/", data)
    assert response.status_code == 409
    assert "弗兰克尚未在笔录上签名" in text(response)
    assert not Activity.objects.filter(case_id=case_id).exists()
    assert not Signature.objects.filter(activity__case_id=case_id).exists()
    assert Case.objects.get(pk=case_id).state == state and Event.objects.count() == events


def test_inspection_without_signature_or_refusal_is_a_form_error(api, team, clock):
    alice, frank, grace = team["alice"], team["frank"], team["grace"]
    case_id = register(api, alice, frank)
    act(api, grace, case_id, "file")
    data = {"kind": "inspection", "officers": [str(alice.pk), str(frank.pk)], "started_at": "2025-09-26T09:30",
            "place": "某路 1 号", "record": "笔录", "credentials_shown": "on", "complete": "on"}  # fmt: skip
    response = client_for(alice).post(f"/cases/{case_id}/activities/new/", data)
    assert response.status_code == 400
    assert "签名板" in text(response)
    assert not Activity.objects.filter(case_id=case_id).exists()


def test_seizure_without_video_is_refused_with_409_and_nothing_is_kept(api, team, clock):
    alice, frank, grace = team["alice"], team["frank"], team["grace"]
    case_id = register(api, alice, frank)
    act(api, grace, case_id, "file")
    data = {"kind": "seizure", "officers": [str(alice.pk), str(frank.pk)], "started_at": "2025-09-26T09:30",
            "place": "某路 1 号", "record": "扣押笔录", "credentials_shown": "on", "signer_name": "王某",
            "signature": "data:image/png;base64," + PNG, "complete": "on"}  # fmt: skip
    response = client_for(alice).post(f"/cases/{case_id}/activities/new/", data)
    assert response.status_code == 409
    assert "音像" in text(response)
    assert not Activity.objects.filter(case_id=case_id).exists()


def test_reviewer_returns_with_a_finding_and_the_officer_sees_it(api, team, clock):
    alice, grace, dave = team["alice"], team["grace"], team["dave"]
    case_id = to_investigation(api, team)
    act(api, grace, case_id, "end_investigation")
    submit(api, alice, case_id)
    reviewer = client_for(dave)
    assert f"/cases/{case_id}/" in text(reviewer.get("/cases/"))  # the review queue
    page = reviewer.get(f"/cases/{case_id}/review/")
    assert page.status_code == 200 and "证据是否合法充分" in text(page)
    findings = {f"{code}_ok": "1" for code in ("subject", "officers", "procedure", "facts", "evidence", "law",
                                                 "discretion", "authority", "documents", "crime")}  # fmt: skip
    response = reviewer.post(f"/cases/{case_id}/review/", {**findings, "evidence_ok": "0"})
    assert response.status_code == 409 or response.status_code == 400
    assert "请写明具体问题" in text(response)
    response = reviewer.post(f"/cases/{case_id}/review/",
                             {**findings, "evidence_ok": "0", "evidence_note": "缺少营业时间的证据"})  # fmt: skip
    assert response.status_code == 302
    officer_page = text(client_for(alice).get(f"/cases/{case_id}/"))
    assert "存在问题" in officer_page and "缺少营业时间的证据" in officer_page
    assert f"/cases/{case_id}/do/submit_review/" in officer_page  # resubmission is offered


def test_officer_may_not_sign_a_review_opinion(api, team, clock):
    alice, grace = team["alice"], team["grace"]
    case_id = to_investigation(api, team)
    act(api, grace, case_id, "end_investigation")
    submit(api, alice, case_id)
    findings = {f"{code}_ok": "1" for code in ("subject", "officers", "procedure", "facts", "evidence", "law",
                                                 "discretion", "authority", "documents", "crime")}  # fmt: skip
    response = client_for(alice).post(f"/cases/{case_id}/review/", findings)
    assert response.status_code == 403
    assert "法制审核" in text(response)


def test_leader_sees_the_case_awaiting_decision_and_decides(api, team, clock):
    alice, grace, dave, erin = team["alice"], team["grace"], team["dave"], team["erin"]
    case_id = to_investigation(api, team)
    act(api, grace, case_id, "end_investigation")
    submit(api, alice, case_id)
    opinion(api, dave, case_id)
    issue(api, alice, case_id, "penalty_notice")
    act(api, alice, case_id, "notify")
    act(api, alice, case_id, "record_statement", {"waived": True, "hearing_waived": True})
    act(api, alice, case_id, "close_statement_period")
    leader = client_for(erin)
    assert "待决定" in text(leader.get("/cases/"))
    page = text(leader.get(f"/cases/{case_id}/"))
    assert "请先在案件的“文书”中起草并签发《行政处罚决定书》" in page  # shown refused, with the reason
    response = leader.post(f"/cases/{case_id}/do/decide/", {"decision_number": ""})
    assert response.status_code == 409 and "请先在案件的“文书”中起草并签发《行政处罚决定书》" in text(
        response
    )
    decision = issue(api, alice, case_id, "penalty_decision", issuer=erin)
    page = text(leader.get(f"/cases/{case_id}/"))
    assert f"/cases/{case_id}/do/decide/" in page
    response = leader.post(f"/cases/{case_id}/do/decide/", {"decision_number": "某卫公罚〔2025〕999号"})
    assert response.status_code == 400 and "不一致" in text(response)
    response = leader.post(f"/cases/{case_id}/do/decide/", {"decision_number": ""})
    assert response.status_code == 302
    assert Case.objects.get(pk=case_id).decision_number == decision["number"] == "某卫公罚〔2025〕1号"
    assert Case.objects.get(pk=case_id).status == "decided"


def test_workbench_deadlines_and_lists_render_for_each_role(api, team, clock, judy):
    case_id = register(api, team["alice"], team["frank"])
    act(api, team["grace"], case_id, "file")
    for name in ("alice", "frank", "grace", "dave", "erin"):
        client = client_for(team[name])
        workbench = client.get("/workbench/")
        assert workbench.status_code == 200 and "我的期限" in text(workbench)
        assert client.get("/cases/").status_code == 200
        assert client.get("/cases/deadlines/").status_code == 200
    deadlines = text(client_for(team["alice"]).get("/cases/deadlines/"))
    assert "前" in deadlines  # the 90-day decision deadline started at 立案
    assert client_for(judy).get("/cases/").status_code == 200


def test_anonymous_visitor_is_sent_to_login(db):
    response = Client().get("/cases/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_leader_records_a_collective_discussion_then_decides(api, team, clock):
    from tests.cases.conftest import to_awaiting_decision

    erin, grace = team["erin"], team["grace"]
    case_id = to_awaiting_decision(api, team, clock)
    act(api, grace, case_id, "refer_to_collective", {"reason": "情节复杂"})
    leader = client_for(erin)
    page = text(leader.get(f"/cases/{case_id}/"))
    assert "记录集体讨论" in page
    assert (
        "尚未记录达到法定人数的集体讨论" in page
    )  # 作出处罚决定 is shown refused, with the reason, not offered
    decision = issue(api, team["alice"], case_id, "penalty_decision", issuer=erin)
    response = leader.post(f"/cases/{case_id}/do/decide/", {"decision_number": decision["number"]})
    assert response.status_code == 409 and "集体讨论" in text(response)  # refused until one is recorded
    form = {"held_at": "2025-09-26T15:00", "place": "局会议室", "decision": "给予警告并罚款 3000 元",
            "minutes": "会议纪要……", f"attended_{erin.pk}": "on"}  # fmt: skip
    response = leader.post(f"/cases/{case_id}/collective/", form)
    assert response.status_code == 400 and "请记录每位出席人员的意见" in text(response)
    response = leader.post(f"/cases/{case_id}/collective/", {**form, f"view_{erin.pk}": "同意"})
    assert response.status_code == 302
    response = leader.post(f"/cases/{case_id}/do/decide/", {"decision_number": decision["number"]})
    assert response.status_code == 302
    assert Case.objects.get(pk=case_id).status == "decided"


def test_pages_load_only_vendored_assets(api, team, clock):
    case_id = register(api, team["alice"], team["frank"])
    act(api, team["grace"], case_id, "file")
    for path in (f"/cases/{case_id}/", f"/cases/{case_id}/activities/new/", "/cases/new/"):
        page = text(client_for(team["alice"]).get(path))
        assert 'src="/static/sanxiang/drafts.js"' in page
        assert 'src="http' not in page and 'href="http' not in page


def test_the_activity_form_asks_about_audio_video_for_the_as_needed_kinds(api, team, clock):
    alice, frank, grace = team["alice"], team["frank"], team["grace"]
    case_id = register(api, alice, frank)
    act(api, grace, case_id, "file")
    client = client_for(alice)
    assert "本次活动是否进行了音像记录" in text(
        client.get(f"/cases/{case_id}/activities/new/?kind=inspection")
    )
    data = {"kind": "inspection", "officers": [str(alice.pk), str(frank.pk)], "started_at": "2025-09-26T09:30",
            "place": "某路 1 号", "record": "现场检查笔录", "credentials_shown": "on", "signer_name": "王某",
            "signature": "data:image/png;base64," + PNG, "complete": "on", "av_recorded": "no",
            **officer_signatures(alice, frank)}  # fmt: skip
    events = Event.objects.count()
    response = client.post(f"/cases/{case_id}/activities/new/", data)
    assert response.status_code == 400 and "未进行音像记录的，请写明原因" in text(response)
    assert not Activity.objects.filter(case_id=case_id).exists() and Event.objects.count() == events

    response = client.post(f"/cases/{case_id}/activities/new/", {**data, "av_note": "执法记录仪故障，已报修"})
    assert response.status_code == 302, text(response)
    activity = Activity.objects.get(case_id=case_id)
    assert (activity.av_recorded, activity.av_note) == (False, "执法记录仪故障，已报修")
    entry = Event.objects.get(action="activity.record", subject_id=str(case_id)).entry
    assert '"av_recorded":false' in entry and "执法记录仪故障" not in entry


def test_the_api_refuses_not_recorded_audio_video_without_a_reason(api, team, clock):
    alice, frank, grace = team["alice"], team["frank"], team["grace"]
    case_id = register(api, alice, frank)
    act(api, grace, case_id, "file")
    activity = {"kind": "inquiry", "officers": [alice.pk, frank.pk], "started_at": "2025-09-26T09:30:00+08:00",
                "place": "某路 1 号", "record": "询问笔录", "credentials_shown": True, "av_recorded": False}  # fmt: skip
    status, body = api.as_(alice).post(f"/api/cases/{case_id}/activities/", activity)
    assert status == 400 and "请写明原因" in body["detail"]
    status, body = api.as_(alice).post(
        f"/api/cases/{case_id}/activities/", {**activity, "av_note": "当事人要求"}
    )
    assert status == 201, body
    assert Activity.objects.get(pk=body["id"]).av_recorded is False
