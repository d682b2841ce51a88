"""``sanxiang targets import|export|template`` (docs/cli.md): exit codes, the per-row report on stderr, the
progress bar (plain lines when stderr is not a terminal), --valid-only, --encoding and --dry-run."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sanxiang.inspections.management.commands.targets import ProgressBar
from sanxiang.inspections.models import ImportRun, Target
from tests.inspections.test_import_support import credit_code, rows, write_csv, wrong_check_character

pytestmark = pytest.mark.django_db


def targets(*args) -> tuple[int, str, str]:
    """Run ``sanxiang targets …`` in-process; (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("targets", *[str(a) for a in args], stdout=out, stderr=err)
    except CommandError as exc:
        err.write(str(exc))
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_a_clean_file_imports_with_exit_0_and_shows_progress_lines(tmp_path):
    code, out, err = targets("import", write_csv(tmp_path / "t.csv", rows(2000)))
    assert code == 0
    assert out == "已导入：新增 2000 个、更新 0 个、无变化 0 个（共 2000 行）。\n"
    assert err.splitlines() == [
        "已校验 1,000/2,000 行（50%）",
        "已校验 2,000/2,000 行（100%）",
        "已写入 1,000/2,000 行（50%）",
        "已写入 2,000/2,000 行（100%）",
    ]
    assert Target.objects.count() == 2000
    assert ImportRun.objects.get().source == ImportRun.Source.CLI


def test_bad_rows_without_valid_only_exit_2_list_every_bad_row_and_import_nothing(tmp_path):
    records = rows(3)
    records[1]["统一社会信用代码"] = wrong_check_character(credit_code(1))
    records[2]["风险等级"] = "E"
    code, out, err = targets("import", write_csv(tmp_path / "t.csv", records))
    assert code == 2
    assert "第 3 行：【统一社会信用代码】统一社会信用代码校验位错误" in err
    assert "第 4 行：【风险等级】“E”不是风险等级，请填 A、B、C 或 D" in err
    assert "2 行有错误（共 3 行），未导入任何检查对象" in err
    assert Target.objects.count() == 0


def test_valid_only_imports_the_rest_with_exit_0(tmp_path):
    records = rows(3)
    records[0]["名称"] = ""
    code, out, err = targets("import", write_csv(tmp_path / "t.csv", records), "--valid-only")
    assert code == 0
    assert "第 2 行：【名称】为空" in err
    assert "新增 2 个" in out and "1 行有错误未导入" in out
    assert Target.objects.count() == 2


def test_dry_run_writes_nothing_and_exits_as_the_import_would(tmp_path):
    good = write_csv(tmp_path / "good.csv", rows(2))
    assert targets("import", good, "--dry-run")[0] == 0
    records = rows(2)
    records[0]["名称"] = ""
    assert targets("import", write_csv(tmp_path / "bad.csv", records), "--dry-run")[0] == 2
    assert Target.objects.count() == 0 and not ImportRun.objects.exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["import", "/nonexistent/t.csv"], "不存在"),
        (["import", "{gbk}", "--encoding", "utf-8"], "不是 utf-8 编码"),
        (["import", "{gbk}", "--encoding", "klingon"], "不认识编码"),
    ],
)
def test_a_bad_file_or_option_exits_2_with_a_reason(tmp_path, args, words):
    gbk = write_csv(tmp_path / "gbk.csv", rows(2), encoding="gb18030")
    code, _out, err = targets(*[a.format(gbk=gbk) for a in args])
    assert code == 2 and words in err


def test_gb18030_csv_imports_with_the_encoding_named(tmp_path):
    code, out, _err = targets(
        "import", write_csv(tmp_path / "t.csv", rows(2), encoding="gb18030"), "--encoding", "GBK"
    )
    assert code == 0 and "新增 2 个" in out


def test_export_writes_a_csv_that_imports_back_unchanged(tmp_path):
    targets("import", write_csv(tmp_path / "t.csv", rows(5)))
    code, out, _err = targets("export", tmp_path / "out.csv")
    assert code == 0 and "已导出 5 个" in out
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert [r["统一社会信用代码"] for r in exported] == sorted(credit_code(n) for n in range(5))
    code, out, _err = targets("import", tmp_path / "out.csv")
    assert code == 0 and "无变化 5 个" in out


def test_template_needs_an_xlsx_name(tmp_path):
    assert targets("template", tmp_path / "t.csv")[0] == 2
    assert targets("template", tmp_path / "t.xlsx")[0] == 0


def test_on_a_terminal_the_bar_is_redrawn_in_place():
    stream = io.StringIO()
    bar = ProgressBar(stream, tty=True)
    bar("validate", 0, 100)
    bar("validate", 100, 100)
    bar("write", 100, 100)
    bar.finish()
    text = stream.getvalue()
    assert "\r校验 [" + "#" * 30 + "] 100% 100/100 行" in text
    assert "\r写入 [" in text and text.endswith("\n")


def test_the_console_script_exits_2_with_the_report_and_plain_progress_on_stderr(tmp_path):
    """The real ``sanxiang`` executable (stderr is a pipe, not a terminal: plain progress lines). A dry run of a
    file with bad rows needs no database, so it runs in a fresh data directory without migrating."""
    script = Path(sys.executable).with_name("sanxiang")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SANXIANG_DATA_DIR"] = str(tmp_path / "data")
    records = rows(2)
    records[1]["名称"] = ""
    path = write_csv(tmp_path / "bad.csv", records)
    result = subprocess.run([str(script), "targets", "import", str(path), "--dry-run"], env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 2
    assert "已校验 2/2 行（100%）\n" in result.stderr
    assert "第 3 行：【名称】为空，请填写登记的名称（个体工商户填字号）" in result.stderr
    assert result.stdout == ""
