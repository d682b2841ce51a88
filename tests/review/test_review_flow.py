"""Legal review through the API: rounds, findings, coordination, the reviewer queue."""

from __future__ import annotations

from sanxiang.review.models import Coordination, ReviewOpinion
from tests.cases.conftest import FINDINGS_OK, act, opinion, submit, to_investigation


def _in_review(api, team):
    case_id = to_investigation(api, team)
    act(api, team["grace"], case_id, "end_investigation")
    submit(api, team["alice"], case_id)
    return case_id


def test_an_incomplete_submission_names_what_is_missing(api, team, clock):
    case_id = to_investigation(api, team)
    act(api, team["grace"], case_id, "end_investigation")
    status, body = api.as_(team["alice"]).post(f"/api/cases/{case_id}/review/submissions/", {
        "report": "调查终结报告", "proposed_decision": "", "reasons": "依据", "evidence_list": "",
    })  # fmt: skip
    assert status == 400
    assert "拟作出的处理决定" in body["detail"] and "证据清单" in body["detail"]


def test_the_reviewer_sees_the_case_only_once_submitted(api, team, clock):
    case_id = to_investigation(api, team)
    status, _ = api.as_(team["dave"]).get(f"/api/cases/{case_id}/")
    assert status == 404
    act(api, team["grace"], case_id, "end_investigation")
    submit(api, team["alice"], case_id)
    status, body = api.as_(team["dave"]).get(f"/api/cases/{case_id}/")
    assert status == 200
    assert {a["action"] for a in body["available_actions"]} == {
        "review_pass",
        "review_return",
        "review_recommend_transfer",
    }
    status, queue = api.get("/api/cases/?status=in_review")
    assert [c["id"] for c in queue["results"]] == [case_id]


def test_findings_are_kept_per_item_and_every_round_is_kept(api, team, clock):
    case_id = _in_review(api, team)
    problems = {**FINDINGS_OK, "discretion": {"ok": False, "note": "罚款超出裁量基准"},
                "documents": {"ok": False, "note": "缺少送达回执"}}  # fmt: skip
    opinion(api, team["dave"], case_id, problems)
    row = ReviewOpinion.objects.get()
    assert row.findings["discretion"] == {"ok": False, "note": "罚款超出裁量基准"}
    assert row.problems.splitlines() == [
        "裁量基准运用是否适当：罚款超出裁量基准",
        "执法文书是否规范齐备：缺少送达回执",
    ]
    opinion(api, team["dave"], case_id, expect=409)  # nothing awaits review now
    submit(api, team["alice"], case_id)
    opinion(api, team["dave"], case_id)
    assert list(ReviewOpinion.objects.order_by("id").values_list("submission__round", "conclusion")) == [
        (1, "problems"),
        (2, "agree"),
    ]


def test_disagreement_is_coordinated_and_escalated_to_collective_discussion(api, team, clock):
    case_id = _in_review(api, team)
    status, body = api.as_(team["grace"]).post(f"/api/cases/{case_id}/review/coordination/", {
        "handler_view": "证据充分", "reviewer_view": "证据不足", "outcome": "提请集体讨论", "escalate": True,
    })  # fmt: skip
    assert status == 201 and body["escalated"]
    assert Coordination.objects.get().escalated
    status, body = api.as_(team["alice"]).post(f"/api/cases/{case_id}/review/coordination/", {
        "handler_view": "a", "reviewer_view": "b", "outcome": "c"})  # fmt: skip
    assert status == 403
