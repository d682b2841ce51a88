"""``sanxiang officers``: import officers from .xlsx, write the import template, check an officer's certificate.

Exit codes (docs/cli.md): 0 success / allowed; 1 ``check`` refused; 2 bad input (bad file, bad rows without
``--valid-only``, unknown officer, field, agency or date).
"""

from __future__ import annotations

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sanxiang.accounts import officer_import, selectors
from sanxiang.accounts.models import Agency, EnforcementField, User
from sanxiang.core.errors import DomainError


class Command(BaseCommand):
    help = "执法人员：从 .xlsx 导入（import）、生成导入模板（template）、查询能否执法（check）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{import,template,check}")
        importing = actions.add_parser(
            "import", help="从 .xlsx 导入人员和执法证（见 docs/officer-import.md）。"
        )
        importing.add_argument("file", help=".xlsx 文件")
        importing.add_argument("--agency", default=None, help="执法主体名称（只有一个执法主体时可省略）。")
        importing.add_argument(
            "--valid-only",
            action="store_true",
            help="有错误行时仍导入其余有效行（默认：有任何错误行则全部不导入）。",
        )
        template = actions.add_parser("template", help="生成导入模板 .xlsx（含示例行和类别、角色说明）。")
        template.add_argument("out", help="输出文件，如 officers.xlsx")
        check = actions.add_parser("check", help="查询某人某日能否在某执法类别执法（允许 0，不允许 1）。")
        check.add_argument("username")
        check.add_argument("field", help="执法类别：代码、名称或简称，如 public_places、公共场所卫生、公")
        check.add_argument("--on", default=None, help="日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args, action, **options):
        try:
            if action == "import":
                self.import_file(
                    options["file"], agency_name=options["agency"], valid_only=options["valid_only"]
                )
            elif action == "template":
                self.write_template(options["out"])
            else:
                self.check_officer(options["username"], options["field"], on=options["on"])
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from None

    def import_file(self, path: str, *, agency_name: str | None, valid_only: bool) -> None:
        agency = self.find_agency(agency_name)
        report = officer_import.import_officers(actor=None, source=path, agency=agency, valid_only=valid_only)
        for line in report.lines:
            self.stderr.write(line)
        if report.errors and not report.imported:
            raise CommandError(
                f"{len(report.errors)} 行有错误（共 {report.total_rows} 行），未导入任何人员。"
                + ("" if valid_only else "改正后重新导入，或用 --valid-only 只导入有效行。"),
                returncode=2,
            )
        self.stdout.write(
            f"已导入 {len(report.imported)} 人（共 {report.total_rows} 行，{len(report.errors)} 行有错误未导入）："
            + "、".join(report.imported)
        )

    def find_agency(self, name: str | None) -> Agency:
        if name:
            agency = Agency.objects.filter(name=name, is_active=True).first()
            if agency is None:
                raise CommandError(f"执法主体“{name}”不存在或已停用。", returncode=2)
            return agency
        agencies = list(Agency.objects.filter(is_active=True)[:2])
        if len(agencies) != 1:
            raise CommandError("请用 --agency 指定执法主体名称。", returncode=2)
        return agencies[0]

    def write_template(self, out: str) -> None:
        if not out.lower().endswith(".xlsx"):
            raise CommandError(f"模板文件名须以 .xlsx 结尾：{out}", returncode=2)
        try:
            officer_import.write_template(out)
        except OSError as exc:
            raise CommandError(f"无法写入 {out}：{exc.strerror}。", returncode=2) from None
        self.stdout.write(f"已生成导入模板：{out}")

    def check_officer(self, username: str, field_label: str, *, on: str | None) -> None:
        try:
            day = datetime.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError(f"--on “{on}” 不是日期，应为 YYYY-MM-DD。", returncode=2) from None
        officer = User.objects.filter(username=username).first()
        if officer is None:
            raise CommandError(f"用户“{username}”不存在。", returncode=2)
        field = selectors.field_by_label(field_label)
        if field is None:
            known = "、".join(f"{f.name}（{f.abbreviation}）" for f in EnforcementField.objects.all())
            raise CommandError(f"执法类别“{field_label}”不存在。已有：{known or '无'}", returncode=2)
        permission = selectors.officer_may_act(officer=officer, field=field, on=day)
        verdict = "可以执法" if permission.allowed else "不能执法"
        self.stdout.write(
            f"{officer.full_name or officer.username} {day.isoformat()} {field.name}：{verdict}。"
        )
        self.stdout.write(permission.reason)
        if not permission.allowed:
            self.stdout.flush()
            sys.exit(1)
