"""``sanxiang log verify|export|checkpoint|prove|sequencer`` (docs/cli.md, docs/record-log.md).

Exit codes: 0 all holds / done, 1 a verification that did not hold, 2 bad input or usage.
"""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from sanxiang.core.errors import NotAllowed
from sanxiang.records import checkpoints, exports, sequencer, services, verify


class Command(BaseCommand):
    help = "全过程记录日志：验证、导出、签署检查点、出具包含证明。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="subcommand", required=True, metavar="{verify,export,checkpoint,prove,sequencer}"
        )
        check = sub.add_parser("verify", help="验证整个日志、检查点、证据文件")
        check.add_argument("--against", metavar="FILE", help="他处保存的检查点文件（签名文本依次连接）")
        check.add_argument(
            "--jobs",
            metavar="N",
            help=f"同时检查记录的进程数（默认 {verify.default_jobs()}，即可用的 CPU 数，至多 8）",
        )
        export = sub.add_parser("export", help="导出 JSON Lines")
        export.add_argument(
            "--full", action="store_true", help="含条目全文（需监督人员身份，导出本身会记入日志）"
        )
        export.add_argument(
            "--as", dest="username", metavar="USERNAME", help="以此用户身份导出（--full 时必需）"
        )
        export.add_argument("-o", "--output", metavar="FILE", help="写入文件（默认标准输出）")
        sign = sub.add_parser("checkpoint", help="立即签署一个检查点")
        sign.add_argument("--force", action="store_true", help="树未增长时也输出最近的检查点")
        prove = sub.add_parser("prove", help="输出第 SEQ 条记录的包含证明（JSON）")
        prove.add_argument("seq", type=int)
        prove.add_argument("--size", type=int, help="树大小（默认：包含该记录的最新检查点）")
        sub.add_parser(
            "sequencer",
            help="在前台为批量编号模式的待编号记录编号，直到 Ctrl-C 或 SIGTERM（sanxiang worker 已含此功能）",
        )

    def handle(self, *args, **options):
        # Committed events the batch sequencer has not numbered yet (a writer that exited in between) are
        # numbered first, so that what is verified, exported or proved includes them.
        try:
            services.integrate_pending()
        except DatabaseError as exc:  # e.g. a read-only replica: say so, carry on with what is numbered
            self.stderr.write(f"未能为待编号的记录编号（{exc}）；以下只涉及已编号的记录。")
        try:
            return getattr(self, "handle_" + options["subcommand"])(options)
        except checkpoints.KeyFileError as exc:
            raise CommandError(str(exc), returncode=2) from None

    def handle_verify(self, options):
        against = None
        if options["against"]:
            path = Path(options["against"])
            try:
                against = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"无法读取检查点文件 {path}：{exc}", returncode=2) from None
        jobs = verify.default_jobs()
        if options["jobs"] is not None:
            try:
                jobs = int(options["jobs"])
            except ValueError:
                jobs = 0
            if not 1 <= jobs <= 64:
                raise CommandError(f"--jobs 应为 1 至 64 的整数，收到“{options['jobs']}”。", returncode=2)
        report = verify.verify_log(against=against, jobs=jobs)
        processes = f"（{report.jobs} 个进程）" if report.jobs > 1 else ""
        self.stdout.write(
            f"已检查记录 {report.checked_entries} 条{processes}，检查点 {report.checked_checkpoints} 个。"
        )
        pending = services.pending_count()
        if pending:
            self.stdout.write(f"另有 {pending} 条已提交、尚待编号的记录（不在树中，编号后计入）。")
        for note in report.notes:
            self.stdout.write(note)
        if report.ok:
            self.stdout.write("验证通过。")
            return
        for problem in report.problems:
            self.stdout.write(f"问题：{problem}")
        if report.first_bad_seq is not None:
            self.stdout.write(f"第一条有问题的记录：{report.first_bad_seq}")
        raise CommandError(f"验证未通过：{len(report.problems)} 处问题。", returncode=1)

    def handle_sequencer(self, options):
        if not sequencer.wanted():
            raise CommandError(
                "只有 PostgreSQL 上的批量编号模式（SANXIANG_LOG_SEQUENCER=batch）需要编号进程；"
                "当前模式在追加时即编号。",
                returncode=2,
            )
        stop = threading.Event()
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_args: stop.set())
        ready = threading.Event()
        runner = threading.Thread(target=sequencer.run, args=(stop,), kwargs={"ready": ready}, daemon=True)
        runner.start()
        if ready.wait(2.0):
            self.stdout.write("编号进程已运行（Ctrl-C 停止）。")
        elif runner.is_alive() and not stop.is_set():
            self.stdout.write("另一个编号进程正在运行：本进程待命，待其停止后接替（Ctrl-C 停止）。")
        # Joined in short steps: the main thread must stay free to receive the signals.
        while runner.is_alive():
            runner.join(0.5)
        self.stdout.write("编号进程已停止。")

    def handle_export(self, options):
        actor = None
        if options["username"]:
            actor = get_user_model().objects.filter(username=options["username"]).first()
            if actor is None:
                raise CommandError(f"没有用户名为 {options['username']} 的用户。", returncode=2)
        if options["full"] and actor is None:
            raise CommandError("完整导出需要 --as USERNAME（监督人员）。", returncode=2)
        try:
            lines = exports.export_lines(full=options["full"], actor=actor)
            if options["output"]:
                try:
                    with open(options["output"], "w", encoding="utf-8") as handle:
                        handle.writelines(lines)
                except OSError as exc:
                    raise CommandError(
                        f"无法写入 {options['output']}：{exc.strerror}", returncode=2
                    ) from None
            else:
                for line in lines:
                    self.stdout.write(line, ending="")
        except NotAllowed as exc:
            raise CommandError(exc.message, returncode=2) from None

    def handle_checkpoint(self, options):
        checkpoint = checkpoints.checkpoint_create(force=options["force"])
        if checkpoint is None:
            self.stderr.write("日志自上一个检查点以来没有增长，未签署新的检查点。")
            return
        self.stdout.write(checkpoint.note, ending="")

    def handle_prove(self, options):
        try:
            proof = verify.inclusion_proof_for(options["seq"], options["size"])
        except verify.ProofRequestError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(json.dumps(proof, ensure_ascii=False, indent=2))
