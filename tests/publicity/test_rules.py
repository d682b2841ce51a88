"""The publicity rules, as tables (sanxiang/publicity/rules.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sanxiang.cases.identity import is_minor
from sanxiang.publicity import rules
from sanxiang.publicity.rules import DecisionFacts, Ground

DAY = dt.date(2026, 3, 2)
DEFAULT = {"warning_only", "simplified", "state_secret", "minor"}


@pytest.mark.parametrize(
    ("id_number", "on", "minor"),
    [
        ("110105200803020013", dt.date(2026, 3, 1), True),  # the day before the 18th birthday
        ("110105200803020013", dt.date(2026, 3, 2), False),
        ("110105080302001", dt.date(2026, 3, 2), False),  # 15-digit: born 2 March 1908
        ("110105080302001", dt.date(1926, 3, 1), True),  # 15-digit: the day before the 18th birthday
        ("110105200802300011", DAY, False),  # 30 February: no birth date, so not known to be a minor
        ("", DAY, False),
    ],
)
def test_a_minor_is_counted_from_the_birth_date_in_the_id_number(id_number, on, minor):
    assert is_minor(id_number, on=on) is minor


@pytest.mark.parametrize(
    ("facts", "ground"),
    [
        (DecisionFacts("penalty_decision", DAY, penalty_kinds=("warning", "fine")), None),
        (DecisionFacts("penalty_decision", DAY, penalty_kinds=("warning",)), Ground.WARNING_ONLY),
        (DecisionFacts("on_the_spot_decision", DAY, procedure="simplified", penalty_kinds=("fine",)), Ground.SIMPLIFIED),
        (DecisionFacts("penalty_decision", DAY, party_is_person=True, party_id_number="110105200803030019",
                       penalty_kinds=("fine",)), Ground.MINOR),
        (DecisionFacts("penalty_decision", DAY, party_is_person=True, party_id_number="110105200803020013",
                       penalty_kinds=("fine",)), None),  # 18 on the decision day
        (DecisionFacts("penalty_decision", DAY, party_is_minor=True, penalty_kinds=("fine",)), Ground.MINOR),
        (DecisionFacts("seizure_decision", DAY, state_secret=True), Ground.STATE_SECRET),
    ],
)  # fmt: skip
def test_grounds_for_not_publishing(facts, ground):
    assert rules.withheld_ground(facts, DEFAULT) == ground


def test_an_agency_may_publish_warning_only_and_simplified_cases_but_never_a_minor():
    minor = DecisionFacts("penalty_decision", DAY, party_is_minor=True, penalty_kinds=("warning",))
    warning = DecisionFacts("penalty_decision", DAY, penalty_kinds=("warning",))
    assert rules.withheld_ground(warning, {"state_secret", "minor"}) is None
    assert rules.withheld_ground(minor, {"state_secret", "minor"}) == Ground.MINOR


@pytest.mark.parametrize(
    ("type_code", "category", "days"),
    [("penalty_decision", "penalty", 7), ("on_the_spot_decision", "penalty", 7), ("seizure_decision", "coercion", 20),
     ("inspection_record", None, None), ("penalty_notice", None, None)],
)  # fmt: skip
def test_penalty_decisions_are_due_in_7_working_days_other_decisions_in_20(type_code, category, days):
    assert rules.category_of(type_code) == category
    if category:
        assert rules.publication_days(category) == days


@pytest.mark.parametrize(
    ("kinds", "fine", "low", "minor"),
    [(("criticism",), 0, 0, True), (("warning", "fine"), 500, 1000, True), (("warning", "fine"), 5000, 1000, False),
     (("fine",), 500, 0, False), (("fine", "suspend_business"), 100, 1000, False)],
)  # fmt: skip
def test_short_display_period_for_criticism_or_a_low_fine(kinds, fine, low, minor):
    assert rules.is_minor_penalty(kinds, Decimal(fine), Decimal(low)) is minor


def test_display_period_is_three_years_or_three_months_from_publication():
    assert rules.display_until(dt.date(2026, 8, 31), minor=False, months=36, minor_months=3) == dt.date(
        2029, 8, 31
    )
    assert rules.display_until(dt.date(2026, 11, 30), minor=True, months=36, minor_months=3) == dt.date(
        2027, 2, 28
    )


def test_the_withdrawal_reason_names_the_change_the_body_and_the_date_only():
    text = rules.withdrawal_reason(
        kind="confirm_void", deciding_body="某区人民法院", decided_on=dt.date(2026, 3, 5)
    )
    assert (
        text
        == "该行政处罚决定已于2026年3月5日经某区人民法院依法确认无效，根据《中华人民共和国行政处罚法》第四十八条第二款撤回公示。"
    )


def test_penalty_content_states_amounts_in_yuan():
    assert rules.penalty_content(["警告", "罚款", "没收违法所得"], Decimal("3000.00"), Decimal("512.50")) == (
        "警告；罚款人民币3,000元；没收违法所得人民币512.50元"
    )
