"""The pure review-list logic (sanxiang.catalog.review_rules) and the review checklist."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanxiang.catalog.penalties import PartyKind, Procedure, ProposedPenalty
from sanxiang.catalog.review_rules import LevelSpec, RuleSpec, penalty_within_level, reasons_for_review
from sanxiang.review import checklist

P = ProposedPenalty.of
RULES = [
    RuleSpec("all_general_procedure", "一般程序"),
    RuleSpec("fine_threshold_person", "公民一万", Decimal("10000")),
    RuleSpec("fine_threshold_org", "单位十万", Decimal("100000")),
    RuleSpec("custom", "重大公共利益"),
]


@pytest.mark.parametrize(
    "procedure, penalty, party, expected",
    [
        (Procedure.GENERAL, P("warning"), PartyKind.PERSON, ["一般程序"]),
        (Procedure.GENERAL, P(), PartyKind.PERSON, []),  # 不予处罚: no penalty, no penalty review
        (Procedure.GENERAL, P("fine", fine="10000"), PartyKind.PERSON, ["一般程序", "公民一万"]),
        (Procedure.GENERAL, P("fine", fine="10000"), PartyKind.ORGANISATION, ["一般程序"]),
        (Procedure.SIMPLIFIED, P("fine", fine="200"), PartyKind.PERSON, []),
    ],
)
def test_reasons_for_review(procedure, penalty, party, expected):
    reasons = reasons_for_review(
        RULES,
        procedure=procedure,
        penalty=penalty,
        went_through_hearing=False,
        within_benchmark=True,
        party_kind=party,
    )
    assert reasons == expected


def test_custom_entries_are_never_matched_automatically():
    reasons = reasons_for_review(
        [RuleSpec("custom", "x")],
        procedure=Procedure.GENERAL,
        penalty=P("revoke_licence"),
        went_through_hearing=True,
        within_benchmark=False,
        party_kind=PartyKind.PERSON,
    )
    assert reasons == []


def test_penalty_within_level_checks_kinds_and_range():
    level = LevelSpec(frozenset({"warning", "fine"}), Decimal("500"), Decimal("1500"))
    assert penalty_within_level(level, P("warning"))
    assert penalty_within_level(level, P("fine", fine="1500"))
    assert not penalty_within_level(level, P("fine", fine="1500.01"))
    assert not penalty_within_level(level, P("suspend_business"))


def test_checklist_has_the_ten_items_of_the_plan():
    assert [i.question for i in checklist.ITEMS] == [
        "执法主体是否合法",
        "执法人员是否具备执法资格",
        "执法程序是否合法",
        "案件事实是否清楚",
        "证据是否合法充分",
        "适用法律是否准确",
        "裁量基准运用是否适当",
        "是否超越法定权限",
        "执法文书是否规范齐备",
        "是否涉嫌犯罪需要移送司法机关",
    ]


def test_opinion_is_agree_only_when_every_item_is_fine():
    findings = {item.code: checklist.Finding(ok=True) for item in checklist.ITEMS}
    assert checklist.opinion(findings).conclusion is checklist.Conclusion.AGREE


def test_opinion_lists_the_problems_to_fix():
    findings = {item.code: checklist.Finding(ok=True) for item in checklist.ITEMS}
    findings["evidence"] = checklist.Finding(ok=False, note="缺少检测报告")
    result = checklist.opinion(findings)
    assert result.conclusion is checklist.Conclusion.PROBLEMS and "缺少检测报告" in result.problems[0]


def test_suspected_crime_leads_to_a_transfer_recommendation():
    findings = {item.code: checklist.Finding(ok=True) for item in checklist.ITEMS}
    findings["crime"] = checklist.Finding(ok=False, note="非法行医致人健康严重损害")
    assert checklist.opinion(findings).conclusion is checklist.Conclusion.TRANSFER


def test_an_item_without_a_finding_is_refused():
    from sanxiang.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="执法主体"):
        checklist.opinion({})
