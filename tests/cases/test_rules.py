"""The guards of sanxiang.cases.rules: each rule's refusal and acceptance, as tables (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanxiang.cases import rules
from sanxiang.cases.rules import Extension, HearingThresholds, Period, RecusalClaim
from sanxiang.catalog.penalties import PartyKind, PenaltyKind, Procedure, ProposedPenalty
from tests.cases.facts import ALICE, BOB_EXPIRED, CAL, CAROL, DAVE_MEDICAL, D, facts

P = ProposedPenalty.of


# -- officers -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "officers, allowed",
    [
        ((ALICE, CAROL), True),
        ((ALICE,), False),
        ((ALICE, BOB_EXPIRED), False),
        ((ALICE, DAVE_MEDICAL), False),
        ((ALICE, ALICE), False),
        ((ALICE, CAROL, BOB_EXPIRED), True),
    ],
    ids=[
        "two-valid",
        "one-officer",
        "one-expired",
        "one-wrong-field",
        "same-officer-twice",
        "two-valid-plus-one",
    ],
)
def test_two_officers_with_valid_certificates_in_the_items_field_are_required(officers, allowed):
    reason = rules.two_qualified_officers(facts(officers=officers))
    assert (reason is None) is allowed
    if not allowed:
        assert "不得少于两人" in reason


def test_refusal_names_the_certificate_that_does_not_qualify():
    reason = rules.two_qualified_officers(facts(officers=(ALICE, BOB_EXPIRED)))
    assert "B-0001" in reason and "2025-01-31 过期" in reason


def test_a_suspended_certificate_does_not_qualify():
    suspended = rules.OfficerCredential(
        5, "E-0001", frozenset({"public_places"}), D("2029-01-01"), "suspended"
    )
    assert "已暂扣" in rules.two_qualified_officers(facts(officers=(ALICE, suspended)))


def test_certificate_valid_through_its_expiry_day():
    expiring = rules.OfficerCredential(6, "F-0001", frozenset({"public_places"}), D("2025-06-02"))
    assert rules.two_qualified_officers(facts(officers=(ALICE, expiring))) is None
    assert rules.two_qualified_officers(facts(officers=(ALICE, expiring), today=D("2025-06-03"))) is not None


def test_credentials_must_be_shown():
    assert rules.credentials_shown(facts(credentials_shown=True)) is None
    assert "出示执法证件" in rules.credentials_shown(facts(credentials_shown=False))


@pytest.mark.parametrize(
    "claim, allowed",
    [
        (RecusalClaim(1, self_declared=True), False),
        (RecusalClaim(1, decided=True, granted=True), False),
        (RecusalClaim(1, decided=True, granted=False), True),
        (RecusalClaim(1), True),  # pending application: the investigation goes on (art. 43 para 3)
        (RecusalClaim(9, self_declared=True), True),  # not acting on this case
    ],
)
def test_an_officer_who_must_step_aside_may_not_act(claim, allowed):
    assert (rules.no_recused_officer(facts(recusals=(claim,))) is None) is allowed


def test_a_pending_recusal_application_blocks_moving_past_investigation():
    assert "回避申请尚未" in rules.recusal_applications_decided(facts(recusals=(RecusalClaim(1),)))
    assert rules.recusal_applications_decided(facts(recusals=(RecusalClaim(1, decided=True),))) is None


def test_a_reviewer_may_not_review_a_case_they_handled():
    assert rules.reviewer_did_not_handle_case(facts(reviewer_id=1)) is not None
    assert rules.reviewer_did_not_handle_case(facts(reviewer_id=7)) is None


# -- limitation (art. 36) -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "occurred, ended, discovered, life_health, harm, allowed",
    [
        ("2023-03-01", None, "2025-03-01", False, False, True),  # last day of 2 years
        ("2023-03-01", None, "2025-03-02", False, False, False),
        ("2021-03-01", None, "2025-03-02", True, True, True),  # 5 years: life/health and harm
        ("2021-03-01", None, "2025-03-02", True, False, False),  # life/health without harm: 2 years
        ("2021-03-01", None, "2025-03-02", False, True, False),  # harm without life/health: 2 years
        ("2020-03-01", None, "2025-03-02", True, True, False),
        ("2022-01-01", "2024-05-31", "2025-06-02", False, False, True),  # continuing: counted from the end
        ("2020-02-29", None, "2022-02-28", False, False, True),  # 29 Feb + 2 years = 28 Feb
        ("2020-02-29", None, "2022-03-01", False, False, False),
    ],
)
def test_limitation_is_two_years_or_five_where_life_and_health_were_harmed(
    occurred, ended, discovered, life_health, harm, allowed
):
    f = facts(
        violation_occurred_on=D(occurred),
        violation_ended_on=D(ended) if ended else None,
        discovered_on=D(discovered),
        life_health_involved=life_health,
        harm_caused=harm,
    )
    reason = rules.limitation_not_expired(f)
    assert (reason is None) is allowed
    if not allowed:
        assert "第三十六条" in reason


def test_limitation_without_a_violation_date_is_refused():
    assert "发生" in rules.limitation_not_expired(facts())


def test_limitation_uses_today_when_no_discovery_date_is_recorded():
    f = facts(violation_occurred_on=D("2023-06-01"), today=D("2025-06-02"))
    assert rules.limitation_not_expired(f) is not None


# -- simplified procedure (art. 51) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "party, penalty, allowed",
    [
        (PartyKind.PERSON, P("fine", fine="200"), True),
        (PartyKind.PERSON, P("fine", fine="200.01"), False),
        (PartyKind.ORGANISATION, P("fine", fine="3000"), True),
        (PartyKind.ORGANISATION, P("fine", fine="3000.01"), False),
        (PartyKind.PERSON, P("warning"), True),
        (PartyKind.ORGANISATION, P("warning", "fine", fine="3000"), True),
        (PartyKind.PERSON, P("confiscate_gains", confiscation="50"), False),
        (PartyKind.ORGANISATION, P("suspend_business"), False),
        (PartyKind.PERSON, P(), False),
    ],
)
def test_simplified_procedure_only_for_a_warning_or_a_fine_within_article_51(party, penalty, allowed):
    reason = rules.simplified_procedure_thresholds(facts(party_kind=party, proposed_penalty=penalty))
    assert (reason is None) is allowed


def test_simplified_procedure_needs_certain_facts():
    f = facts(party_kind=PartyKind.PERSON, proposed_penalty=P("warning"), facts_certain=False)
    assert "不确凿" in rules.simplified_procedure_thresholds(f)


def test_general_procedure_steps_refuse_a_simplified_case():
    assert rules.general_procedure(facts(procedure=Procedure.SIMPLIFIED)) is not None
    assert rules.general_procedure(facts(procedure=Procedure.GENERAL)) is None


# -- notice, statement, hearing --------------------------------------------------------------------------------


def test_no_decision_before_the_notice_is_served():
    assert "事先告知书" in rules.notice_served(facts(notice_served_on=None))
    assert rules.notice_served(facts(notice_served_on=D("2025-05-06"))) is None


@pytest.mark.parametrize(
    "served, today, waived, allowed",
    [
        ("2025-05-26", "2025-05-29", False, False),  # Mon + 3 wd = Thu 05-29: still the last day
        ("2025-05-26", "2025-05-30", False, True),
        ("2025-05-26", "2025-05-27", True, True),  # waived in writing
        ("2020-01-22", "2020-02-04", False, False),  # extended Spring Festival 2020: 3 wd end 02-04
        ("2020-01-22", "2020-02-05", False, True),
    ],
)
def test_no_decision_before_the_statement_period_ends_or_is_waived(served, today, waived, allowed):
    f = facts(notice_served_on=D(served), today=D(today), statement_waived=waived)
    assert (rules.statement_period_over_or_waived(f) is None) is allowed


def test_statement_period_across_the_extended_2020_spring_festival():
    ends = rules.statement_period_ends_on(facts(notice_served_on=D("2020-01-22")))
    assert ends.date == D("2020-02-04")  # 01-23 is day 1; 01-24..02-02 off (国办发明电〔2020〕1号)


def test_hearing_request_deadline_after_national_day_2025():
    # Served Tue 2025-09-30; 10-01..10-08 off; Sat 10-11 is a make-up working day.
    ends = rules.hearing_request_ends_on(facts(notice_served_on=D("2025-09-30")))
    assert ends.date == D("2025-10-14")


@pytest.mark.parametrize("requested, allowed", [("2025-10-14", True), ("2025-10-15", False)])
def test_hearing_request_after_five_working_days_is_refused(requested, allowed):
    f = facts(
        notice_served_on=D("2025-09-30"),
        hearing_requested_on=D(requested),
        proposed_penalty=P("fine", fine="50000"),
    )
    assert (rules.hearing_request_in_time(f) is None) is allowed


@pytest.mark.parametrize(
    "party, penalty, eligible",
    [
        (PartyKind.PERSON, P("fine", fine="1999.99"), False),
        (PartyKind.PERSON, P("fine", fine="2000"), True),
        (PartyKind.ORGANISATION, P("fine", fine="19999"), False),
        (PartyKind.ORGANISATION, P("fine", fine="20000"), True),
        (PartyKind.ORGANISATION, P("confiscate_gains", confiscation="20000"), True),
        (PartyKind.PERSON, P("revoke_licence"), True),
        (PartyKind.ORGANISATION, P("suspend_business"), True),
        (PartyKind.ORGANISATION, P("order_closure"), True),
        (PartyKind.PERSON, P("restrict_practice"), True),
        (PartyKind.ORGANISATION, P("lower_qualification"), True),
        (PartyKind.PERSON, P("warning"), False),
    ],
)
def test_hearing_right_follows_article_63(party, penalty, eligible):
    reasons = rules.hearing_eligible(penalty, party, HearingThresholds())
    assert bool(reasons) is eligible


def test_hearing_thresholds_are_parameters():
    strict = HearingThresholds(fine_person=Decimal("10000"))
    assert not rules.hearing_eligible(P("fine", fine="5000"), PartyKind.PERSON, strict)
    assert rules.hearing_eligible(P("warning"), PartyKind.PERSON, strict, other_serious=True)


def test_hearing_request_needs_a_penalty_that_carries_the_right():
    assert "第六十三条" in rules.hearing_right_applies(facts(proposed_penalty=P("warning")))
    assert rules.hearing_right_applies(facts(proposed_penalty=P("revoke_licence"))) is None


def test_decision_waits_for_the_hearing_request_window_when_the_party_has_the_right():
    f = facts(notice_served_on=D("2025-09-30"), proposed_penalty=P("suspend_business"), today=D("2025-10-14"))
    assert "听证" in rules.hearing_window_closed(f)
    assert rules.hearing_window_closed(facts(**{**f.__dict__, "today": D("2025-10-15")})) is None
    assert rules.hearing_window_closed(facts(**{**f.__dict__, "hearing_waived": True})) is None


@pytest.mark.parametrize(
    "notice, hearing, allowed",
    [
        ("2025-09-26", "2025-10-13", True),  # Fri; 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13 = 7 wd
        ("2025-09-26", "2025-10-11", False),
        ("2025-06-02", "2025-06-11", True),  # Mon + 7 wd = Wed 06-11
        ("2025-06-02", "2025-06-10", False),
    ],
)
def test_hearing_notice_is_served_at_least_seven_working_days_before(notice, hearing, allowed):
    f = facts(hearing_notice_served_on=D(notice), hearing_on=D(hearing))
    assert (rules.hearing_notice_in_time(f) is None) is allowed


def test_the_hearing_host_is_not_an_investigator():
    assert "调查人员" in rules.hearing_host_not_investigator(facts(hearing_host_id=1))
    assert rules.hearing_host_not_investigator(facts(hearing_host_id=8)) is None


def test_no_decision_while_a_requested_hearing_has_not_been_held():
    assert rules.hearing_concluded_if_requested(facts(hearing_requested_on=D("2025-05-01"))) is not None
    held = facts(hearing_requested_on=D("2025-05-01"), hearing_held_on=D("2025-05-20"))
    assert rules.hearing_concluded_if_requested(held) is None


# -- review and collective discussion --------------------------------------------------------------------------


def test_no_decision_without_a_passed_review_where_the_list_requires_one():
    required = ("一般程序行政处罚",)
    assert "法制审核" in rules.review_passed_if_required(facts(review_required_reasons=required))
    assert (
        rules.review_passed_if_required(
            facts(review_required_reasons=required, review_passed_on=D("2025-05-01"))
        )
        is None
    )
    assert rules.review_passed_if_required(facts()) is None


def test_after_a_hearing_the_passed_review_must_come_after_it():
    f = facts(
        review_required_reasons=("经过听证",),
        review_passed_on=D("2025-05-01"),
        hearing_held_on=D("2025-05-10"),
    )
    assert "听证后重新" in rules.review_passed_if_required(f)


def test_a_major_case_is_decided_collectively():
    assert rules.collective_discussion_not_required(facts(collective_discussion_required=True)) is not None
    assert rules.collective_discussion_not_required(facts(collective_discussion_required=False)) is None


# -- the 90-day decision period (art. 60) -----------------------------------------------------------------------


def test_decision_due_90_days_after_filing_without_suspension():
    deadline = rules.decision_deadline(facts(filed_on=D("2025-03-03")))
    assert deadline.due.date == D("2025-06-03")  # 03-03 + 90 = Sun 06-01, Mon 06-02 is 端午: next working day


def test_decision_deadline_does_not_count_a_recorded_suspension():
    f = facts(filed_on=D("2025-03-03"), suspensions=(Period(D("2025-04-01"), D("2025-04-21")),))
    deadline = rules.decision_deadline(f)
    assert deadline.not_counted_days == 20
    assert deadline.due.date == D("2025-06-23")  # 03-03 + 110 = Sat 06-21 -> Mon 06-23


def test_overlapping_suspension_and_excluded_period_are_counted_once():
    f = facts(
        filed_on=D("2025-03-03"),
        suspensions=(Period(D("2025-04-01"), D("2025-04-21")),),
        excluded_periods=(Period(D("2025-04-11"), D("2025-05-01"), "鉴定"),),
    )
    assert rules.decision_deadline(f).not_counted_days == 30


def test_decision_clock_is_stopped_while_a_suspension_runs():
    f = facts(filed_on=D("2025-03-03"), suspensions=(Period(D("2025-04-01")),), today=D("2025-09-01"))
    deadline = rules.decision_deadline(f)
    assert deadline.stopped and deadline.due is None
    assert rules.decision_within_time_limit(f) is None


@pytest.mark.parametrize(
    "today, extensions, allowed",
    [
        ("2025-06-03", (), True),
        ("2025-06-04", (), False),
        ("2025-06-04", (Extension(D("2025-05-20"), 30),), True),
        ("2025-07-05", (Extension(D("2025-05-20"), 30),), False),
    ],
)
def test_decision_after_90_days_is_refused_unless_an_extension_was_approved(today, extensions, allowed):
    f = facts(filed_on=D("2025-03-03"), today=D(today), extensions=extensions)
    reason = rules.decision_within_time_limit(f)
    assert (reason is None) is allowed
    if not allowed:
        assert "第六十条" in reason


# -- other deadlines --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "function, start, due",
    [
        (
            rules.service_due_on,
            "2025-09-26",
            "2025-10-13",
        ),  # 7 wd: 09-28 (Sun, make-up) … 10-11 (Sat, make-up), 10-13
        (rules.evidence_decision_due_on, "2025-01-24", "2025-02-10"),  # across Spring Festival 2025
        (rules.transfer_decision_due_on, "2025-09-29", "2025-10-09"),  # 3 days end 10-02, a holiday
        (rules.seizure_ends_on, "2025-01-02", "2025-02-05"),  # 30 days end 02-01 (Sat, holiday week)
    ],
)
def test_deadline_dates(function, start, due):
    assert function(D(start), CAL).date == D(due)


def test_seizure_extension_adds_thirty_days():
    assert rules.seizure_ends_on(D("2025-03-03"), CAL, extended=True).date == D("2025-05-06")


def test_transfer_reaches_the_police_within_24_hours():
    import datetime as dt

    at = dt.datetime(2025, 5, 6, 15, 30)
    assert rules.transfer_due_at(at) == dt.datetime(2025, 5, 7, 15, 30)


# -- branches ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ground, education, allowed",
    [
        ("first_violation", False, False),
        ("first_violation", True, True),
        ("minor", False, False),
        ("facts_not_established", False, True),
        ("", True, False),
    ],
)
def test_no_penalty_for_a_first_violation_requires_an_education_record(ground, education, allowed):
    f = facts(no_penalty_ground=ground, education_recorded=education)
    assert (rules.no_penalty_ground_valid(f) is None) is allowed


def test_reason_and_deciding_body_are_required_for_a_post_decision_change():
    assert rules.deciding_body_and_reason_given(facts(reason="复议决定撤销")) is not None
    assert (
        rules.deciding_body_and_reason_given(facts(reason="复议决定撤销", deciding_body="区人民政府")) is None
    )
    assert rules.reason_given(facts(reason="  ")) is not None


def test_electronic_service_needs_the_partys_consent():
    assert "确认书" in rules.service_method_allowed(facts(service_method="electronic"))
    assert rules.service_method_allowed(facts(service_method="electronic", electronic_consent=True)) is None
    assert rules.service_method_allowed(facts(service_method="pigeon")) is not None


def test_court_application_only_inside_its_window():
    f = facts(court_window_opens_on=D("2025-06-03"), court_window_closes_on=D("2025-09-03"))
    assert "最早" in rules.court_application_allowed(facts(**{**f.__dict__, "today": D("2025-06-02")}))
    assert rules.court_application_allowed(facts(**{**f.__dict__, "today": D("2025-06-03")})) is None
    assert "届满" in rules.court_application_allowed(facts(**{**f.__dict__, "today": D("2025-09-04")}))


def test_deferral_needs_the_partys_application():
    assert rules.deferral_applied(facts()) is not None
    assert rules.deferral_applied(facts(deferral_applied=True)) is None


def test_a_reminder_only_after_the_payment_deadline():
    assert rules.payment_overdue(facts(payment_due_on=D("2025-06-02"))) is not None
    assert rules.payment_overdue(facts(payment_due_on=D("2025-06-01"))) is None
    assert rules.payment_overdue(facts(payment_due_on=D("2025-06-01"), paid_in_full=True)) is not None


def test_every_guard_is_registered_by_its_name():
    assert all(name == g.__name__ for name, g in rules.GUARDS.items())
    assert PenaltyKind.FINE in P("fine", fine="1").kinds and CAROL.officer_id == 3
