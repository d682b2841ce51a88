"""Kinds of administrative penalty (行政处罚的种类) and a proposed penalty — a pure module, no Django.

Shared by the catalog (discretion benchmark levels, the legal-review item list) and the case rules
(simplified-procedure thresholds, hearing rights), so both speak of the same penalty in the same codes.

行政处罚法 art. 9 lists the kinds: （一）警告、通报批评；（二）罚款、没收违法所得、没收非法财物；
（三）暂扣许可证件、降低资质等级、吊销许可证件；（四）限制开展生产经营活动、责令停产停业、责令关闭、限制从业；
（五）行政拘留；（六）法律、行政法规规定的其他行政处罚。
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0")


class PenaltyKind(enum.StrEnum):
    """行政处罚的种类 (处罚法 art. 9). The value is the stable code stored in the database."""

    WARNING = "warning"
    CRITICISM = "criticism"
    FINE = "fine"
    CONFISCATE_GAINS = "confiscate_gains"
    CONFISCATE_PROPERTY = "confiscate_property"
    SUSPEND_LICENCE = "suspend_licence"
    LOWER_QUALIFICATION = "lower_qualification"
    REVOKE_LICENCE = "revoke_licence"
    RESTRICT_OPERATIONS = "restrict_operations"
    SUSPEND_BUSINESS = "suspend_business"
    ORDER_CLOSURE = "order_closure"
    RESTRICT_PRACTICE = "restrict_practice"
    DETENTION = "detention"
    OTHER = "other"

    @property
    def label(self) -> str:
        return PENALTY_LABELS[self]


PENALTY_LABELS: dict[PenaltyKind, str] = {
    PenaltyKind.WARNING: "警告",
    PenaltyKind.CRITICISM: "通报批评",
    PenaltyKind.FINE: "罚款",
    PenaltyKind.CONFISCATE_GAINS: "没收违法所得",
    PenaltyKind.CONFISCATE_PROPERTY: "没收非法财物",
    PenaltyKind.SUSPEND_LICENCE: "暂扣许可证件",
    PenaltyKind.LOWER_QUALIFICATION: "降低资质等级",
    PenaltyKind.REVOKE_LICENCE: "吊销许可证件",
    PenaltyKind.RESTRICT_OPERATIONS: "限制开展生产经营活动",
    PenaltyKind.SUSPEND_BUSINESS: "责令停产停业",
    PenaltyKind.ORDER_CLOSURE: "责令关闭",
    PenaltyKind.RESTRICT_PRACTICE: "限制从业",
    PenaltyKind.DETENTION: "行政拘留",
    PenaltyKind.OTHER: "其他行政处罚",
}

PENALTY_CHOICES: list[tuple[str, str]] = [(k.value, k.label) for k in PenaltyKind]


class PartyKind(enum.StrEnum):
    """当事人类别: 公民 (a natural person) or 法人或者其他组织 (an organisation)."""

    PERSON = "person"
    ORGANISATION = "organisation"

    @property
    def label(self) -> str:
        return "公民" if self is PartyKind.PERSON else "法人或者其他组织"


class Procedure(enum.StrEnum):
    """程序: 简易程序 (on the spot, 处罚法 art. 51–53) or 一般程序 (普通程序, art. 54–62)."""

    SIMPLIFIED = "simplified"
    GENERAL = "general"

    @property
    def label(self) -> str:
        return "简易程序" if self is Procedure.SIMPLIFIED else "一般程序"


@dataclass(frozen=True)
class ProposedPenalty:
    """The penalty proposed (拟作出的行政处罚): its kinds, the fine and the value confiscated, in yuan."""

    kinds: frozenset[PenaltyKind] = frozenset()
    fine: Decimal = ZERO
    confiscation: Decimal = ZERO

    @classmethod
    def of(
        cls, *kinds: PenaltyKind | str, fine: Decimal | int | str = 0, confiscation: Decimal | int | str = 0
    ):
        return cls(frozenset(PenaltyKind(k) for k in kinds), Decimal(fine), Decimal(confiscation))

    def __str__(self) -> str:
        parts = []
        for kind in sorted(self.kinds, key=list(PenaltyKind).index):
            if kind is PenaltyKind.FINE:
                parts.append(f"罚款 {self.fine} 元")
            elif (
                kind in (PenaltyKind.CONFISCATE_GAINS, PenaltyKind.CONFISCATE_PROPERTY) and self.confiscation
            ):
                parts.append(f"{kind.label} {self.confiscation} 元")
            else:
                parts.append(kind.label)
        return "、".join(parts) or "（无）"
