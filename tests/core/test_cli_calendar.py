"""`sanxiang workdays` and `sanxiang calendar`, driven the way a user does (docs/cli.md)."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sanxiang.core.calendar import deadline_create
from tests.core.schedule_documents import schedule_2027, write_document

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def fails(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return str(caught.value)


def test_add_prints_the_date_alone():
    assert run("workdays", "add", "2025-01-24", "7") == "2025-02-10\n"


def test_add_in_a_year_without_a_schedule_fails_naming_the_year_until_it_is_loaded(tmp_path):
    assert "2027 年的工作日安排尚未载入" in fails("workdays", "add", "2027-02-04", "7")
    assert "2027 年" in fails("workdays", "add", "2026-12-28", "7")
    out = run("calendar", "load", str(write_document(tmp_path, schedule_2027())))
    assert out.startswith("已载入 2027 年放假安排（第 1 版）")
    assert run("workdays", "add", "2027-02-04", "7") == "2027-02-22\n"
    assert run("workdays", "add", "2026-12-28", "7") == "2027-01-07\n"


def test_add_provisional_marks_a_provisional_answer_and_not_an_official_one():
    assert run("workdays", "add", "2027-02-04", "7", "--provisional") == "2027-02-17 provisional\n"
    assert run("workdays", "add", "2025-01-24", "7", "--provisional") == "2025-02-10\n"


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("workdays", "add", "2025-13-01", "7"), "不是存在的日期"),
        (("workdays", "add", "20250124", "7"), "不是 YYYY-MM-DD 格式"),
        (("workdays", "add", "2025-01-24", "seven"), "不是整数"),
        (("workdays", "add", "2025-01-24", "0"), "不小于 1"),
        (("workdays", "count", "2025-02-10", "2025-01-24"), "早于起始日期"),
    ],
)
def test_bad_input_fails_with_exit_code_2_and_says_what_is_wrong(args, problem):
    assert problem in fails(*args)


def test_other_workday_actions():
    assert run("workdays", "add-calendar", "2025-09-21", "10") == "2025-10-09\n"
    assert run("workdays", "count", "2025-01-24", "2025-02-10") == "7\n"
    assert run("workdays", "is-working", "2025-01-26") == "working\n"
    assert run("workdays", "is-working", "2025-01-28") == "non-working\n"
    assert run("workdays", "is-working", "2027-01-28", "--provisional") == "working provisional\n"


def test_load_reports_every_problem_of_a_bad_file_and_stores_nothing(tmp_path):
    bad = schedule_2027(makeup_workdays=["2027-02-22", "2027-02-31"], source="")
    error = fails("calendar", "load", str(write_document(tmp_path, bad)))
    assert "2027-02-22 不是周末" in error
    assert "2027-02-31" in error and "source" in error
    assert run("calendar", "list").splitlines()[-1].startswith("2026\t")


def test_load_of_a_missing_file_fails_with_exit_code_2(tmp_path):
    assert "无法读取文件" in fails("calendar", "load", str(tmp_path / "nope.json"))


def test_load_lists_the_deadlines_it_recomputed(tmp_path):
    deadline_create(
        subject_type="case",
        subject_id=7,
        kind="publish_decision",
        start_on=dt.date(2027, 2, 4),
        period_kind="working",
        period_days=7,
        legal_basis="行政处罚法第八十五条",
        actor=None,
        allow_provisional=True,
    )
    out = run("calendar", "load", str(write_document(tmp_path, schedule_2027())))
    assert "重算期限 1 个。" in out
    assert "2027-02-17 → 2027-02-22" in out


def test_show_lists_holidays_and_make_up_days():
    out = run("calendar", "show", "2020")
    assert "2020-02-02" in out  # the extended Spring Festival
    assert "调休上班日：2020-01-19 " in out
    assert "2030 年" in fails("calendar", "show", "2030")


def test_the_console_script_end_to_end(tmp_path):
    """The real `sanxiang` executable, on its own SQLite database in a fresh data directory."""
    script = Path(sys.executable).with_name("sanxiang")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SANXIANG_DATA_DIR"] = str(tmp_path / "data")

    def sanxiang(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(script), *args], env=env, capture_output=True, text=True, timeout=120)

    assert sanxiang("migrate", "-v0").returncode == 0
    ok = sanxiang("workdays", "add", "2025-01-24", "7")
    assert (ok.returncode, ok.stdout) == (0, "2025-02-10\n")
    unknown = sanxiang("workdays", "add", "2027-02-04", "7")
    assert (
        unknown.returncode == 2 and "2027 年的工作日安排尚未载入" in unknown.stderr and unknown.stdout == ""
    )
    malformed = sanxiang("workdays", "add", "2025-02-30", "7")
    assert malformed.returncode == 2 and "2025-02-30" in malformed.stderr
    usage = sanxiang("workdays", "add", "2025-01-24")
    assert usage.returncode == 2
    provisional = sanxiang("workdays", "add", "2027-02-04", "7", "--provisional")
    assert (provisional.returncode, provisional.stdout) == (0, "2027-02-17 provisional\n")
    assert sanxiang("calendar", "load", str(write_document(tmp_path, schedule_2027()))).returncode == 0
    loaded = sanxiang("workdays", "add", "2027-02-04", "7")
    assert (loaded.returncode, loaded.stdout) == (0, "2027-02-22\n")
