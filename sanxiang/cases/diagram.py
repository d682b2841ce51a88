"""The workflow diagram, generated from the transition table (docs/workflow.md) — a pure module, no Django.

``document()`` is exactly what ``sanxiang workflow diagram`` prints and what docs/workflow.md holds; a test
compares the two, so the documentation cannot drift from the table. ``progress()`` marks where a case stands
on the main line, for the case page.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from sanxiang.cases.rules import GUARDS
from sanxiang.cases.workflow import (
    ACTION_LABELS,
    DEADLINES,
    MAIN_LINE,
    POST_DECISION,
    PRE_DECISION,
    ROLE_LABELS,
    TERMINAL,
    TRANSITIONS,
    State,
    Transition,
    successors,
)

PRE = "pre_decision"
POST = "post_decision"
GROUP_LABELS = {PRE: "决定前各环节", POST: "决定后各环节"}
# Actions drawn once from a group node instead of from every state of the group (the table lists them all).
GROUPED = {"suspend": PRE, "amend": POST, "revoke": POST, "confirm_illegal": POST, "confirm_void": POST}


def _edges() -> list[tuple[str, str, str, bool]]:
    """(from, to, label, dotted) for the drawing: self-loops are left to the table."""
    edges: list[tuple[str, str, str, bool]] = []
    seen: set[tuple[str, str, str]] = set()
    for t in TRANSITIONS:
        if t.state_to is t.state_from:
            continue
        source = GROUPED.get(t.action, t.state_from.value)
        target = PRE if t.state_to is None else t.state_to.value
        key = (source, target, t.action)
        if key in seen:
            continue
        seen.add(key)
        dotted = t.action in GROUPED or t.state_to is None
        edges.append((source, target, ACTION_LABELS[t.action], dotted))
    return edges


def mermaid() -> str:
    lines = ["flowchart TD"]
    for state in State:
        shape = ('(["', '"])') if state in TERMINAL or state is State.REGISTERED else ('["', '"]')
        lines.append(f"    {state.value}{shape[0]}{state.label}{shape[1]}")
    for group, label in GROUP_LABELS.items():
        lines.append(f'    {group}{{{{"{label}"}}}}')
    for source, target, label, dotted in _edges():
        arrow = "-.->" if dotted else "-->"
        lines.append(f'    {source} {arrow}|"{label}"| {target}')
    return "\n".join(lines) + "\n"


def dot() -> str:
    lines = ["digraph workflow {", '    rankdir=TB; node [shape=box, fontname="sans-serif"];']
    for state in State:
        lines.append(f'    {state.value} [label="{state.label}"];')
    for group, label in GROUP_LABELS.items():
        lines.append(f'    {group} [label="{label}", shape=hexagon];')
    for source, target, label, dotted in _edges():
        style = ", style=dashed" if dotted else ""
        lines.append(f'    {source} -> {target} [label="{label}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _target(t: Transition) -> str:
    return "（中止前环节）" if t.state_to is None else t.state_to.label


def table() -> str:
    rows = [
        "| 环节 | 操作 | 到达 | 办理人 | 条件（guards） | 开始的期限 | 停止的期限 | 说明 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t in TRANSITIONS:
        roles = "、".join(ROLE_LABELS[r] for r in sorted(t.roles))
        guards = "<br>".join(f"`{g}`" for g in t.guards) or "—"
        started = "、".join(DEADLINES[d].label for d in t.deadlines_started) or "—"
        stopped = "、".join(DEADLINES[d].label for d in t.deadlines_stopped) or "—"
        rows.append(
            f"| {t.state_from.label} | {ACTION_LABELS[t.action]} (`{t.action}`) | {_target(t)} | {roles} | "
            f"{guards} | {started} | {stopped} | {_cell(t.description)} |"
        )
    return "\n".join(rows) + "\n"


def guards_table() -> str:
    rows = ["| guard | 规则 |", "|---|---|"]
    for name, guard in GUARDS.items():
        doc = (guard.__doc__ or "").strip().replace("\n", " ")
        rows.append(f"| `{name}` | {_cell(' '.join(doc.split()))} |")
    return "\n".join(rows) + "\n"


def deadlines_table() -> str:
    rows = ["| 代码 | 期限 | 期间 | 依据 |", "|---|---|---|---|"]
    for d in DEADLINES.values():
        rows.append(f"| `{d.code}` | {d.label} | {d.period} | {d.source} |")
    return "\n".join(rows) + "\n"


def document() -> str:
    """The whole of docs/workflow.md."""
    states = "\n".join(f"| `{s.value}` | {s.label} |" for s in State)
    return (
        "# 案件流程 (case workflow)\n\n"
        "<!-- Generated from sanxiang/cases/workflow.py by `sanxiang workflow diagram > docs/workflow.md`. "
        "Do not edit by hand: tests/cases/test_workflow_diagram.py fails when this file and the table differ. -->\n\n"
        "One transition table drives every case: the state a step leaves, the action, the state it reaches, who may do "
        "it, the rules (guards) that must hold, and the deadlines it starts and stops. The drawing leaves out steps "
        "that stay in the same state (investigation activities, extensions, excluded periods, deferral …) and draws "
        "中止 and the post-decision changes once from a group node; the table below lists every row.\n\n"
        "```mermaid\n" + mermaid() + "```\n\n"
        "## 环节 (states)\n\n| 代码 | 环节 |\n|---|---|\n" + states + "\n\n"
        "## 流转表 (transitions)\n\n" + table() + "\n"
        "## 条件 (guards)\n\n" + guards_table() + "\n"
        "## 期限 (deadlines)\n\n" + deadlines_table()
    )


class Mark(enum.StrEnum):
    DONE = "done"
    CURRENT = "current"
    NEXT = "next"
    PENDING = "pending"


@dataclass(frozen=True)
class Step:
    state: State
    label: str
    mark: Mark


def progress(current: State | str, visited: Iterable[State | str] = ()) -> list[Step]:
    """The main line of the procedure with each state marked done, current, next (one step away) or pending.

    A case off the main line (中止, 移送, 不予处罚 …) appears after the last main-line state it visited.
    """
    current = State(current)
    seen = {State(s) for s in visited}
    following = successors(current)
    steps = []
    for state in MAIN_LINE:
        if state is current:
            mark = Mark.CURRENT
        elif state in seen:
            mark = Mark.DONE
        elif state in following:
            mark = Mark.NEXT
        else:
            mark = Mark.PENDING
        steps.append(Step(state, state.label, mark))
    if current not in MAIN_LINE:
        done = [i for i, s in enumerate(steps) if s.mark is Mark.DONE]
        at = (done[-1] + 1) if done else 1
        steps.insert(at, Step(current, current.label, Mark.CURRENT))
    return steps


__all__ = ["mermaid", "dot", "table", "document", "progress", "Mark", "Step", "PRE_DECISION", "POST_DECISION"]
