"""Reads of the catalog: what is in force on a date, an item's history, and whether review is required."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from sanxiang.catalog.models import DiscretionBenchmark, EnforcementItem, InspectionItem, ReviewRule
from sanxiang.catalog.penalties import PartyKind, Procedure, ProposedPenalty
from sanxiang.catalog.review_rules import LevelSpec, RuleSpec, penalty_within_benchmark, reasons_for_review


def items_in_force(*, on: datetime.date, field_code: str | None = None) -> QuerySet[EnforcementItem]:
    items = EnforcementItem.objects.in_force(on).select_related("field")
    if field_code:
        items = items.filter(field__code=field_code)
    return items.order_by("field__code", "code")


def item_in_force(*, code: str, on: datetime.date) -> EnforcementItem | None:
    return EnforcementItem.objects.in_force(on).filter(code=code).select_related("field").first()


def item_history(*, code: str) -> QuerySet[EnforcementItem]:
    """Every version of an item, oldest first (the public history)."""
    return EnforcementItem.objects.filter(code=code).order_by("version")


def benchmarks_for(*, item_code: str, on: datetime.date) -> QuerySet[DiscretionBenchmark]:
    """The benchmarks in force on ``on`` for any version of the item ``item_code``."""
    return (
        DiscretionBenchmark.objects.in_force(on)
        .filter(item__code=item_code)
        .prefetch_related("levels")
        .order_by("code")
    )


def within_benchmark(*, benchmark: DiscretionBenchmark, penalty: ProposedPenalty) -> bool:
    levels = [
        LevelSpec(frozenset(lv.penalty_kinds), lv.fine_min, lv.fine_max) for lv in benchmark.levels.all()
    ]
    return penalty_within_benchmark(levels, penalty)


def review_rules_in_force(*, on: datetime.date) -> QuerySet[ReviewRule]:
    return ReviewRule.objects.in_force(on).order_by("code")


def inspection_items_in_force(*, on: datetime.date) -> QuerySet[InspectionItem]:
    return InspectionItem.objects.in_force(on).select_related("field").order_by("code")


def review_required(
    *,
    item: EnforcementItem | None,
    procedure: Procedure,
    proposed_penalty: ProposedPenalty,
    went_through_hearing: bool,
    within_benchmark: bool,
    party_kind: PartyKind,
    on: datetime.date,
) -> list[str]:
    """The entries of the 法制审核事项清单 in force on ``on`` that the proposed decision falls under (处罚法
    art. 58). Empty: no review required. ``item`` is accepted for item-specific rules to come; the list in
    force today has none."""
    rules = [RuleSpec(r.kind, r.text, r.amount) for r in review_rules_in_force(on=on)]
    return reasons_for_review(
        rules,
        procedure=procedure,
        penalty=proposed_penalty,
        went_through_hearing=went_through_hearing,
        within_benchmark=within_benchmark,
        party_kind=party_kind,
    )
