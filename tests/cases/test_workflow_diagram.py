"""docs/workflow.md is generated from the transition table and must not drift from it."""

from __future__ import annotations

from pathlib import Path

from sanxiang.cases import diagram
from sanxiang.cases.diagram import Mark
from sanxiang.cases.workflow import TRANSITIONS, State

DOC = Path(__file__).resolve().parents[2] / "docs" / "workflow.md"


def test_docs_workflow_md_equals_the_generated_document():
    assert DOC.read_text(encoding="utf-8") == diagram.document(), (
        "docs/workflow.md is out of date: run `sanxiang workflow diagram > docs/workflow.md`"
    )


def test_the_table_has_one_row_per_transition():
    assert diagram.table().count("\n") == len(TRANSITIONS) + 2


def test_every_state_is_drawn():
    drawing = diagram.mermaid()
    assert all(f"{s.value}[" in drawing or f"{s.value}(" in drawing for s in State)
    assert diagram.dot().startswith("digraph")


def test_progress_marks_done_current_and_next_on_the_main_line():
    steps = {
        s.state: s.mark for s in diagram.progress(State.NOTIFIED, [State.REGISTERED, State.INVESTIGATING])
    }
    assert steps[State.REGISTERED] is Mark.DONE
    assert steps[State.NOTIFIED] is Mark.CURRENT
    assert steps[State.AWAITING_DECISION] is Mark.NEXT
    assert steps[State.CLOSED] is Mark.PENDING


def test_progress_shows_a_state_off_the_main_line_after_the_last_one_done():
    steps = diagram.progress(State.SUSPENDED, [State.REGISTERED, State.INVESTIGATING])
    assert [s.state for s in steps[:3]] == [State.REGISTERED, State.INVESTIGATING, State.SUSPENDED]
    assert steps[2].mark is Mark.CURRENT


def test_command_prints_the_document(capsys):
    from django.core.management import call_command

    call_command("workflow", "diagram", "--format", "md")
    assert capsys.readouterr().out == diagram.document()
