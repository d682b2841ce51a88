"""Rules of 双随机 plans, pure (no Django): plan states, ratios, availability, the recusal window and the result
publication deadline. Callers pass today's date; tests are tables.

Sources: the agency's plan, section 二(一)2, and domain.md ("事中公示", deadlines table). The 2019 国务院
guidance on 双随机、一公开 (国发〔2019〕5号) is not in ../shared/laws, so rules cite domain.md and the plan.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

DRAFT = "draft"
COMMITTED = "committed"
DRAWN = "drawn"
PUBLISHED = "published"
RESULTS_PUBLISHED = "results_published"
CANCELLED = "cancelled"

RISK_CLASSES = ("A", "B", "C", "D")

# domain.md: "publish 双随机 results — 20 wd — 118号; 信息公开条例 art. 26", counted from the inspection day.
RESULT_PUBLISH_WORKING_DAYS = 20
RESULT_PUBLISH_BASIS = (
    "国办发〔2018〕118号、政府信息公开条例第二十六条：抽查结果自检查之日起 20 个工作日内公示"
)

# Which action may start from which state. A cancellation is possible until the draw is made: after it, the
# result is locked and the plan runs to its end (domain: a draw cannot be abandoned quietly).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "commit": (frozenset({DRAFT}), COMMITTED),
    "cancel": (frozenset({DRAFT, COMMITTED}), CANCELLED),
    "reveal": (frozenset({COMMITTED}), DRAWN),
    "publish": (frozenset({DRAWN}), PUBLISHED),
    "record_result": (frozenset({DRAWN, PUBLISHED}), ""),
    "publish_results": (frozenset({PUBLISHED}), ""),
}
STATE_LABELS = {
    DRAFT: "草稿",
    COMMITTED: "已承诺（待抽取）",
    DRAWN: "已抽取",
    PUBLISHED: "已公示任务",
    RESULTS_PUBLISHED: "已公示结果",
    CANCELLED: "已取消",
}
ACTION_LABELS = {
    "commit": "提交承诺",
    "cancel": "取消计划",
    "reveal": "录入随机数并抽取",
    "publish": "公示检查任务",
    "record_result": "录入检查结果",
    "publish_results": "公示检查结果",
}


def refusal(action: str, state: str) -> str | None:
    """Why ``action`` may not be done in ``state`` (a Chinese sentence), or ``None`` when it may."""
    allowed, _to = TRANSITIONS[action]
    if state in allowed:
        return None
    wanted = "、".join(STATE_LABELS[s] for s in sorted(allowed))
    return f"计划当前为“{STATE_LABELS.get(state, state)}”，只有“{wanted}”的计划可以{ACTION_LABELS[action]}。"


def next_state(action: str, state: str) -> str:
    to = TRANSITIONS[action][1]
    return to or state


def ratio_problems(ratios: dict) -> tuple[dict[str, str], list[str]]:
    """Normalised ratios (risk class -> decimal string in [0, 1]) and the problems found, in Chinese."""
    clean: dict[str, str] = {}
    problems: list[str] = []
    if not isinstance(ratios, dict) or not ratios:
        return {}, ["请至少为一个风险等级填写抽查比例（0 到 1 之间的小数，如 0.2 表示 20%）。"]
    for key, raw in ratios.items():
        risk = str(key).strip().upper()
        if risk not in RISK_CLASSES:
            problems.append(f"风险等级“{key}”不存在，应为 A、B、C、D 之一。")
            continue
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            problems.append(f"{risk} 级的抽查比例“{raw}”不是数字。")
            continue
        if not value.is_finite() or value < 0 or value > 1:
            problems.append(f"{risk} 级的抽查比例应在 0 到 1 之间（如 0.2 表示 20%），现为“{raw}”。")
            continue
        clean[risk] = format(value.normalize(), "f")
    if not problems and all(Decimal(v) == 0 for v in clean.values()):
        problems.append("所有风险等级的抽查比例都是 0，不会抽到任何检查对象。")
    return clean, problems


def unavailable_during(
    *,
    is_available: bool,
    unavailable_from: dt.date | None,
    unavailable_to: dt.date | None,
    period_start: dt.date,
    period_end: dt.date,
) -> bool:
    """An inspector marked unavailable is left out of a plan whose period overlaps the unavailable period
    (open-ended when ``unavailable_to`` is empty; the whole time when no dates are given)."""
    if is_available:
        return False
    start = unavailable_from or dt.date.min
    end = unavailable_to or dt.date.max
    return start <= period_end and end >= period_start


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the last day of the month when it does not exist: 31 May - 3 → 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def deadline_mark(due_on: dt.date, today: dt.date, working_days_left: int) -> str:
    """红牌 ("red") when overdue, 黄牌 ("yellow") with 2 working days or fewer left, as for cases."""
    if today > due_on:
        return "red"
    return "yellow" if working_days_left <= 2 else ""


def draw_fields(item_fields) -> tuple[list[str], list[str]]:
    """``(fields_required, fields_covered)`` of the draw (docs/draw.md 5, 5.1) from the plan's items as
    ``(department id, field code)`` pairs. Items of one department: every team member holds every field, as
    that department's officers inspect all the items. Items of several departments, a joint plan (联合抽查,
    "进一次门、查多项事"): each department's field must be covered — at least one member of every team holds
    it — so officers who each hold only their own department's field can go through one door together."""
    pairs = {(department, field) for department, field in item_fields if field}
    fields = sorted({field for _department, field in pairs})
    if len({department for department, _field in pairs}) > 1:
        return [], fields
    return fields, []
