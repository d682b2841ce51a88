"""Importing the target directory (检查对象名录库): per-row errors, all or nothing, --valid-only, create vs
update, the file formats and encodings, one log event, and nothing half-imported (inspections/imports.py)."""

from __future__ import annotations

import datetime
import hashlib
import json

import pytest

from sanxiang.core.errors import InvalidInput
from sanxiang.inspections import import_rows, imports
from sanxiang.inspections.models import ImportRun, Target
from sanxiang.records.models import Event
from tests.inspections.test_import_support import (
    TODAY,
    credit_code,
    row,
    rows,
    write_csv,
    write_xlsx,
    wrong_check_character,
)

pytestmark = pytest.mark.django_db


def run_import(path, **options):
    return imports.targets_import(actor=None, path=path, today=TODAY, **options)


def problems_of(report) -> dict[int, list[tuple[str, str]]]:
    return {error.row: [(p.column, p.problem) for p in error.problems] for error in report.errors}


# --- one row at a time ---------------------------------------------------------------------------------------


def check(**overrides):
    return import_rows.check_row(7, row(1, **overrides), today=TODAY, seen={})


def test_a_valid_row_is_ready_to_write_with_its_values_cleaned():
    checked = check(**{"统一社会信用代码": " " + credit_code(1).lower() + " ", "风险等级": "ｃ级",
                       "许可证": "卫生许可证 1；放射诊疗许可证 2", "上次检查日期": "2025年6月1日"})  # fmt: skip
    assert isinstance(checked, import_rows.TargetRow)
    assert checked.credit_code == credit_code(1)
    values = dict(zip(import_rows.FIELDS, checked.values, strict=True))
    assert values["risk_class"] == "C"
    assert values["licences"] == ["卫生许可证 1", "放射诊疗许可证 2"]
    assert values["last_inspected_on"] == datetime.date(2025, 6, 1)
    assert values["kind"] == "enterprise"


@pytest.mark.parametrize(
    ("overrides", "column", "words"),
    [
        ({"统一社会信用代码": wrong_check_character(credit_code(1))}, "统一社会信用代码", "校验位错误"),
        ({"统一社会信用代码": "91430602"}, "统一社会信用代码", "应为 18 位"),
        ({"统一社会信用代码": ""}, "统一社会信用代码", "为空"),
        ({"统一社会信用代码": 914306020000012345}, "统一社会信用代码", "存成了数字"),
        ({"名称": "  "}, "名称", "为空"),
        ({"名称": "名" * 201}, "名称", "超过 200 个字"),
        ({"所属区域": ""}, "所属区域", "为空"),
        ({"行业类别": ""}, "行业类别", "为空"),
        ({"风险等级": "E"}, "风险等级", "“E”不是风险等级"),
        ({"风险等级": ""}, "风险等级", "为空"),
        ({"类型": "公司"}, "类型", "不是可用的类型"),
        ({"上次检查日期": "2025-13-01"}, "上次检查日期", "不是有效日期"),
        ({"上次检查日期": "去年"}, "上次检查日期", "不是有效日期"),
        ({"上次检查日期": "2026-12-01"}, "上次检查日期", "晚于今天"),
    ],
)
def test_a_bad_cell_is_reported_with_its_column_what_is_wrong_and_how_to_fix_it(overrides, column, words):
    checked = check(**overrides)
    assert isinstance(checked, import_rows.RowError)
    assert checked.row == 7
    [problem] = checked.problems
    assert problem.column == column
    assert words in problem.problem
    assert problem.fix  # every problem says how to fix it
    assert str(checked).startswith(f"第 7 行：【{column}】")


def test_every_problem_of_a_row_is_reported_not_only_the_first():
    checked = check(**{"名称": "", "风险等级": "X", "上次检查日期": "昨天"})
    assert [p.column for p in checked.problems] == ["名称", "风险等级", "上次检查日期"]


def test_the_kind_follows_the_credit_code_when_left_empty():
    checked = import_rows.check_row(2, row(1, **{"统一社会信用代码": credit_code(1, kind="2"), "类型": ""}),
                                today=TODAY, seen={})  # fmt: skip
    assert dict(zip(import_rows.FIELDS, checked.values, strict=True))["kind"] == "individual_business"


# --- whole files ---------------------------------------------------------------------------------------------


def test_a_file_with_bad_rows_imports_nothing_and_reports_each_bad_row(tmp_path):
    records = rows(6)
    records[1]["统一社会信用代码"] = wrong_check_character(records[1]["统一社会信用代码"])
    records[2]["名称"] = ""
    records[3]["风险等级"] = "高"
    records[4]["上次检查日期"] = "2025/02/30"
    records[5]["统一社会信用代码"] = records[0]["统一社会信用代码"]
    report = run_import(write_csv(tmp_path / "targets.csv", records))

    assert not report.written and report.refused
    assert Target.objects.count() == 0
    assert not Event.objects.filter(action="target.import").exists()
    problems = problems_of(report)
    assert sorted(problems) == [3, 4, 5, 6, 7]  # spreadsheet row numbers: row 1 is the header
    assert problems[3][0][0] == "统一社会信用代码" and "校验位错误" in problems[3][0][1]
    assert problems[4] == [("名称", "为空")]
    assert problems[5][0][0] == "风险等级"
    assert problems[6][0][0] == "上次检查日期"
    assert problems[7] == [("统一社会信用代码", f"{records[0]['统一社会信用代码']} 与第 2 行重复")]
    run = report.run
    assert run.status == ImportRun.Status.REJECTED and run.rejected_count == 5
    assert run.errors[0]["row"] == 3 and run.errors[0]["problems"][0]["fix"]
    assert "未导入任何检查对象" in report.summary()


def test_valid_only_imports_the_valid_rows_after_reporting_the_bad_ones(tmp_path):
    records = rows(4)
    records[2]["风险等级"] = "Z"
    report = run_import(write_csv(tmp_path / "targets.csv", records), valid_only=True)

    assert report.written
    assert (report.created, report.rejected) == (3, 1)
    assert sorted(problems_of(report)) == [4]
    assert set(Target.objects.values_list("credit_code", flat=True)) == {
        records[i]["统一社会信用代码"] for i in (0, 1, 3)
    }
    assert report.run.status == ImportRun.Status.IMPORTED


def test_valid_only_with_no_valid_row_imports_nothing(tmp_path):
    records = rows(2)
    for record in records:
        record["名称"] = ""
    report = run_import(write_csv(tmp_path / "targets.csv", records), valid_only=True)
    assert report.refused and not report.written
    assert Target.objects.count() == 0


def test_existing_targets_are_updated_new_ones_created_and_unchanged_ones_left_alone(tmp_path):
    first = run_import(write_csv(tmp_path / "first.csv", rows(3)))
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    kept = Target.objects.get(credit_code=credit_code(0))
    changed_before = Target.objects.get(credit_code=credit_code(1))

    records = rows(4)
    records[1]["风险等级"] = "D"
    records[1]["名称"] = "某某游泳馆（新名称）有限公司"
    second = run_import(write_csv(tmp_path / "second.csv", records))

    assert (second.created, second.updated, second.unchanged) == (1, 1, 2)
    assert Target.objects.count() == 4
    changed = Target.objects.get(credit_code=credit_code(1))
    assert (changed.risk_class, changed.name) == ("D", "某某游泳馆（新名称）有限公司")
    assert changed.pk == changed_before.pk and changed.created_at == changed_before.created_at
    assert changed.updated_at > changed_before.updated_at
    assert Target.objects.get(credit_code=credit_code(0)).updated_at == kept.updated_at


def test_one_import_appends_one_log_event_with_the_file_hash_and_counts_and_no_names(tmp_path):
    records = rows(3)
    records[0]["类型"] = "个体工商户"
    records[0]["名称"] = "张记小吃店"
    path = write_csv(tmp_path / "targets.csv", records)
    report = run_import(path)

    [event] = Event.objects.filter(action="target.import")
    entry = json.loads(event.entry)
    payload = entry["payload"]
    assert payload["file_sm3"] == hashlib.new("sm3", path.read_bytes()).hexdigest() == report.file_hash
    assert (payload["created"], payload["updated"], payload["rejected"], payload["rows"]) == (3, 0, 0, 3)
    assert (event.subject_type, event.subject_id) == ("inspections.importrun", str(report.run.pk))
    assert "张记" not in event.entry and "游泳馆" not in event.entry


def test_a_failure_half_way_through_the_writes_rolls_everything_back(tmp_path):
    path = write_csv(tmp_path / "targets.csv", rows(2500))

    def interrupted(phase, done, total):
        if phase == "write" and done >= imports.BATCH:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        run_import(path, progress=interrupted)
    assert Target.objects.count() == 0
    assert not ImportRun.objects.exists()
    assert not Event.objects.filter(action="target.import").exists()


def test_a_dry_run_counts_what_would_change_and_writes_nothing(tmp_path):
    run_import(write_csv(tmp_path / "first.csv", rows(2)))
    report = run_import(write_csv(tmp_path / "second.csv", rows(3)), dry_run=True)
    assert (report.created, report.unchanged, report.written) == (1, 2, False)
    assert Target.objects.count() == 2
    assert ImportRun.objects.count() == 1
    assert "试导入" in report.summary()


# --- formats and encodings -----------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_in_gb18030_is_read_without_saying_which(tmp_path, encoding):
    records = rows(2)
    records[0]["名称"] = "长沙市岳麓区𠀾记理发店"  # a character outside GBK: GB18030 has it
    report = run_import(write_csv(tmp_path / "targets.csv", records, encoding=encoding))
    assert report.created == 2
    assert Target.objects.filter(name="长沙市岳麓区𠀾记理发店").exists()
    assert report.encoding == {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "gb18030": "gb18030"}[encoding]


def test_a_named_encoding_that_does_not_fit_the_file_is_refused_with_advice(tmp_path):
    path = write_csv(tmp_path / "targets.csv", rows(2), encoding="gb18030")
    with pytest.raises(InvalidInput, match="不是 utf-8 编码"):
        run_import(path, encoding="utf-8")
    assert Target.objects.count() == 0


def test_xlsx_with_columns_in_any_order_real_dates_and_extra_columns(tmp_path):
    records = rows(3)
    records[0]["上次检查日期"] = datetime.datetime(2024, 3, 5)
    records[1]["上次检查日期"] = None
    columns = ["备注", *reversed(imports.COLUMNS)]
    report = run_import(write_xlsx(tmp_path / "targets.xlsx", records, columns=columns))
    assert report.file_format == "xlsx" and report.created == 3
    assert Target.objects.get(credit_code=credit_code(0)).last_inspected_on == datetime.date(2024, 3, 5)
    assert Target.objects.get(credit_code=credit_code(1)).last_inspected_on is None


def test_xlsx_bad_rows_are_reported_with_spreadsheet_row_numbers_skipping_blank_rows(tmp_path):
    records = [*rows(2), {}, row(5, **{"风险等级": "5"})]
    report = run_import(write_xlsx(tmp_path / "targets.xlsx", records))
    assert sorted(problems_of(report)) == [5]  # header, two rows, a blank row 4, the bad row 5
    assert report.total_rows == 3


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("targets.csv", "名称,风险等级\n某店,A\n", "第 1 行缺少列：统一社会信用代码、所属区域、行业类别"),
        ("targets.csv", ",".join(imports.COLUMNS) + "\n", "没有数据行"),
        ("targets.xlsx", "not a zip file", "无法读取 .xlsx 文件"),
        ("targets.xls", "\xd0\xcf", "另存为 .xlsx 或 .csv"),
    ],
)
def test_an_unusable_file_is_refused_as_a_whole_with_a_reason(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput, match=words):
        run_import(path)
    assert not ImportRun.objects.exists()


def test_the_template_is_a_file_that_imports_cleanly(tmp_path):
    path = tmp_path / "template.xlsx"
    imports.write_template(path)
    report = run_import(path)
    assert (report.created, report.rejected) == (2, 0)
    assert Target.objects.get(name="某某理发店").kind == Target.Kind.INDIVIDUAL_BUSINESS
