"""The legal-review checklist (法制审核内容) and the opinion it leads to — a pure module, no Django.

The ten items are those of the district health commission's plan (seed, section 三.3; domain.md section 3).
Each item gets a finding; the opinion is 同意 when every item holds, 建议移送 when a suspected crime is found
(行政处罚法 art. 27, 57(四)), otherwise 存在问题 with what the handling unit must fix and resubmit.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from sanxiang.core.errors import InvalidInput


@dataclass(frozen=True)
class Item:
    code: str
    question: str


ITEMS: tuple[Item, ...] = (
    Item("subject", "执法主体是否合法"),
    Item("officers", "执法人员是否具备执法资格"),
    Item("procedure", "执法程序是否合法"),
    Item("facts", "案件事实是否清楚"),
    Item("evidence", "证据是否合法充分"),
    Item("law", "适用法律是否准确"),
    Item("discretion", "裁量基准运用是否适当"),
    Item("authority", "是否超越法定权限"),
    Item("documents", "执法文书是否规范齐备"),
    Item("crime", "是否涉嫌犯罪需要移送司法机关"),
)
CRIME = "crime"


class Conclusion(enum.StrEnum):
    AGREE = "agree"  # 同意
    PROBLEMS = "problems"  # 存在问题
    TRANSFER = "transfer"  # 建议移送

    @property
    def label(self) -> str:
        return {"agree": "同意", "problems": "存在问题", "transfer": "建议移送"}[self.value]


@dataclass(frozen=True)
class Finding:
    """The reviewer's finding on one item. ``ok`` means no problem (for ``crime``: no suspected crime)."""

    ok: bool
    note: str = ""


@dataclass(frozen=True)
class Opinion:
    conclusion: Conclusion
    problems: tuple[str, ...] = ()


def opinion(findings: Mapping[str, Finding]) -> Opinion:
    """The opinion from one finding per item; a missing item, or a problem without a note, is refused."""
    missing = [item.question for item in ITEMS if item.code not in findings]
    if missing:
        raise InvalidInput(f"以下审核内容尚未填写审核意见：{'；'.join(missing)}。")
    silent = [
        item.question for item in ITEMS if not findings[item.code].ok and not findings[item.code].note.strip()
    ]
    if silent:
        raise InvalidInput(f"以下审核内容认定存在问题，请写明具体问题：{'；'.join(silent)}。")
    if not findings[CRIME].ok:
        return Opinion(Conclusion.TRANSFER, (f"{ITEMS[-1].question}：{findings[CRIME].note}",))
    problems = tuple(
        f"{item.question}：{findings[item.code].note}" for item in ITEMS if not findings[item.code].ok
    )
    return Opinion(Conclusion.PROBLEMS, problems) if problems else Opinion(Conclusion.AGREE)
