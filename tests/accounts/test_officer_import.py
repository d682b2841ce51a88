"""Officers imported from .xlsx: every bad row reported by row number; a bad row imports nothing unless
--valid-only (docs/officer-import.md)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from sanxiang.accounts import officer_import
from sanxiang.accounts.models import Certificate, User
from tests.factories import AgencyFactory, enforcement_field

pytestmark = pytest.mark.django_db

HEADER = [
    "姓名",
    "用户名",
    "部门",
    "职务",
    "角色",
    "执法证号",
    "执法类别",
    "发证日期",
    "有效期至",
    "发证机关",
]
GOOD = [
    ["张三", "zhangsan", "卫生监督所", "监督员", "执法人员", "W-001", "公共场所卫生、水", datetime.date(2024, 3, 1), datetime.date(2029, 2, 28), "某市人民政府"],
    ["李四", "lisi", "卫生监督所", "所长", "执法人员，承办机构负责人", "W-002", "医", "2023-07-15", "2028/7/14", ""],
    ["王五", "wangwu", "法制科", "科员", "法制审核人员", None, None, None, None, None],
]  # fmt: skip


@pytest.fixture
def setup(enforcement_unit, legal_unit):
    for code in ("public_places", "drinking_water", "medical", "infectious_disease"):
        enforcement_field(code)
    return enforcement_unit.agency


def xlsx(path, rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("officers", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_a_good_file_imports_every_row(setup, tmp_path):
    code, out, _ = run("import", str(xlsx(tmp_path / "ok.xlsx", GOOD)))
    assert code == 0 and "已导入 3 人" in out
    lisi = User.objects.get(username="lisi")
    assert lisi.role_codes == {"officer", "unit_head"} and not lisi.has_usable_password()
    certificate = Certificate.objects.get(number="W-001")
    assert {f.code for f in certificate.fields.all()} == {"public_places", "drinking_water"}
    assert certificate.status_changes.get().reason == "发证"
    assert not User.objects.get(username="wangwu").certificates.exists()


BAD = [
    ["", "nobody", "卫生监督所", "", "执法人员", "W-010", "公", "2024-01-01", "2029-01-01", ""],
    ["赵六", "zhaoliu", "不存在的科", "", "执法人员", "W-011", "公", "2024-01-01", "2029-01-01", ""],
    ["钱七", "qianqi", "卫生监督所", "", "执法人员", "W-012", "火星卫生", "2024-01-01", "2029-01-01", ""],
    ["孙八", "sunba", "卫生监督所", "", "执法人员", "W-013", "公", "2024-01-01", "2023-01-01", ""],
    ["周九", "zhoujiu", "卫生监督所", "", "执法人员", "W-014", "公", "去年", "2029-01-01", ""],
    ["吴十", "wushi", "卫生监督所", "", "执法人员", "W-001", "公", "2024-01-01", "2029-01-01", ""],
    ["郑一", "zhangsan", "卫生监督所", "", "执法人员", "W-015", "公", "2024-01-01", "2029-01-01", ""],
    ["冯二", "fenger", "卫生监督所", "", "执法人员", "W-016", "公", "2999-01-01", "3004-01-01", ""],
    ["陈三", "chensan", "卫生监督所", "", "执法人员", "", "", "", "", ""],
]  # fmt: skip


def test_bad_rows_are_each_reported_with_their_row_number_and_nothing_is_imported(setup, tmp_path):
    code, _, err = run("import", str(xlsx(tmp_path / "bad.xlsx", GOOD + BAD)))
    assert code == 2
    expected = [
        "第 5 行：姓名为空",
        "第 6 行：部门“不存在的科”在某区卫生健康局中不存在",
        "第 7 行：执法类别“火星卫生”不存在",
        "第 8 行：有效期至 2023-01-01 须晚于发证日期 2024-01-01",
        "第 9 行：发证日期“去年”不是有效日期",
        "第 10 行：执法证号 W-001 与第 2 行重复",
        "第 11 行：用户名 zhangsan 与第 2 行重复",
        "第 12 行：发证日期 2999-01-01 晚于今天",
        "第 13 行：执法人员须填写执法证号、执法类别、发证日期和有效期至",
    ]
    for line in expected:
        assert line in err
    assert "第 2 行" not in err.replace("与第 2 行重复", "")
    assert "未导入任何人员" in err
    assert not User.objects.filter(username__in=["zhangsan", "lisi", "wangwu"]).exists()
    assert not Certificate.objects.exists()


def test_valid_only_imports_the_good_rows_after_reporting_the_bad(setup, tmp_path):
    code, out, err = run("import", str(xlsx(tmp_path / "mixed.xlsx", GOOD + BAD[:2])), "--valid-only")
    assert code == 0
    assert "第 5 行：姓名为空" in err and "第 6 行" in err
    assert "已导入 3 人（共 5 行，2 行有错误未导入）" in out
    assert set(User.objects.values_list("username", flat=True)) == {"zhangsan", "lisi", "wangwu"}


def test_valid_only_with_no_valid_row_imports_nothing_and_exits_2(setup, tmp_path):
    code, _, err = run("import", str(xlsx(tmp_path / "bad.xlsx", BAD[:1])), "--valid-only")
    assert code == 2 and "未导入任何人员" in err


def test_usernames_and_certificate_numbers_already_in_the_database_are_bad_rows(setup, alice, tmp_path):
    rows = [["爱丽丝", "Alice", "卫生监督所", "", "执法人员", "A-0001", "公", "2024-01-01", "2029-01-01", ""]]
    code, _, err = run("import", str(xlsx(tmp_path / "dup.xlsx", rows)))
    assert code == 2
    assert "第 2 行：用户名 Alice 已存在；执法证号 A-0001 已登记" in err


def test_empty_rows_are_skipped_and_row_numbers_still_match_the_sheet(setup, tmp_path):
    rows = [GOOD[0], [None] * 10, BAD[0]]
    code, _, err = run("import", str(xlsx(tmp_path / "gap.xlsx", rows)))
    assert code == 2 and "第 4 行：姓名为空" in err


def test_a_file_that_is_not_xlsx_exits_2(setup, tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("姓名,用户名\n")
    code, _, err = run("import", str(fake))
    assert code == 2 and "无法读取 .xlsx 文件" in err
    csv = tmp_path / "people.csv"
    csv.write_text("x")
    assert run("import", str(csv))[0] == 2


def test_a_missing_file_exits_2(setup, tmp_path):
    code, _, err = run("import", str(tmp_path / "missing.xlsx"))
    assert code == 2 and "不存在" in err


def test_a_missing_column_exits_2_naming_it(setup, tmp_path):
    code, _, err = run("import", str(xlsx(tmp_path / "cols.xlsx", GOOD, header=HEADER[:5])))
    assert code == 2 and "缺少列：执法证号" in err


def test_a_file_without_data_rows_exits_2(setup, tmp_path):
    code, _, err = run("import", str(xlsx(tmp_path / "empty.xlsx", [])))
    assert code == 2 and "没有数据行" in err


def test_agency_must_be_named_when_there_are_several(setup, tmp_path):
    AgencyFactory()
    path = str(xlsx(tmp_path / "ok.xlsx", GOOD))
    assert run("import", path)[0] == 2
    assert run("import", path, "--agency", "不存在")[0] == 2
    assert run("import", path, "--agency", "某区卫生健康局")[0] == 0


def test_the_template_imports_cleanly(setup, tmp_path):
    path = tmp_path / "template.xlsx"
    code, out, _ = run("template", str(path))
    assert code == 0 and path.exists()
    assert [c.value for c in load_workbook(path).worksheets[0][1]] == officer_import.COLUMNS
    report = officer_import.import_officers(actor=None, source=path, agency=setup, today=timezone.localdate())
    assert report.errors == [] and report.imported == ["zhangsan", "lisi", "wangwu"]


def test_template_needs_an_xlsx_name(tmp_path):
    assert run("template", str(tmp_path / "t.csv"))[0] == 2
