"""The transition table (sanxiang.cases.workflow): its shape as a graph, and check_transition's answers."""

from __future__ import annotations

from collections import deque

import pytest

from sanxiang.cases import workflow
from sanxiang.cases.rules import GUARDS, Period
from sanxiang.cases.workflow import (
    LEADER,
    LEGAL_REVIEWER,
    OFFICER,
    TERMINAL,
    TRANSITIONS,
    UNIT_HEAD,
    Allowed,
    Refused,
    State,
    available_actions,
    check_transition,
    successors,
)
from sanxiang.catalog.penalties import PartyKind, Procedure, ProposedPenalty
from tests.cases.facts import ALICE, BOB_EXPIRED, D, facts

S = State
ROLE_CODES = {
    "officer",
    "unit_head",
    "legal_reviewer",
    "leader",
    "publicity_admin",
    "supervisor",
    "system_admin",
}


def reachable() -> set[State]:
    seen, queue = {workflow.INITIAL}, deque([workflow.INITIAL])
    while queue:
        for nxt in successors(queue.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def test_every_state_is_reachable_from_case_registration():
    assert reachable() == set(State)


def test_every_transition_starts_from_a_reachable_state():
    assert {t.state_from for t in TRANSITIONS} <= reachable()


def test_no_state_without_a_way_out_except_terminal_ones():
    stuck = {s for s in State if not (successors(s) - {s})}
    assert stuck == set(TERMINAL)


def test_every_state_can_still_reach_an_end():
    ends = set(TERMINAL)
    changed = True
    while changed:
        changed = False
        for s in State:
            if s not in ends and successors(s) & ends:
                ends.add(s)
                changed = True
    assert ends == set(State)


def test_one_row_per_state_and_action():
    keys = [(t.state_from, t.action) for t in TRANSITIONS]
    assert len(keys) == len(set(keys))


def test_table_names_only_known_roles_guards_deadlines_and_actions():
    for t in TRANSITIONS:
        assert t.roles and t.roles <= ROLE_CODES, t
        assert set(t.guards) <= set(GUARDS), t
        assert set(t.deadlines_started) | set(t.deadlines_stopped) <= set(workflow.DEADLINES), t
        assert t.action in workflow.ACTION_LABELS and t.description, t


def test_role_codes_match_the_accounts_role_choices():
    from sanxiang.accounts.models import Role

    assert {r.value for r in Role} == ROLE_CODES


def test_every_state_has_a_chinese_label():
    assert all(s.label and s.label != s.value for s in State)


def test_the_general_procedure_main_line_is_in_the_table():
    line = workflow.MAIN_LINE
    for a, b in zip(line, line[1:], strict=False):
        assert b in successors(a) or (a, b) == (S.REVIEWED, S.NOTIFIED), (a, b)


def test_the_simplified_path_goes_from_registration_to_execution_on_the_spot():
    assert S.ON_THE_SPOT in successors(S.REGISTERED)
    assert successors(S.ON_THE_SPOT) == {S.EXECUTING}


@pytest.mark.parametrize(
    "action, target",
    [
        ("amend", None),
        ("revoke", S.REVOKED),
        ("confirm_illegal", S.CONFIRMED_ILLEGAL),
        ("confirm_void", S.VOID),
    ],
)
def test_a_decision_can_be_changed_or_annulled_after_it_was_made(action, target):
    for state in workflow.POST_DECISION:
        t = workflow.transition_for(state, action)
        assert t is not None and "deciding_body_and_reason_given" in t.guards
        assert t.state_to is (state if target is None else target)


# -- check_transition -------------------------------------------------------------------------------------------

FILING = facts(
    violation_occurred_on=D("2025-04-01"),
    discovered_on=D("2025-05-20"),
)


def test_filing_is_allowed_with_two_officers_inside_the_limitation_period():
    answer = check_transition(S.REGISTERED, "file", {UNIT_HEAD}, FILING)
    assert isinstance(answer, Allowed) and answer.state_to is S.INVESTIGATING
    assert "decision" in answer.transition.deadlines_started


def test_filing_with_one_qualified_officer_is_refused_with_the_reason():
    answer = check_transition(
        S.REGISTERED, "file", {UNIT_HEAD}, facts(**{**FILING.__dict__, "officers": (ALICE, BOB_EXPIRED)})
    )
    assert isinstance(answer, Refused) and answer.http_status == 409
    assert answer.guard == "two_qualified_officers" and "B-0001" in answer.reason


def test_filing_after_the_limitation_period_is_refused():
    late = facts(**{**FILING.__dict__, "violation_occurred_on": D("2022-01-01")})
    answer = check_transition(S.REGISTERED, "file", {LEADER}, late)
    assert isinstance(answer, Refused) and answer.guard == "limitation_not_expired"


def test_an_officer_may_not_approve_filing():
    answer = check_transition(S.REGISTERED, "file", {OFFICER}, FILING)
    assert isinstance(answer, Refused) and answer.http_status == 403 and "负责人" in answer.reason


def test_an_action_the_state_does_not_have_is_refused_naming_the_possible_ones():
    answer = check_transition(S.REGISTERED, "decide", {LEADER}, FILING)
    assert isinstance(answer, Refused) and "案源登记" in answer.reason and "立案" in answer.reason


@pytest.mark.parametrize(
    "party, fine, allowed",
    [
        (PartyKind.PERSON, "200", True),
        (PartyKind.PERSON, "200.01", False),
        (PartyKind.ORGANISATION, "3000", True),
        (PartyKind.ORGANISATION, "3000.01", False),
    ],
)
def test_on_the_spot_decision_within_article_51(party, fine, allowed):
    f = facts(
        **{
            **FILING.__dict__,
            "procedure": Procedure.SIMPLIFIED,
            "party_kind": party,
            "proposed_penalty": ProposedPenalty.of("fine", fine=fine),
            "issued_documents": frozenset({"on_the_spot_decision"}),
        }
    )
    answer = check_transition(S.REGISTERED, "decide_on_the_spot", {OFFICER}, f)
    assert isinstance(answer, Allowed) is allowed


DECIDABLE = facts(
    filed_on=D("2025-04-01"),
    today=D("2025-06-02"),
    notice_served_on=D("2025-05-20"),
    proposed_penalty=ProposedPenalty.of("warning", "fine", fine="1000"),
    review_required_reasons=("一般程序行政处罚",),
    review_passed_on=D("2025-05-15"),
    issued_documents=frozenset({"penalty_notice", "penalty_decision"}),
)


def test_decision_allowed_after_notice_statement_period_and_review():
    assert isinstance(check_transition(S.AWAITING_DECISION, "decide", {LEADER}, DECIDABLE), Allowed)


@pytest.mark.parametrize(
    "change, guard",
    [
        ({"notice_served_on": None}, "notice_served"),
        ({"notice_served_on": D("2025-05-29")}, "statement_period_over_or_waived"),
        ({"review_passed_on": None}, "review_passed_if_required"),
        ({"collective_discussion_required": True}, "collective_discussion_not_required"),
        ({"today": D("2025-07-01")}, "decision_within_time_limit"),
        ({"hearing_requested_on": D("2025-05-22")}, "hearing_concluded_if_requested"),
    ],
)
def test_decision_refused_when_a_rule_does_not_hold(change, guard):
    answer = check_transition(
        S.AWAITING_DECISION, "decide", {LEADER}, facts(**{**DECIDABLE.__dict__, **change})
    )
    assert isinstance(answer, Refused) and answer.guard == guard and answer.reason


def test_decision_on_day_91_allowed_when_the_case_was_suspended():
    late = {
        **DECIDABLE.__dict__,
        "today": D("2025-07-01"),
        "suspensions": (Period(D("2025-04-10"), D("2025-05-10")),),
    }
    assert isinstance(check_transition(S.AWAITING_DECISION, "decide", {LEADER}, facts(**late)), Allowed)


def test_collective_discussion_decides_a_major_case():
    major = facts(**{**DECIDABLE.__dict__, "collective_discussion_required": True})
    assert isinstance(check_transition(S.AWAITING_DECISION, "refer_to_collective", {LEADER}, major), Allowed)
    refused = check_transition(S.COLLECTIVE_DISCUSSION, "decide", {LEADER}, major)
    assert isinstance(refused, Refused) and refused.guard == "collective_discussion_recorded"
    held = facts(**{**major.__dict__, "collective_discussion_held": True})
    assert isinstance(check_transition(S.COLLECTIVE_DISCUSSION, "decide", {LEADER}, held), Allowed)


def test_resume_returns_to_the_state_the_case_was_suspended_from():
    f = facts(reason="当事人下落已查明")
    answer = check_transition(S.SUSPENDED, "resume", {LEADER}, f, suspended_from=S.HEARING_SCHEDULED)
    assert isinstance(answer, Allowed) and answer.state_to is S.HEARING_SCHEDULED
    assert isinstance(check_transition(S.SUSPENDED, "resume", {LEADER}, f), Refused)


def test_suspension_needs_a_reason_and_the_agency_head():
    assert isinstance(check_transition(S.INVESTIGATING, "suspend", {LEADER}, facts()), Refused)
    assert check_transition(S.INVESTIGATING, "suspend", {OFFICER}, facts(reason="x")).http_status == 403
    answer = check_transition(S.INVESTIGATING, "suspend", {LEADER}, facts(reason="等待鉴定机构答复"))
    assert isinstance(answer, Allowed) and answer.state_to is S.SUSPENDED


def test_first_violation_not_penalized_only_with_an_education_record():
    f = facts(no_penalty_ground="first_violation")
    assert isinstance(check_transition(S.INVESTIGATION_ENDED, "decide_no_penalty", {LEADER}, f), Refused)
    f = facts(no_penalty_ground="first_violation", education_recorded=True)
    assert (
        check_transition(S.INVESTIGATION_ENDED, "decide_no_penalty", {LEADER}, f).state_to is S.NOT_PENALIZED
    )


def test_a_reviewer_who_handled_the_case_may_not_pass_it():
    answer = check_transition(S.IN_REVIEW, "review_pass", {LEGAL_REVIEWER}, facts(reviewer_id=1))
    assert isinstance(answer, Refused) and answer.guard == "reviewer_did_not_handle_case"


def test_revocation_after_reconsideration_records_the_deciding_body():
    assert isinstance(
        check_transition(S.EXECUTING, "revoke", {LEADER}, facts(reason="复议决定撤销")), Refused
    )
    f = facts(reason="复议决定撤销：事实不清", deciding_body="某区人民政府")
    assert check_transition(S.EXECUTING, "revoke", {LEADER}, f).state_to is S.REVOKED


def test_available_actions_lists_the_actions_of_the_roles_with_their_answers():
    answers = {t.action: a for t, a in available_actions(S.REGISTERED, {OFFICER}, FILING)}
    assert set(answers) == {"decide_on_the_spot"}
    answers = {t.action: a for t, a in available_actions(S.REGISTERED, {LEADER}, FILING)}
    assert isinstance(answers["file"], Allowed) and isinstance(answers["decline_filing"], Refused)
