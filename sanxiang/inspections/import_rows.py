"""Reading a target-directory file (.xlsx or .csv) and checking each row (docs/targets-import.md).

No database here: ``file_facts`` hashes the bytes (SM3) and guesses the text encoding, ``read_xlsx`` and
``read_csv`` stream ``(row number, {column: cell})`` pairs (openpyxl read-only; ``csv`` over a decoding
reader), and ``check_row`` turns one row into a ``TargetRow`` ready to write or a ``RowError`` naming, for each
problem, the column, what is wrong and how to fix it. ``imports.targets_import`` puts them together.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from sanxiang.accounts import codes
from sanxiang.core.errors import InvalidInput
from sanxiang.inspections.models import Target

CODE, NAME, KIND, ADDRESS, REGION = "统一社会信用代码", "名称", "类型", "经营地址", "所属区域"
INDUSTRY, RISK, LICENCES, LAST_DATE, LAST_RESULT = (
    "行业类别",
    "风险等级",
    "许可证",
    "上次检查日期",
    "上次检查结果",
)
COLUMNS = [CODE, NAME, KIND, ADDRESS, REGION, INDUSTRY, RISK, LICENCES, LAST_DATE, LAST_RESULT]
REQUIRED_COLUMNS = [CODE, NAME, REGION, INDUSTRY, RISK]
MAX_ROWS = 200_000

LENGTHS = {NAME: 200, ADDRESS: 300, REGION: 100, INDUSTRY: 100, LAST_RESULT: 200}
LIST_SEPARATORS = re.compile(r"[;；\n]+")
DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
KIND_BY_LABEL: dict[str, str] = (
    {str(label): str(value) for value, label in Target.Kind.choices}
    | {str(value): str(value) for value in Target.Kind.values}
    | {"个体户": "individual_business"}
)
# GB 32100-2015 table 2: the first two characters of the credit code say what kind of body it is.
KIND_BY_CODE_PREFIX = {
    "91": "enterprise",
    "92": "individual_business",
    "12": "public_institution",
    "51": "social_organisation",
    "52": "social_organisation",
    "53": "social_organisation",
}
KIND_LABELS = "、".join(label for _value, label in Target.Kind.choices)
RISKS = frozenset(Target.Risk.values)
FIELDS = [
    "name", "kind", "address", "region", "industry", "risk_class", "licences", "last_inspected_on", "last_result",
]  # fmt: skip


class TargetRow(NamedTuple):
    """One valid row, ready to write: the credit code, then the values in ``FIELDS`` order."""

    row: int
    credit_code: str
    values: tuple


@dataclass(frozen=True)
class Problem:
    column: str
    problem: str
    fix: str

    def as_json(self) -> dict:
        return {"column": self.column, "problem": self.problem, "fix": self.fix}


@dataclass
class RowError:
    row: int
    problems: list[Problem]

    def __str__(self) -> str:
        return f"第 {self.row} 行：" + "；".join(f"【{p.column}】{p.problem}，{p.fix}" for p in self.problems)

    def as_json(self) -> dict:
        return {"row": self.row, "problems": [p.as_json() for p in self.problems]}


# --- reading the file ---------------------------------------------------------------------------------------


@dataclass
class FileFacts:
    sm3: str
    size: int
    lines: int
    utf8: bool
    bom: bool
    zip: bool


def file_facts(path: Path) -> FileFacts:
    """One pass over the bytes: the SM3 hash (logged), the line count (a progress estimate for CSV) and
    whether the whole file is valid UTF-8 (the encoding guess)."""
    sm3 = hashlib.new("sm3")
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = lines = 0
    utf8 = True
    head = b""
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1024 * 1024):
                if not head:
                    head = chunk[:4]
                sm3.update(chunk)
                size += len(chunk)
                lines += chunk.count(b"\n")
                if utf8:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        utf8 = False
            if utf8:
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:
                    utf8 = False
    except FileNotFoundError:
        raise InvalidInput(f"文件 {path} 不存在。") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} 是目录，不是文件。") from None
    return FileFacts(
        sm3.hexdigest(), size, lines, utf8, head.startswith(codecs.BOM_UTF8), head[:4] == b"PK\x03\x04"
    )


def file_format(name: str, facts: FileFacts) -> str:
    lower = name.lower()
    if lower.endswith(".xlsx") or facts.zip:
        return "xlsx"
    if lower.endswith((".xls", ".et", ".numbers", ".ods")):
        raise InvalidInput(f"不支持“{name}”这种格式：请在表格软件中另存为 .xlsx 或 .csv（UTF-8）后再导入。")
    return "csv"


def csv_encoding(facts: FileFacts, requested: str | None) -> str:
    """The requested encoding; else UTF-8 with a BOM, UTF-8, or GB18030 (what Excel and WPS write by default
    on Chinese Windows, a superset of GBK and GB2312)."""
    if requested:
        try:
            return codecs.lookup(requested).name
        except LookupError:
            raise InvalidInput(f"不认识编码“{requested}”：请用 utf-8 或 gb18030。") from None
    if facts.bom:
        return "utf-8-sig"
    return "utf-8" if facts.utf8 else "gb18030"


def _header_name(value: object) -> str:
    return _text(value).strip("*＊ ").replace("（必填）", "").replace("(必填)", "")


def _columns(header: list[str]) -> dict[str, int]:
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if name in COLUMNS:
            if name in seen:
                raise InvalidInput(
                    f"第 1 行有两个“{name}”列（第 {seen[name] + 1} 列和第 {index + 1} 列），请删去一个。"
                )
            seen[name] = index
    missing = [column for column in REQUIRED_COLUMNS if column not in seen]
    if missing:
        raise InvalidInput(
            f"第 1 行缺少列：{'、'.join(missing)}。第 1 行应为列名（{'、'.join(COLUMNS)}），见 docs/targets-import.md。"
        )
    return seen


def _rows(values_iter, position: dict[str, int]) -> Iterator[tuple[int, dict[str, object]]]:
    for number, values in enumerate(values_iter, start=2):
        if _blank(values):
            continue
        if number > MAX_ROWS + 1:
            raise InvalidInput(f"文件超过 {MAX_ROWS} 行，请分成几个文件导入。")
        yield number, {name: (values[i] if i < len(values) else None) for name, i in position.items()}


def _blank(values) -> bool:
    return all(value is None or (type(value) is str and not value.strip()) for value in values)


def read_xlsx(path: Path) -> tuple[int | None, Iterator[tuple[int, dict[str, object]]]]:
    """(estimated data rows, rows) of the first sheet."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InvalidInput(
            f"无法读取 .xlsx 文件（{type(exc).__name__}）：请确认文件未损坏，并用 Excel 2007 及以上格式（.xlsx）保存。"
        ) from None
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        position = _columns([_header_name(cell) for cell in next(values, ())])
    except BaseException:
        workbook.close()
        raise
    total = sheet.max_row - 1 if sheet.max_row else None

    def rows():
        try:
            yield from _rows(values, position)
        finally:
            workbook.close()

    return total, rows()


def read_csv(
    path: Path, *, encoding: str, lines: int
) -> tuple[int | None, Iterator[tuple[int, dict[str, object]]]]:
    handle = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed when the rows are consumed
    reader = csv.reader(handle)
    try:
        position = _columns([_header_name(cell) for cell in next(reader, [])])
    except UnicodeDecodeError:
        handle.close()
        raise _not_encoded(encoding, 1) from None
    except BaseException:
        handle.close()
        raise

    def rows():
        number = 1
        try:
            for number, cells in _rows(reader, position):  # noqa: B007 - number is read after a decoding error
                yield number, cells
        except UnicodeDecodeError:
            raise _not_encoded(encoding, number + 1) from None
        except csv.Error as exc:
            raise InvalidInput(
                f"第 {reader.line_num} 行附近的 CSV 格式有误（{exc}）：请检查引号是否成对。"
            ) from None
        finally:
            handle.close()

    return max(lines - 1, 0), rows()


def _not_encoded(encoding: str, row: int) -> InvalidInput:
    return InvalidInput(
        f"文件不是 {encoding} 编码（约第 {row} 行出现无法识别的字符）：请用 --encoding 或“文字编码”指定文件的编码"
        "（如 gb18030），或在表格软件中另存为“CSV UTF-8”。"
    )


# --- checking a row -----------------------------------------------------------------------------------------


def _text(value: object) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: object) -> datetime.date | None:
    """A cell as a date: a real Excel date, or 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301.
    Raises ValueError for anything else."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if len(text) == 10 and text[4] == text[7] == "-":
        return datetime.date.fromisoformat(text)
    text = unicodedata.normalize("NFKC", text)
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            return datetime.date(*(int(part) for part in match.groups()))
    raise ValueError(text)


def check_row(
    number: int, cells: dict[str, object], *, today: datetime.date, seen: dict[str, int]
) -> TargetRow | RowError:
    """Check one row on its own and against the rows before it (``seen``: credit code -> row); collect every
    problem it has. Pure: no database."""
    problems: list[Problem] = []
    raw_code = cells.get(CODE)
    code = unicodedata.normalize("NFKC", _text(raw_code)).replace(" ", "").upper()
    if isinstance(raw_code, int | float) and not isinstance(raw_code, bool):
        problems.append(Problem(CODE, "被表格软件存成了数字，末几位可能已丢失",
                                "请把该列设为“文本”格式后重新填写代码"))  # fmt: skip
    elif not code:
        problems.append(Problem(CODE, "为空", "请填写营业执照或登记证书上的 18 位统一社会信用代码"))
    elif problem := codes.credit_code_problem(code):
        problems.append(Problem(CODE, problem, "请对照营业执照或登记证书核对代码"))
    elif code in seen:
        problems.append(Problem(CODE, f"{code} 与第 {seen[code]} 行重复", "同一对象只保留一行"))
    if code:
        seen.setdefault(code, number)

    texts = {column: _text(cells.get(column)) for column in (NAME, ADDRESS, REGION, INDUSTRY, LAST_RESULT)}
    for column, fix in ((NAME, "请填写登记的名称（个体工商户填字号）"), (REGION, "请填写所在街道或片区"),
                        (INDUSTRY, "请填写行业类别，如“公共场所-游泳场所”")):  # fmt: skip
        if not texts[column]:
            problems.append(Problem(column, "为空", fix))
    for column, limit in LENGTHS.items():
        if len(texts[column]) > limit:
            problems.append(Problem(column, f"有 {len(texts[column])} 个字，超过 {limit} 个字", "请缩短"))

    kind_text = _text(cells.get(KIND))
    kind = KIND_BY_LABEL.get(kind_text) if kind_text else KIND_BY_CODE_PREFIX.get(code[:2], "other")
    if kind is None:
        problems.append(
            Problem(KIND, f"“{kind_text}”不是可用的类型", f"请填 {KIND_LABELS} 之一，或留空按信用代码判断")
        )

    risk_text = unicodedata.normalize("NFKC", _text(cells.get(RISK))).upper().removesuffix("级").strip()
    if risk_text not in RISKS:
        said = f"“{_text(cells.get(RISK))}”不是风险等级" if risk_text else "为空"
        problems.append(Problem(RISK, said, "请填 A、B、C 或 D（A 为低风险，D 为高风险）"))

    last_inspected_on = None
    if _text(cells.get(LAST_DATE)):
        try:
            last_inspected_on = _date(cells.get(LAST_DATE))
        except ValueError:
            problems.append(Problem(LAST_DATE, f"“{_text(cells.get(LAST_DATE))}”不是有效日期",
                                    "请写成 2024-03-01 这样的日期，或留空"))  # fmt: skip
        else:
            if last_inspected_on > today:
                problems.append(Problem(LAST_DATE, f"{last_inspected_on.isoformat()} 晚于今天",
                                        "请填写已经进行的检查的日期"))  # fmt: skip

    if problems:
        return RowError(number, problems)
    licences = [item.strip() for item in LIST_SEPARATORS.split(_text(cells.get(LICENCES))) if item.strip()]
    values = (texts[NAME], kind, texts[ADDRESS], texts[REGION], texts[INDUSTRY], risk_text, licences,
              last_inspected_on, texts[LAST_RESULT])  # fmt: skip
    return TargetRow(number, code, values)


def write_template(target: str | Path | io.BufferedIOBase) -> None:
    """An example workbook: the header row and two example rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "检查对象"
    sheet.append(COLUMNS)
    first = codes.make_credit_code(registration="9", kind="1", division="430602", body="MA4L00001")
    second = codes.make_credit_code(registration="9", kind="2", division="430602", body="MA4L00002")
    sheet.append([first, "某某游泳馆有限公司", "企业", "某区某路 1 号", "城南街道", "公共场所-游泳场所", "C",
                  "卫生许可证 湘卫公证字〔2024〕第001号", datetime.date(2025, 6, 1), "合格"])  # fmt: skip
    sheet.append([second, "某某理发店", "个体工商户", "某区某街 8 号", "城北街道", "公共场所-美容美发场所", "A",
                  "", None, ""])  # fmt: skip
    for cell in sheet["A"]:
        cell.number_format = "@"
    workbook.save(target)
