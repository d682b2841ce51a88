"""``sanxiang draw verify DRAW.json`` (docs/cli.md, docs/draw.md).

Exit codes: 0 the record re-runs to its commitment and result, 1 it does not (the output says where), 2 the
file is unreadable or not a draw record.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanxiang.inspections import draw


def read_record(path: Path):
    """The parsed JSON of ``path``; CommandError (exit 2) when it cannot be read or is not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"无法读取 {path}：{exc.strerror}。", returncode=2) from None
    except (UnicodeDecodeError, ValueError):
        raise CommandError(f"{path} 不是 UTF-8 编码的 JSON 文件，不是抽取记录。", returncode=2) from None


class Command(BaseCommand):
    help = "双随机抽取：按公开的抽取记录重新运行并核对。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify}")
        check = sub.add_parser("verify", help="按抽取记录重新运行抽取，核对承诺和结果")
        check.add_argument("record", metavar="DRAW.json", help="门户公开的抽取记录文件")
        check.add_argument(
            "--commitment",
            metavar="SHA256",
            help="事先公开的承诺总哈希（commitment_sha256），与记录中的承诺核对",
        )

    def handle(self, *args, **options):
        return getattr(self, "handle_" + options["subcommand"])(options)

    def handle_verify(self, options):
        data = read_record(Path(options["record"]))
        try:
            problems = draw.verify(data, commitment_sha256=options["commitment"])
        except draw.NotADrawRecord as exc:
            raise CommandError(str(exc), returncode=2) from None
        tasks = len(data["result"].get("tasks") or [])
        self.stdout.write(
            f"计划 {data['plan_id']}：检查对象 {len(data['inputs']['targets'])} 个，检查人员 "
            f"{len(data['inputs']['inspectors'])} 名，任务 {tasks} 个；随机源“{data['source']['name']}”，"
            f"数值“{data['value']}”。"
        )
        self.stdout.write(f"承诺总哈希：{data['commitment'].get('commitment_sha256')}")
        if not problems:
            self.stdout.write("验证通过：输入与承诺一致，重新运行的结果与记录相同。")
            return
        for problem in problems:
            self.stdout.write(f"不符：{problem}")
        raise CommandError(f"验证未通过：{len(problems)} 处不符。", returncode=1)
