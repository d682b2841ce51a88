"""Files for the target-import tests (no tests here): rows with valid credit codes, written as real .csv (in a
chosen encoding) and .xlsx files. The importer persona is ``grace`` (承办机构负责人, tests/inspections/conftest.py)."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from sanxiang.accounts import codes
from sanxiang.inspections.import_rows import COLUMNS


def credit_code(number: int, *, kind: str = "1") -> str:
    """A valid credit code (GB 32100 check character) for ``number``: 91… an enterprise, 92… a 个体工商户."""
    body = ""
    for _ in range(9):
        body = codes.ALPHABET[number % 31] + body
        number //= 31
    return codes.make_credit_code(registration="9", kind=kind, division="430602", body=body)


def wrong_check_character(code: str) -> str:
    last = codes.ALPHABET[(codes.ALPHABET.index(code[-1]) + 1) % 31]
    return code[:-1] + last


def row(number: int, **overrides) -> dict[str, object]:
    """One valid row (column name -> cell); overrides by column name."""
    values = {
        "统一社会信用代码": credit_code(number),
        "名称": f"某某游泳馆{number}有限公司",
        "类型": "企业",
        "经营地址": f"某区某路 {number} 号",
        "所属区域": f"街道{number % 7}",
        "行业类别": "公共场所-游泳场所",
        "风险等级": "ABCD"[number % 4],
        "许可证": f"卫生许可证 第{number:05d}号",
        "上次检查日期": "2025-06-01",
        "上次检查结果": "合格",
    }
    values.update(overrides)
    return values


def rows(count: int, start: int = 0) -> list[dict[str, object]]:
    return [row(number) for number in range(start, start + count)]


def write_csv(path: Path, records: list[dict[str, object]], *, encoding: str = "utf-8", columns=None) -> Path:
    columns = columns or COLUMNS
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for record in records:
            writer.writerow(["" if record.get(c) is None else record.get(c) for c in columns])
    return path


def write_xlsx(path: Path, records: list[dict[str, object]], *, columns=None) -> Path:
    from openpyxl import Workbook

    columns = columns or COLUMNS
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("检查对象")
    sheet.append(columns)
    for record in records:
        sheet.append([record.get(c) for c in columns])
    workbook.save(path)
    return path


TODAY = datetime.date(2026, 11, 27)
