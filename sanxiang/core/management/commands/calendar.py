"""``sanxiang calendar``: load a year's holiday notice, list the years known, show one (docs/calendar.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanxiang.core.calendar import calendar_load, calendar_years, current_calendar
from sanxiang.core.errors import DomainError
from sanxiang.core.workdays import ScheduleFileError, UnknownYearError


class Command(BaseCommand):
    help = (
        "工作日历：load FILE（载入某年放假安排）、list（已知年份）、show YEAR（某年的放假日与调休上班日）。"
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{load,list,show}")
        load = actions.add_parser("load", help="载入一年的放假安排 JSON 文件（格式见 docs/calendar.md）。")
        load.add_argument("file", help="JSON 文件路径")
        actions.add_parser("list", help="列出有放假安排的年份及其来源。")
        show = actions.add_parser("show", help="列出某年的非工作日（不含普通周末）和调休上班日。")
        show.add_argument("year", help="年份，如 2027")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except ScheduleFileError as exc:
            raise CommandError(f"{options['file']}：{exc.message}", returncode=2) from None
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from None

    def do_load(self, *, file: str, **options) -> None:
        path = Path(file)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}。", returncode=2) from None
        outcome = calendar_load(document=raw, actor=None)
        row = outcome.calendar_year
        self.stdout.write(f"已载入 {row.year} 年放假安排（第 {row.version} 版）：{row.source}")
        days = sum(len(h["dates"]) for h in row.holidays)
        self.stdout.write(f"放假日 {days} 天，调休上班日 {len(row.makeup_workdays)} 天。{row.note}")
        self.stdout.write(f"重算期限 {len(outcome.revisions)} 个。")
        for revision in outcome.revisions:
            mark = "（仍为暂定）" if revision.new_provisional else ""
            self.stdout.write(f"  {revision.deadline}: {revision.old_due_on} → {revision.new_due_on}{mark}")

    def do_list(self, **options) -> None:
        for item in calendar_years():
            origin = "内置" if item.version is None else f"载入第 {item.version} 版"
            self.stdout.write(f"{item.year}\t{origin}\t{item.source}")

    def do_show(self, *, year: str, **options) -> None:
        if not year.isdigit():
            raise CommandError(f"年份“{year}”不是整数。", returncode=2)
        schedule = current_calendar().schedules.get(int(year))
        if schedule is None:
            raise UnknownYearError(int(year))
        self.stdout.write(f"{schedule.year} 年（{schedule.source}）")
        self.stdout.write("放假日：" + " ".join(d.isoformat() for d in sorted(schedule.holidays)))
        self.stdout.write(
            "调休上班日：" + (" ".join(d.isoformat() for d in sorted(schedule.makeup_workdays)) or "无")
        )
