"""``sanxiang evidence``: add a file as evidence, export the stored files, verify them (docs/cli.md, docs/evidence.md).

Exit codes: 0 success; 1 ``verify`` found a missing or changed file; 2 bad input (missing file, bad time,
unknown user, declared size or hash not matching: then nothing is stored).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanxiang.accounts.models import User
from sanxiang.core.errors import DomainError
from sanxiang.records import evidence as services
from sanxiang.records.models_evidence import EvidenceKind


class Command(BaseCommand):
    help = "证据：add FILE（上传一个证据文件）、export DIR（按哈希导出全部文件）、verify（逐个重算哈希）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{add,export,verify}")
        add = actions.add_parser("add", help="把一个文件存为证据（边读边算哈希），打印证据编号和哈希。")
        add.add_argument("file", help="文件路径")
        add.add_argument("--kind", choices=EvidenceKind.values, help="类别；省略时按文件类型判断")
        add.add_argument("--captured-at", help="采集时间，ISO 8601，如 2026-03-02T09:30（无时区按北京时间）")
        add.add_argument("--device", default="", help="采集设备，如执法记录仪编号")
        add.add_argument("--place", default="", help="采集地点")
        add.add_argument("--officer", help="采集人员的用户名；省略时为 --as 指定的人")
        add.add_argument("--as", dest="actor", help="以谁的名义上传（用户名）；省略时为 --officer")
        add.add_argument("--content-type", default="", help="MIME 类型；省略时按文件名判断")
        add.add_argument("--belongs-to", help="所属对象，形如 cases.case:17")
        add.add_argument("--declared-size", help="声明的字节数；不符则拒收")
        add.add_argument(
            "--declared-hash", "--sha", dest="declared_hash", help="声明的哈希（十六进制）；不符则拒收"
        )
        export = actions.add_parser(
            "export", help="把全部证据文件复制到 DIR，文件名为其哈希（供独立校验工具）。"
        )
        export.add_argument("directory", help="目标文件夹（不存在则创建）")
        actions.add_parser("verify", help="逐个重算已存文件的哈希；有缺失或被改动的文件时退出码为 1。")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from None

    def do_add(self, *, file: str, actor: str | None, officer: str | None, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件 {path} 不存在或不是普通文件。", returncode=2)
        if not actor and not officer:
            raise CommandError("请用 --as 用户名 说明以谁的名义上传。", returncode=2)
        actor_user = _user(actor or officer, "--as")
        officer_user = _user(officer, "--officer") if officer else actor_user
        belongs_to = None
        if options["belongs_to"]:
            subject_type, _sep, subject_id = options["belongs_to"].partition(":")
            belongs_to = (subject_type, subject_id)
        try:
            item = services.evidence_add(
                actor=actor_user,
                source=path,
                kind=options["kind"],
                filename=path.name,
                content_type=options["content_type"],
                captured_at=services.parse_time(options["captured_at"]),
                device=options["device"],
                place=options["place"],
                officer=officer_user,
                declared_size=services.parse_size(options["declared_size"]),
                declared_hash=options["declared_hash"],
                belongs_to=belongs_to,
            )
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}。", returncode=2) from None
        self.stdout.write(f"{item.pk}\t{item.blob.algorithm}:{item.blob.digest}\t{item.blob.size}")

    def do_export(self, *, directory: str, **options) -> None:
        target = Path(directory)
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} 已存在且不是文件夹。", returncode=2)
        try:
            written = services.evidence_export(target)
        except OSError as exc:
            raise CommandError(f"无法写入 {target}：{exc.strerror}。", returncode=2) from None
        self.stdout.write(f"已导出 {written} 个文件到 {target}。")

    def do_verify(self, **options) -> None:
        problems = services.verify_all()
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"证据文件校验未通过：{len(problems)} 处问题。", returncode=1)
        self.stdout.write("证据文件全部与哈希一致。")


def _user(username: str, option: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"{option}：用户“{username}”不存在或已停用。", returncode=2)
    return user
