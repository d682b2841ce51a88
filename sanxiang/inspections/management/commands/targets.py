"""``sanxiang targets``: import the target directory (检查对象名录库) from .xlsx/.csv, export it, write a template.

Exit codes (docs/cli.md): 0 imported (with ``--valid-only``, bad rows are listed on stderr); 2 bad input (file
missing, unreadable, wrong encoding, missing columns, no data rows; bad rows without ``--valid-only``; no valid
row at all). The per-row report and the progress bar go to stderr, the outcome to stdout.
"""

from __future__ import annotations

import csv
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from sanxiang.core.errors import DomainError
from sanxiang.inspections import imports
from sanxiang.inspections.models import Target

PHASES = {"validate": "校验", "write": "写入"}


class ProgressBar:
    """Rows validated / written on ``stream``: a bar redrawn in place on a terminal; otherwise a plain line at
    every tenth of the rows (every 10,000 rows when the total is unknown), so logs stay short."""

    WIDTH = 30

    def __init__(self, stream, *, tty: bool | None = None):
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.phase: str | None = None
        self.last: tuple[int, int | None] | None = None
        self.shown_at = 0.0
        self.next_line = 0

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if phase != self.phase:
            self.finish()
            self.phase, self.next_line, self.last = phase, 0, None
        if (done, total) == self.last:
            return
        self.last = (done, total)
        if self.tty:
            self._draw(phase, done, total)
        else:
            self._line(phase, done, total)

    def _draw(self, phase: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.shown_at < 0.1 and done != total:
            return
        self.shown_at = now
        if total:
            filled = min(self.WIDTH, self.WIDTH * done // total)
            bar = "#" * filled + "." * (self.WIDTH - filled)
            text = f"\r{PHASES[phase]} [{bar}] {min(100, 100 * done // total):3d}% {done:,}/{total:,} 行"
        else:
            text = f"\r{PHASES[phase]} {done:,} 行"
        self.stream.write(text)
        self.stream.flush()

    def _line(self, phase: str, done: int, total: int | None) -> None:
        step = max(total // 10, 1) if total else 10_000
        if done < self.next_line and done != total:
            return
        self.next_line = (done // step + 1) * step
        suffix = f"/{total:,} 行（{100 * done // total}%）" if total else " 行"
        self.stream.write(f"已{PHASES[phase]} {done:,}{suffix}\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty and self.phase is not None:
            self.stream.write("\n")
            self.stream.flush()
        self.phase = None


class Command(BaseCommand):
    help = "检查对象名录库：从 .xlsx 或 .csv 导入（import）、导出为 CSV（export）、生成导入模板（template）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{import,export,template}")
        importing = actions.add_parser(
            "import", help="从 .xlsx 或 .csv 导入检查对象（见 docs/targets-import.md）。"
        )
        importing.add_argument("file", help=".xlsx 或 .csv 文件")
        importing.add_argument(
            "--valid-only",
            action="store_true",
            help="有错误行时仍导入其余有效行（默认：有任何错误行则全部不导入）。",
        )
        importing.add_argument(
            "--encoding", default=None, help="CSV 的文字编码，如 utf-8、gb18030（默认自动识别）。"
        )
        importing.add_argument("--dry-run", action="store_true", help="只校验并报告，不写入。")
        export = actions.add_parser("export", help="把名录导出为 CSV（UTF-8 带 BOM，列同导入）。")
        export.add_argument("out", help="输出文件，如 targets.csv；“-”为标准输出")
        template = actions.add_parser("template", help="生成导入模板 .xlsx（列名和两行示例）。")
        template.add_argument("out", help="输出文件，如 targets.xlsx")

    def handle(self, *args, action, **options):
        try:
            if action == "import":
                self.import_file(options["file"], valid_only=options["valid_only"],
                                 encoding=options["encoding"], dry_run=options["dry_run"])  # fmt: skip
            elif action == "export":
                self.export(options["out"])
            else:
                self.write_template(options["out"])
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from None

    def import_file(self, path: str, *, valid_only: bool, encoding: str | None, dry_run: bool) -> None:
        bar = ProgressBar(self.stderr._out)
        try:
            report = imports.targets_import(actor=None, path=path, valid_only=valid_only, dry_run=dry_run,
                                            encoding=encoding, progress=bar)  # fmt: skip
        finally:
            bar.finish()
        for line in report.lines:
            self.stderr.write(line)
        if report.refused:
            raise CommandError(report.summary(), returncode=2)
        self.stdout.write(report.summary())

    def export(self, out: str) -> None:
        handle = sys.stdout if out == "-" else _open_for_writing(out)
        try:
            writer = csv.writer(handle)
            if out != "-":
                handle.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
            writer.writerow(imports.COLUMNS)
            count = 0
            for target in Target.objects.order_by("credit_code").iterator(chunk_size=2000):
                writer.writerow([
                    target.credit_code, target.name, target.get_kind_display(), target.address, target.region,
                    target.industry, target.risk_class, "；".join(target.licences),
                    target.last_inspected_on.isoformat() if target.last_inspected_on else "", target.last_result,
                ])  # fmt: skip
                count += 1
        finally:
            if handle is not sys.stdout:
                handle.close()
        if out != "-":
            self.stdout.write(f"已导出 {count} 个检查对象：{out}")

    def write_template(self, out: str) -> None:
        if not out.lower().endswith(".xlsx"):
            raise CommandError(f"模板文件名须以 .xlsx 结尾：{out}", returncode=2)
        try:
            imports.write_template(out)
        except OSError as exc:
            raise CommandError(f"无法写入 {out}：{exc.strerror}。", returncode=2) from None
        self.stdout.write(f"已生成导入模板：{out}")


def _open_for_writing(out: str):
    try:
        return open(out, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise CommandError(f"无法写入 {out}：{exc.strerror}。", returncode=2) from None
