"""The publicity rules as pure functions (no Django): which documents are published, by when, on which grounds
they are not, how long they stay listed, and the public wording of a withdrawal. Tests are tables
(tests/publicity/test_rules.py).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sanxiang.cases.identity import is_minor
from sanxiang.documents.remedies import add_months, chinese_date

# Document type (documents.catalogue) -> category of the published decision (portal.PublishedDecision.Category).
# 事后公开 covers enforcement *decisions*; records, notices and receipts are not published.
DECISION_TYPES: dict[str, str] = {
    "penalty_decision": "penalty",  # 行政处罚决定书
    "on_the_spot_decision": "penalty",  # 当场行政处罚决定书
    "no_penalty_decision": "other",  # 不予行政处罚决定书, when an agency adds the type
    "seizure_decision": "coercion",  # 查封扣押决定书 (行政强制法第二十四条)
    "licence_decision": "licence",  # 行政许可决定书, when licences exist
}
# 国办发〔2018〕118号: penalty and licence decisions within 7 working days; others within 20 (also
# 政府信息公开条例第二十六条).
FAST_CATEGORIES = frozenset({"penalty", "licence"})
WITHDRAWAL_WORKING_DAYS = 3  # 行政处罚法第四十八条第二款 with 第八十五条 (working days)


class Ground(enum.StrEnum):
    """Why a decision is not published (recorded on the disclosure, visible to staff)."""

    STATE_SECRET = "state_secret"
    MINOR = "minor"
    WARNING_ONLY = "warning_only"
    SIMPLIFIED = "simplified"

    @property
    def label(self) -> str:
        return GROUND_LABELS[self]


GROUND_LABELS = {
    Ground.STATE_SECRET: "涉及国家秘密（保守国家秘密法；政府信息公开条例第十四条）",
    Ground.MINOR: "当事人为未成年人（未成年人保护法）",
    Ground.WARNING_ONLY: "仅给予警告的行政处罚（本机关公示规定）",
    Ground.SIMPLIFIED: "简易程序当场作出的行政处罚（本机关公示规定）",
}


def category_of(type_code: str) -> str | None:
    """The published category of a document type, or None when documents of that type are not published."""
    return DECISION_TYPES.get(type_code)


def publication_days(category: str, *, fast_days: int = 7, other_days: int = 20) -> int:
    return fast_days if category in FAST_CATEGORIES else other_days


@dataclass(frozen=True)
class DecisionFacts:
    """What the grounds depend on, read from the case and the document."""

    type_code: str
    decided_on: dt.date
    procedure: str = "general"
    penalty_kinds: tuple[str, ...] = ()
    party_is_person: bool = False
    party_is_minor: bool = False
    party_id_number: str = ""
    state_secret: bool = False


def withheld_ground(facts: DecisionFacts, withheld: Iterable[str]) -> Ground | None:
    """The first ground on which this decision is not published, or None: it is published."""
    withheld = set(withheld)
    minor_by_id = facts.party_is_person and is_minor(facts.party_id_number, on=facts.decided_on)
    checks = (
        (Ground.STATE_SECRET, facts.state_secret),
        (Ground.MINOR, facts.party_is_minor or minor_by_id),
        (Ground.WARNING_ONLY, category_of(facts.type_code) == "penalty" and tuple(facts.penalty_kinds) == ("warning",)),
        (Ground.SIMPLIFIED, facts.procedure == "simplified" or facts.type_code == "on_the_spot_decision"),
    )  # fmt: skip
    for ground, applies in checks:
        if applies and ground.value in withheld:
            return ground
    return None


def is_minor_penalty(penalty_kinds: Iterable[str], fine: Decimal, low_fine: Decimal) -> bool:
    """仅受到通报批评或者较低数额罚款 (市场监督管理行政处罚信息公示规定第十三条): the short display period."""
    kinds = set(penalty_kinds)
    if not kinds or kinds - {"warning", "criticism", "fine"}:
        return False
    if "fine" in kinds:
        return low_fine > 0 and fine <= low_fine
    return True


def display_until(published_on: dt.date, *, minor: bool, months: int, minor_months: int) -> dt.date:
    """The last day the decision stays listed (第十三条: 3 years from publication; 3 months when minor)."""
    return add_months(published_on, minor_months if minor else months)


CHANGE_LABELS = {
    "amend": "变更",
    "revoke": "撤销",
    "confirm_illegal": "确认违法",
    "confirm_void": "确认无效",
}


def withdrawal_reason(*, kind: str, deciding_body: str, decided_on: dt.date) -> str:
    """The public statement of why a decision was withdrawn: what happened, who decided, when — nothing
    personal (行政处罚法第四十八条第二款: 撤回并公开说明理由)."""
    label = CHANGE_LABELS.get(kind, kind)
    return (
        f"该行政处罚决定已于{chinese_date(decided_on)}经{deciding_body}依法{label}，"
        f"根据《中华人民共和国行政处罚法》第四十八条第二款撤回公示。"
    )


def cancel_reason(*, kind: str, deciding_body: str, decided_on: dt.date) -> str:
    label = CHANGE_LABELS.get(kind, kind)
    return f"公示前，该决定已于{chinese_date(decided_on)}经{deciding_body}依法{label}，不再公示。"


def penalty_content(kind_labels: Iterable[str], fine: Decimal, confiscation: Decimal) -> str:
    """处罚内容 as the summary states it: 警告；罚款人民币3000元；没收违法所得人民币500元."""
    parts = []
    for label in kind_labels:
        if label == "罚款" and fine:
            parts.append(f"罚款人民币{fine:,.2f}元".replace(".00元", "元"))
        elif label.startswith("没收") and confiscation:
            parts.append(f"{label}人民币{confiscation:,.2f}元".replace(".00元", "元"))
        else:
            parts.append(label)
    return "；".join(parts)
