"""``sanxiang draw verify DRAW.json``: exit 0 when it matches, 1 when not (saying where), 2 when not a record."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sanxiang.inspections import draw
from tests.inspections import test_draw_support as cases

pytestmark = pytest.mark.django_db(False)

SANXIANG = Path(sys.executable).with_name("sanxiang")


def sanxiang(*args, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SANXIANG_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [str(SANXIANG), *map(str, args)], capture_output=True, text=True, timeout=120, env=env
    )


@pytest.fixture
def record_file(tmp_path) -> Path:
    inputs = cases.small()
    path = tmp_path / "DRAW.json"
    record = draw.record(inputs, cases.VALUE, draw.run(inputs, cases.VALUE))
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def test_draw_verify_exit_codes(record_file, tmp_path):
    good = sanxiang("draw", "verify", record_file, data_dir=tmp_path)
    assert good.returncode == 0, good.stderr
    assert "验证通过" in good.stdout

    record = json.loads(record_file.read_text(encoding="utf-8"))
    record["inputs"]["recusals"] = []
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    bad = sanxiang("draw", "verify", changed, data_dir=tmp_path)
    assert bad.returncode == 1
    assert "不符：回避关系的哈希与承诺不符" in bad.stdout and "验证未通过" in bad.stderr

    other = tmp_path / "other.json"
    other.write_text('{"format": "sanxiang-log-export/1"}', encoding="utf-8")
    for path in (other, tmp_path / "missing.json", Path(__file__)):
        refused = sanxiang("draw", "verify", path, data_dir=tmp_path)
        assert refused.returncode == 2, refused.stderr
        assert "Traceback" not in refused.stderr


def test_draw_verify_against_the_published_commitment(record_file, tmp_path):
    commitment = json.loads(record_file.read_text(encoding="utf-8"))["commitment"]["commitment_sha256"]
    assert (
        sanxiang("draw", "verify", record_file, "--commitment", commitment, data_dir=tmp_path).returncode == 0
    )
    wrong = sanxiang("draw", "verify", record_file, "--commitment", "ab" * 32, data_dir=tmp_path)
    assert wrong.returncode == 1 and "不是事先公布的承诺" in wrong.stdout
