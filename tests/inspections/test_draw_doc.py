"""docs/draw.md's worked example: its inputs, run here, give every number the document prints."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sanxiang.inspections import draw

pytestmark = pytest.mark.django_db(False)

DOC = Path(__file__).resolve().parents[2] / "docs" / "draw.md"


def block(marker: str) -> dict:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- worked-example:{marker} -->\s*```json\n(.*?)\n```", text, re.S)
    assert match, f"docs/draw.md has no worked-example:{marker} block"
    return json.loads(match.group(1))


def example() -> tuple[draw.DrawInputs, str]:
    given = block("inputs")
    c = given["constraints"]
    inputs = draw.DrawInputs(
        plan_id=given["plan_id"],
        targets=tuple(draw.Target(*t) for t in given["targets"]),
        inspectors=tuple(draw.Inspector(i[0], tuple(i[1]), tuple(i[2]), i[3]) for i in given["inspectors"]),
        recusals=tuple(tuple(p) for p in given["recusals"]),
        constraints=draw.Constraints(
            ratios=c["ratios"],
            team_size=c["team_size"],
            fields_required=tuple(c["fields_required"]),
            same_region=c["same_region"],
            max_tasks_per_inspector=c["max_tasks_per_inspector"],
        ),
        source=draw.RandomnessSource(**given["source"]),
        code_version=draw.CODE_VERSION,
    )
    return inputs, given["value"]


def test_the_worked_example_gives_the_documented_result():
    inputs, value = example()
    assert draw.feasibility(inputs) == []
    result = draw.run(inputs, value)
    expected = block("result")
    assert result.drawn_per_class == expected["drawn_per_class"]
    assert [
        {"target_id": t.target_id, "inspector_ids": list(t.inspector_ids)} for t in result.tasks
    ] == expected["tasks"]


def test_the_worked_example_hashes_key_and_stream_values_are_those_printed():
    inputs, value = example()
    text = DOC.read_text(encoding="utf-8")
    body = draw.commitment(inputs)
    for digest in [*body["hashes"].values(), body["commitment_sha256"]]:
        assert f"`{digest}`" in text
    assert f"Key string `{draw.key_string(value)}`" in text
    key = draw.draw_key(body, value)
    assert f"`{key.decode()}`" in text
    for label, count in (("targets:A", 2), ("targets:B", 2), ("teams", 8)):
        numbers = draw.stream(key, label)
        for _ in range(count):
            assert f"`{next(numbers):064x}"[:17] + "…`" in text
