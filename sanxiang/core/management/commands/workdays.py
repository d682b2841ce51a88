"""``sanxiang workdays``: working-day arithmetic on the calendar in force (docs/cli.md, docs/calendar.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sanxiang.core.calendar import current_calendar
from sanxiang.core.errors import DomainError, InvalidInput
from sanxiang.core.workdays import parse_date


class Command(BaseCommand):
    help = "工作日计算：add（加工作日）、add-calendar（加自然日）、count（计数）、is-working（是否工作日）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{add,add-calendar,count,is-working}"
        )
        add = actions.add_parser("add", help="起算日后第 N 个工作日（第 1 日为起算日后的第一个工作日）。")
        add.add_argument("date", help="起算日期 YYYY-MM-DD")
        add.add_argument("days", help="工作日天数 N（≥ 1）")
        add_calendar = actions.add_parser(
            "add-calendar", help="起算日加 N 个自然日；届满日不是工作日的，顺延至其后第一个工作日。"
        )
        add_calendar.add_argument("date", help="起算日期 YYYY-MM-DD")
        add_calendar.add_argument("days", help="自然日天数 N（≥ 0）")
        count = actions.add_parser("count", help="START 之后至 END（含）之间的工作日数。")
        count.add_argument("start", help="起始日期 YYYY-MM-DD（不计入）")
        count.add_argument("end", help="结束日期 YYYY-MM-DD（计入）")
        is_working = actions.add_parser("is-working", help="输出 working 或 non-working。")
        is_working.add_argument("date", help="日期 YYYY-MM-DD")
        for sub in (add, add_calendar, count, is_working):
            sub.add_argument(
                "--provisional",
                action="store_true",
                help="对尚未载入放假安排的年份按法定节假日暂定计算；暂定结果后加 provisional。",
            )

    def handle(self, *args, action, provisional, **options):
        try:
            line = self.answer(action, provisional, options)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from None
        self.stdout.write(line)

    def answer(self, action: str, provisional: bool, options: dict) -> str:
        calendar = current_calendar(provisional=provisional)
        if action == "add":
            return str(calendar.working_days_result(parse_date(options["date"]), parse_days(options["days"])))
        if action == "add-calendar":
            return str(
                calendar.calendar_days_result(parse_date(options["date"]), parse_days(options["days"]))
            )
        if action == "count":
            start, end = parse_date(options["start"]), parse_date(options["end"])
            count = calendar.count_working_days(start, end)
            return f"{count}{provisional_mark(calendar.is_provisional_between(start, end))}"
        day = parse_date(options["date"])
        word = "working" if calendar.is_working_day(day) else "non-working"
        return f"{word}{provisional_mark(calendar.is_provisional_between(day, day))}"


def provisional_mark(provisional: bool) -> str:
    return " provisional" if provisional else ""


def parse_days(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(f"天数“{value}”不是整数。") from None
