"""The standalone verifier's ``draw`` mode (tools/sanxiang_verify.py): no Django, no Sanxiang package, no
database; it loads sanxiang/inspections/draw.py by path and agrees with ``sanxiang draw verify``."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sanxiang.inspections import draw
from tests.inspections import test_draw_support as cases

pytestmark = pytest.mark.django_db(False)

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "sanxiang_verify.py"
# Importing Django or Sanxiang fails in the child: the verifier must not need them.
WITHOUT_PACKAGES = (
    "import runpy, sys\n"
    "for name in ('django', 'sanxiang'):\n"
    "    sys.modules[name] = None\n"
    "sys.argv = sys.argv[1:]\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)


def run_tool(tool: Path, *args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-I", "-c", WITHOUT_PACKAGES, str(tool), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def write(path: Path, record) -> Path:
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def record() -> dict:
    inputs = cases.small()
    return json.loads(json.dumps(draw.record(inputs, cases.VALUE, draw.run(inputs, cases.VALUE))))


def test_the_standalone_verifier_exit_codes(record, tmp_path):
    good = run_tool(TOOL, "draw", write(tmp_path / "DRAW.json", record), cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    assert "OK: the draw re-runs" in good.stdout and "sanxiang-draw/1" in good.stdout

    record["inputs"]["targets"][5][1] += "（已改名）"
    bad = run_tool(TOOL, "draw", write(tmp_path / "changed.json", record), cwd=tmp_path)
    assert bad.returncode == 1
    assert "FAIL: 检查对象清单的哈希与承诺不符" in bad.stdout

    (tmp_path / "not.json").write_text("{not json", encoding="utf-8")
    for path in (tmp_path / "not.json", write(tmp_path / "list.json", [1, 2]), tmp_path / "missing.json"):
        refused = run_tool(TOOL, "draw", path, cwd=tmp_path)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr


def test_an_auditor_copy_with_draw_py_next_to_the_verifier_works(record, tmp_path):
    shutil.copy(TOOL, tmp_path / "sanxiang_verify.py")
    shutil.copy(ROOT / "sanxiang" / "inspections" / "draw.py", tmp_path / "draw.py")
    path = write(tmp_path / "DRAW.json", record)
    done = run_tool(tmp_path / "sanxiang_verify.py", "draw", path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert str(tmp_path / "draw.py") in done.stdout
    (tmp_path / "draw.py").unlink()
    missing = run_tool(tmp_path / "sanxiang_verify.py", "draw", path, cwd=tmp_path)
    assert missing.returncode == 2 and "--draw-code" in missing.stderr


@pytest.fixture(scope="module")
def loaded():
    """draw.py as the verifier loads it (by path, outside the package)."""
    spec = importlib.util.spec_from_file_location("sanxiang_verify_for_test", TOOL)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool.load_draw_code()


@pytest.mark.parametrize("seed", range(60))
def test_the_verifier_and_the_package_agree_on_generated_records(loaded, seed):
    """The verifier runs this same draw.py loaded by path; check the loaded copy gives identical results."""
    inputs = cases.generated(seed)
    if draw.feasibility(inputs):
        pytest.skip("these generated inputs draw nothing")
    value = f"{seed} / 7 8 9"
    record = json.loads(json.dumps(draw.record(inputs, value, draw.run(inputs, value))))
    assert loaded.verify(record) == draw.verify(record) == []
    again = loaded.run(loaded.inputs_from_record(record), value)
    assert [(t.target_id, t.inspector_ids) for t in again.tasks] == [
        (t["target_id"], tuple(t["inspector_ids"])) for t in record["result"]["tasks"]
    ]
