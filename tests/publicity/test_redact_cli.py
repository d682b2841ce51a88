"""`sanxiang redact`, driven the way a user does (docs/cli.md)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

CORPUS = Path(__file__).parent / "corpus"
TEXT = "当事人：张伟，男，身份证号码：11010519491231002X。证人王芳（电话13812345678）称……\n"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("redact", *args, stdout=out)
    return out.getvalue()


def fails(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return str(caught.value)


@pytest.fixture
def decision(tmp_path) -> Path:
    path = tmp_path / "decision.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_prints_the_redacted_text(decision):
    assert (
        run(str(decision))
        == "当事人：张伟，男，身份证号码：110105********002X。证人王**（电话138****5678）称……\n"
    )


def test_mask_party_name_and_no_unknown_names(decision):
    assert run(str(decision), "--mask-party-name").startswith("当事人：张**，男")
    assert "证人王芳" in run(str(decision), "--no-unknown-names")


def test_spans_are_code_point_offsets_into_the_file_text(tmp_path):
    text = (CORPUS / "case35.txt").read_text(encoding="utf-8")
    path = tmp_path / "gb.txt"
    path.write_bytes(text.encode("gb18030"))
    rows = json.loads(run(str(path), "--encoding", "GB18030", "--spans"))
    assert rows and all(set(row) == {"start", "end", "kind", "text"} for row in rows)
    for row in rows:
        assert text[row["start"] : row["end"]] == row["text"]
    assert {
        "start": text.index("乔宇"),
        "end": text.index("乔宇") + 2,
        "kind": "person_name",
        "text": "乔宇",
    } in rows
    # characters outside the BMP count as one code point each
    path.write_text("𠀋证人王芳", encoding="utf-8")
    assert json.loads(run(str(path), "--spans")) == [
        {"start": 3, "end": 5, "kind": "person_name", "text": "王芳"}
    ]


def test_known_values_are_used(decision, tmp_path):
    known = tmp_path / "known.json"
    known.write_text(
        json.dumps({"persons": [{"name": "张伟", "role": "witness"}]}, ensure_ascii=False), encoding="utf-8"
    )
    assert run(str(decision), "--known", str(known)).startswith("当事人：张**，男")


def test_bad_input_is_a_chinese_sentence_and_exit_code_2(decision, tmp_path):
    assert "不存在" in fails(str(tmp_path / "missing.txt"))
    gb = tmp_path / "gb.txt"
    gb.write_bytes(TEXT.encode("gb18030"))
    assert "不是 utf-8 编码" in fails(str(gb))
    assert "不认识的编码" in fails(str(decision), "--encoding", "klingon")
    bad = tmp_path / "known.json"
    bad.write_text('{"persons": [{"name": "张伟", "role": "boss"}]}', encoding="utf-8")
    assert "role“boss”无效" in fails(str(decision), "--known", str(bad))
    bad.write_text("{not json", encoding="utf-8")
    assert "不是 UTF-8 编码的 JSON" in fails(str(decision), "--known", str(bad))
    assert "不存在" in fails(str(decision), "--known", str(tmp_path / "none.json"))


def test_the_console_script_exits_2_with_the_message_on_standard_error(tmp_path):
    gb = tmp_path / "gb.txt"
    gb.write_bytes(TEXT.encode("gb18030"))
    script = Path(sys.executable).with_name("sanxiang")
    env = os.environ | {"SANXIANG_DATA_DIR": str(tmp_path / "data")}
    bad = subprocess.run([script, "redact", str(gb)], capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 2
    assert "--encoding gb18030" in bad.stderr and bad.stdout == ""
    good = subprocess.run(
        [script, "redact", str(gb), "--encoding", "gb18030"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    assert "证人王**" in good.stdout
