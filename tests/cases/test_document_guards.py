"""The workflow requires the issued documents (issue 5, Build 5): each step that needs a document is refused,
naming the document and how to get it, until it is issued — and the table agrees with the documents catalogue."""

from __future__ import annotations

import pytest

from sanxiang.cases.rules import DOCUMENT_GUARDS, GUARDS
from sanxiang.cases.workflow import (
    LEADER,
    OFFICER,
    TRANSITIONS,
    UNIT_HEAD,
    Allowed,
    Refused,
    check_transition,
)
from sanxiang.cases.workflow import State as S
from sanxiang.catalog.penalties import Procedure, ProposedPenalty
from sanxiang.documents import catalogue
from tests.cases.facts import D, facts
from tests.cases.test_workflow import DECIDABLE

ALL = frozenset(spec.code for spec in catalogue.SPECS)


def test_every_row_of_an_action_that_needs_documents_checks_them_last():
    assert set(DOCUMENT_GUARDS) == set(catalogue.REQUIRED_FOR_ACTION)
    for t in TRANSITIONS:
        if t.action in DOCUMENT_GUARDS:
            assert t.guards[-1] == DOCUMENT_GUARDS[t.action].__name__, t
            assert t.guards[-1] in GUARDS
        else:
            assert not any(g in {f.__name__ for f in DOCUMENT_GUARDS.values()} for g in t.guards), t


@pytest.mark.parametrize(
    "state, action, roles, needed, changes",
    [
        (S.REVIEWED, "notify", {OFFICER}, "行政处罚事先告知书", {}),
        (S.AWAITING_DECISION, "decide", {LEADER}, "行政处罚决定书", DECIDABLE.__dict__),
        (S.DECIDED, "serve", {OFFICER}, "行政处罚决定书", {"service_method": "direct"}),
        (S.INVESTIGATING, "seize", {OFFICER}, "查封扣押决定书》、《物品清单", {}),
        (S.INVESTIGATING, "preserve_evidence", {OFFICER}, "证据先行登记保存决定书", {}),
        (S.EXECUTED, "close", {UNIT_HEAD}, "结案报告", {}),
        (S.WITHDRAWN, "close", {LEADER}, "结案报告", {}),
        (S.EXECUTING, "serve_reminder", {OFFICER}, "催告书",
         {"payment_due_on": D("2025-05-01"), "today": D("2025-06-02")}),
    ],
)  # fmt: skip
def test_a_step_is_refused_until_its_document_is_issued(state, action, roles, needed, changes):
    without = facts(**{**changes, "issued_documents": frozenset()})
    answer = check_transition(state, action, roles, without)
    assert isinstance(answer, Refused) and answer.guard == DOCUMENT_GUARDS[action].__name__
    assert f"《{needed}》" in answer.reason and "请先" in answer.reason and "签发" in answer.reason
    assert "第" in answer.reason or action == "close"  # the article (结案: the 文书规范)
    with_all = facts(**{**changes, "issued_documents": ALL})
    assert isinstance(check_transition(state, action, roles, with_all), Allowed)


def test_only_the_missing_document_is_named():
    answer = check_transition(
        S.INVESTIGATING, "seize", {OFFICER}, facts(issued_documents=frozenset({"item_list"}))
    )
    assert isinstance(answer, Refused)
    assert "《查封扣押决定书》" in answer.reason and "物品清单" not in answer.reason.split("（")[0]


def test_the_hearing_notice_is_needed_only_where_the_party_has_the_hearing_right():
    small = facts(
        proposed_penalty=ProposedPenalty.of("fine", fine="1000"), issued_documents={"penalty_notice"}
    )
    assert isinstance(check_transition(S.REVIEWED, "notify", {OFFICER}, small), Allowed)
    large = facts(
        proposed_penalty=ProposedPenalty.of("fine", fine="50000"), issued_documents={"penalty_notice"}
    )
    answer = check_transition(S.REVIEWED, "notify", {OFFICER}, large)
    assert isinstance(answer, Refused) and "《听证告知书》" in answer.reason and "第六十三条" in answer.reason
    both = facts(**{**large.__dict__, "issued_documents": frozenset({"penalty_notice", "hearing_notice"})})
    assert isinstance(check_transition(S.REVIEWED, "notify", {OFFICER}, both), Allowed)


def test_the_on_the_spot_decision_needs_the_pre_numbered_form():
    f = facts(procedure=Procedure.SIMPLIFIED, proposed_penalty=ProposedPenalty.of("fine", fine="100"),
              violation_occurred_on=D("2025-05-30"))  # fmt: skip
    answer = check_transition(S.REGISTERED, "decide_on_the_spot", {OFFICER}, f)
    assert (
        isinstance(answer, Refused)
        and "《当场行政处罚决定书》" in answer.reason
        and "第五十二条" in answer.reason
    )
    issued = facts(**{**f.__dict__, "issued_documents": frozenset({"on_the_spot_decision"})})
    assert isinstance(check_transition(S.REGISTERED, "decide_on_the_spot", {OFFICER}, issued), Allowed)


def test_a_refusal_on_the_facts_comes_before_the_missing_document():
    f = facts(service_method="electronic", electronic_consent=False)
    answer = check_transition(S.DECIDED, "serve", {OFFICER}, f)
    assert isinstance(answer, Refused) and answer.guard == "service_method_allowed"
