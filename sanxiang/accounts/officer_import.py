"""Import officers and their certificates from an ``.xlsx`` file (docs/officer-import.md).

The first sheet is read; row 1 holds the column names (``COLUMNS``, any order), each later row one person.
Every row is checked before anything is written. Each bad row is reported as ``第 N 行：reason`` with the
spreadsheet row number. By default a file with any bad row imports nothing; with ``valid_only`` the valid
rows are imported and the bad ones reported. Used by ``sanxiang officers import`` and the admin import page.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils import timezone

from sanxiang.accounts import rules, selectors, services
from sanxiang.accounts.models import Agency, Certificate, Department, Role, User
from sanxiang.core.errors import InvalidInput

NAME, USERNAME, DEPARTMENT, TITLE, ROLES = "姓名", "用户名", "部门", "职务", "角色"
NUMBER, FIELDS, ISSUED, EXPIRES, ISSUER = "执法证号", "执法类别", "发证日期", "有效期至", "发证机关"
COLUMNS = [NAME, USERNAME, DEPARTMENT, TITLE, ROLES, NUMBER, FIELDS, ISSUED, EXPIRES, ISSUER]
REQUIRED_COLUMNS = [NAME, USERNAME, DEPARTMENT, ROLES, NUMBER, FIELDS, ISSUED, EXPIRES]
CERTIFICATE_COLUMNS = [NUMBER, FIELDS, ISSUED, EXPIRES]
MAX_ROWS = 5000

LIST_SEPARATORS = re.compile(r"[,，、;；\s]+")
DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
ROLE_BY_LABEL = {label: value for value, label in Role.choices} | {value: value for value in Role.values}

EXAMPLE_ROWS = [
    ["张三", "zhangsan", "卫生监督所", "监督员", "执法人员", "430602000101", "公共场所卫生、生活饮用水卫生",
     datetime.date(2024, 3, 1), datetime.date(2029, 2, 28), "某市人民政府"],
    ["李四", "lisi", "卫生监督所", "所长", "执法人员，承办机构负责人", "430602000102", "医, 传",
     datetime.date(2023, 7, 15), datetime.date(2028, 7, 14), "某市人民政府"],
    ["王五", "wangwu", "法制科", "科员", "法制审核人员", "", "", None, None, ""],
]  # fmt: skip


@dataclass
class OfficerRow:
    """One valid row, ready to write."""

    row: int
    full_name: str
    username: str
    department: Department
    title: str
    roles: list[str]
    certificate_number: str
    field_codes: list[str]
    issued_on: datetime.date | None
    expires_on: datetime.date | None
    issuing_authority: str


@dataclass
class RowError:
    row: int
    reasons: list[str]

    def __str__(self) -> str:
        return f"第 {self.row} 行：" + "；".join(self.reasons)


@dataclass
class ImportReport:
    """What happened: the rows imported (usernames), the bad rows, and whether anything was written."""

    total_rows: int
    errors: list[RowError] = field(default_factory=list)
    imported: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return [str(error) for error in self.errors]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: object, label: str) -> tuple[datetime.date | None, str | None]:
    """A cell as a date: a real Excel date, or text such as 2024-03-01, 2024/3/1, 2024年3月1日, 20240301."""
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    text = _text(value)
    if not text:
        return None, f"{label}为空"
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups())), None
            except ValueError:
                break
    return None, f"{label}“{text}”不是有效日期（应为 2024-03-01 这样的日期）"


def read_rows(source: str | Path | IO[bytes]) -> Iterator[tuple[int, dict[str, object]]]:
    """``(row number, {column: value})`` for each non-empty data row. Raises ``InvalidInput`` for a file that
    is not a readable .xlsx workbook or lacks a required column."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InvalidInput(f"文件 {source} 不存在。") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InvalidInput(
            f"无法读取 .xlsx 文件（{type(exc).__name__}）：请上传 Excel 2007 及以上格式（.xlsx）的文件。"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [_text(cell) for cell in next(rows, ())]
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise InvalidInput(f"第 1 行缺少列：{'、'.join(missing)}（列名见 docs/officer-import.md）。")
        position = {name: header.index(name) for name in COLUMNS if name in header}
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                raise InvalidInput(f"文件超过 {MAX_ROWS} 行，请分批导入。")
            if all(_text(value) == "" for value in values):
                continue
            yield (
                number,
                {name: (values[index] if index < len(values) else None) for name, index in position.items()},
            )
    finally:
        workbook.close()


def check_row(
    number: int,
    cells: dict[str, object],
    *,
    agency: Agency,
    today: datetime.date,
    seen_usernames: dict[str, int],
    seen_numbers: dict[str, int],
) -> OfficerRow | RowError:
    """Check one row against the database and the rows before it; collect every problem it has."""
    reasons: list[str] = []
    full_name = _text(cells.get(NAME))
    if not full_name:
        reasons.append("姓名为空")
    username = _text(cells.get(USERNAME))
    if not username:
        reasons.append("用户名为空")
    elif username.lower() in seen_usernames:
        reasons.append(f"用户名 {username} 与第 {seen_usernames[username.lower()]} 行重复")
    elif User.objects.filter(username__iexact=username).exists():
        reasons.append(f"用户名 {username} 已存在")
    else:
        try:
            User.username_validator(username)
        except Exception:  # noqa: BLE001 - Django's ValidationError; the reason below says what to fix
            reasons.append(f"用户名“{username}”只能包含字母、数字和 @.+-_")
    if username:
        seen_usernames.setdefault(username.lower(), number)

    department_name = _text(cells.get(DEPARTMENT))
    department = None
    if not department_name:
        reasons.append("部门为空")
    else:
        department = Department.objects.filter(agency=agency, name=department_name, is_active=True).first()
        if department is None:
            reasons.append(f"部门“{department_name}”在{agency.name}中不存在")

    roles: list[str] = []
    role_labels = [label for label in LIST_SEPARATORS.split(_text(cells.get(ROLES))) if label]
    if not role_labels:
        reasons.append("角色为空")
    for label in role_labels:
        if label in ROLE_BY_LABEL:
            roles.append(ROLE_BY_LABEL[label])
        else:
            reasons.append(f"角色“{label}”不存在")

    certificate_number = _text(cells.get(NUMBER))
    has_certificate = any(_text(cells.get(column)) for column in CERTIFICATE_COLUMNS)
    field_codes: list[str] = []
    issued_on = expires_on = None
    if not has_certificate:
        if Role.OFFICER in roles:
            reasons.append("执法人员须填写执法证号、执法类别、发证日期和有效期至")
    else:
        if not certificate_number:
            reasons.append("执法证号为空")
        elif certificate_number in seen_numbers:
            reasons.append(f"执法证号 {certificate_number} 与第 {seen_numbers[certificate_number]} 行重复")
        elif Certificate.objects.filter(number=certificate_number).exists():
            reasons.append(f"执法证号 {certificate_number} 已登记")
        if certificate_number:
            seen_numbers.setdefault(certificate_number, number)
        field_labels = [label for label in LIST_SEPARATORS.split(_text(cells.get(FIELDS))) if label]
        if not field_labels:
            reasons.append("执法类别为空")
        for label in field_labels:
            found = selectors.field_by_label(label)
            if found is None:
                reasons.append(f"执法类别“{label}”不存在")
            elif found.code not in field_codes:
                field_codes.append(found.code)
        issued_on, problem = _date(cells.get(ISSUED), ISSUED)
        if problem:
            reasons.append(problem)
        expires_on, problem = _date(cells.get(EXPIRES), EXPIRES)
        if problem:
            reasons.append(problem)
        if issued_on and expires_on:
            problem = rules.certificate_dates_problem(issued_on, expires_on, today)
            if problem:
                reasons.append(problem)

    if reasons or department is None:
        return RowError(number, reasons)
    return OfficerRow(
        row=number,
        full_name=full_name,
        username=username,
        department=department,
        title=_text(cells.get(TITLE)),
        roles=roles,
        certificate_number=certificate_number,
        field_codes=field_codes,
        issued_on=issued_on,
        expires_on=expires_on,
        issuing_authority=_text(cells.get(ISSUER)),
    )


def import_officers(
    *,
    actor: User | None,
    source: str | Path | IO[bytes],
    agency: Agency,
    valid_only: bool = False,
    today: datetime.date | None = None,
) -> ImportReport:
    """Check every row, then import: all rows when all are valid; only the valid ones with ``valid_only``;
    nothing otherwise. Imported staff get an unusable password (set it in the admin).

    Raises ``InvalidInput`` when the file itself is unusable (not .xlsx, missing columns, no data rows).
    """
    today = today or timezone.localdate()
    seen_usernames: dict[str, int] = {}
    seen_numbers: dict[str, int] = {}
    checked = [
        check_row(
            number,
            cells,
            agency=agency,
            today=today,
            seen_usernames=seen_usernames,
            seen_numbers=seen_numbers,
        )
        for number, cells in read_rows(source)
    ]
    if not checked:
        raise InvalidInput("文件中没有数据行（第 1 行为列名，人员从第 2 行开始）。")
    report = ImportReport(total_rows=len(checked), errors=[c for c in checked if isinstance(c, RowError)])
    if report.errors and not valid_only:
        return report
    with transaction.atomic():
        for row in checked:
            if isinstance(row, OfficerRow):
                _write_row(row, actor=actor, today=today)
                report.imported.append(row.username)
    return report


def _write_row(row: OfficerRow, *, actor: User | None, today: datetime.date) -> None:
    user = services.staff_create(
        actor=actor,
        username=row.username,
        full_name=row.full_name,
        password=None,
        department=row.department,
        title=row.title,
        roles=row.roles,
    )
    if row.certificate_number and row.issued_on and row.expires_on:
        services.certificate_issue(
            actor=actor,
            officer=user,
            number=row.certificate_number,
            field_codes=row.field_codes,
            issued_on=row.issued_on,
            expires_on=row.expires_on,
            issuing_authority=row.issuing_authority,
            today=today,
        )


def write_template(target: str | Path | IO[bytes]) -> None:
    """Write an example workbook: the header row, three example rows and a sheet listing fields and roles."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from sanxiang.accounts.models import EnforcementField

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "人员"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in EXAMPLE_ROWS:
        sheet.append(values)
    for row in sheet.iter_rows(min_row=2):
        for index in (COLUMNS.index(ISSUED), COLUMNS.index(EXPIRES)):
            row[index].number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGHIJ", (10, 14, 14, 10, 28, 16, 30, 12, 12, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    reference = workbook.create_sheet("说明")
    reference.append(["角色（可填多个，用逗号或顿号分隔）"])
    for _value, label in Role.choices:
        reference.append([label])
    reference.append([])
    reference.append(["执法类别（名称或简称，可填多个）", "简称"])
    for enforcement_field in EnforcementField.objects.order_by("code"):
        reference.append([enforcement_field.name, enforcement_field.abbreviation])
    workbook.save(target)
