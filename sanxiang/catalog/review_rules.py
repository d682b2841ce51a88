"""Does a proposed decision need legal review (法制审核)? — a pure module over the 法制审核事项清单.

处罚法 art. 58: review is required for 重大公共利益, 经过听证程序, 疑难复杂 and cases named by law; before the
review no decision may be made. The agency's own list adds to it: the health commission's plan requires review
of every general-procedure penalty (seed, section 三.2), and domain.md gives the usual thresholds (citizen fines
≥ ¥10,000, organisation fines ≥ ¥100,000, 责令停产停业, 吊销许可证, penalties outside the benchmark).

The rows in force come from the database (``catalog.selectors.review_required``); the decision is here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sanxiang.catalog.penalties import PartyKind, PenaltyKind, Procedure, ProposedPenalty

ALL_GENERAL_PROCEDURE = "all_general_procedure"
FINE_THRESHOLD_PERSON = "fine_threshold_person"
FINE_THRESHOLD_ORG = "fine_threshold_org"
SUSPENSION_OF_BUSINESS = "suspension_of_business"
LICENCE_REVOCATION = "licence_revocation"
AFTER_HEARING = "after_hearing"
OUTSIDE_BENCHMARK = "outside_benchmark"
CUSTOM = "custom"


@dataclass(frozen=True)
class RuleSpec:
    """One entry of the list: its kind, amount (for thresholds) and the list's own wording."""

    kind: str
    text: str
    amount: Decimal | None = None


def reasons_for_review(
    rules: Iterable[RuleSpec],
    *,
    procedure: Procedure,
    penalty: ProposedPenalty,
    went_through_hearing: bool,
    within_benchmark: bool,
    party_kind: PartyKind,
) -> list[str]:
    """The wording of every list entry the proposed decision falls under (empty: no review required).

    ``custom`` entries need a person's judgement and are never matched automatically.
    """
    reasons = []
    for rule in rules:
        if _matches(rule, procedure, penalty, went_through_hearing, within_benchmark, party_kind):
            reasons.append(rule.text)
    return reasons


def _matches(rule: RuleSpec, procedure, penalty, went_through_hearing, within_benchmark, party_kind) -> bool:
    fined = PenaltyKind.FINE in penalty.kinds
    if rule.kind == ALL_GENERAL_PROCEDURE:
        return procedure is Procedure.GENERAL and bool(penalty.kinds)
    if rule.kind == FINE_THRESHOLD_PERSON:
        return (
            party_kind is PartyKind.PERSON
            and fined
            and rule.amount is not None
            and penalty.fine >= rule.amount
        )
    if rule.kind == FINE_THRESHOLD_ORG:
        return (
            party_kind is PartyKind.ORGANISATION
            and fined
            and rule.amount is not None
            and penalty.fine >= rule.amount
        )
    if rule.kind == SUSPENSION_OF_BUSINESS:
        return bool(penalty.kinds & {PenaltyKind.SUSPEND_BUSINESS, PenaltyKind.ORDER_CLOSURE})
    if rule.kind == LICENCE_REVOCATION:
        return PenaltyKind.REVOKE_LICENCE in penalty.kinds
    if rule.kind == AFTER_HEARING:
        return went_through_hearing
    if rule.kind == OUTSIDE_BENCHMARK:
        return not within_benchmark
    return False


@dataclass(frozen=True)
class LevelSpec:
    """A benchmark level as plain data: the penalty kinds it allows and its fine range."""

    kinds: frozenset[str]
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None


def penalty_within_level(level: LevelSpec, penalty: ProposedPenalty) -> bool:
    """Is the proposed penalty inside one benchmark level (kinds allowed, fine within the range)?"""
    if not {k.value for k in penalty.kinds} <= level.kinds:
        return False
    if PenaltyKind.FINE not in penalty.kinds:
        return True
    if level.fine_min is not None and penalty.fine < level.fine_min:
        return False
    return level.fine_max is None or penalty.fine <= level.fine_max


def penalty_within_benchmark(levels: Iterable[LevelSpec], penalty: ProposedPenalty) -> bool:
    """Inside at least one level of the benchmark."""
    return any(penalty_within_level(level, penalty) for level in levels)
