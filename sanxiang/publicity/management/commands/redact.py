"""``sanxiang redact FILE`` — the text with personal data masked, or the spans (docs/cli.md, docs/redaction.md).

Exit codes: 0 done, 2 bad input (unreadable file, wrong encoding, bad KNOWN.json).
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanxiang.publicity import redaction


class Command(BaseCommand):
    help = "遮蔽决定书文本中的个人信息（身份证号、电话、银行账号、自然人姓名和住址、电子邮箱、车牌号）。"

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="决定书文本文件")
        parser.add_argument(
            "--known", metavar="KNOWN.json", help="案卷已知的个人信息与机构名称（格式见 docs/cli.md）"
        )
        parser.add_argument(
            "--encoding", default="utf-8", metavar="ENC", help="FILE 的编码（默认 UTF-8；常见 GB18030）"
        )
        parser.add_argument(
            "--spans", action="store_true", help="输出 JSON 列表 {start, end, kind, text}（字符偏移）"
        )
        parser.add_argument(
            "--mask-party-name", action="store_true", help="同时遮蔽自然人当事人和法定代表人的姓名"
        )
        parser.add_argument("--no-unknown-names", action="store_true", help="不查找案卷未记载的姓名")

    def handle(self, *args, **options):
        text = _read_text(Path(options["file"]), options["encoding"])
        known = _read_known(Path(options["known"])) if options["known"] else None
        policy = redaction.Policy(
            mask_party_name=options["mask_party_name"],
            mask_legal_representative_name=options["mask_party_name"],
            detect_unknown_names=not options["no_unknown_names"],
        )
        spans = redaction.find(text, known, policy)
        if options["spans"]:
            rows = [{"start": s.start, "end": s.end, "kind": s.kind, "text": s.text} for s in spans]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
        else:
            self.stdout.write(redaction.apply(text, spans), ending="")


def _read_text(path: Path, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise CommandError(f"不认识的编码“{encoding}”：请使用 utf-8、gb18030 等。", returncode=2) from None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"文件 {path} 不存在：请检查路径。", returncode=2) from None
    except OSError as exc:
        raise CommandError(f"无法读取文件 {path}：{exc.strerror or exc}。", returncode=2) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"文件 {path} 不是 {encoding} 编码（第 {exc.start} 字节处无法解码）：请用 --encoding 指定正确的编码，"
            "例如 --encoding gb18030。",
            returncode=2,
        ) from None
    return text.removeprefix("\ufeff")


def _read_known(path: Path) -> redaction.Known:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"已知信息文件 {path} 不存在：请检查路径。", returncode=2) from None
    except OSError as exc:
        raise CommandError(f"无法读取已知信息文件 {path}：{exc.strerror or exc}。", returncode=2) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"已知信息文件 {path} 不是 UTF-8 编码的 JSON：{exc}。", returncode=2) from None
    try:
        return redaction.Known.from_json(data)
    except ValueError as exc:
        raise CommandError(f"已知信息文件 {path} 有误：{exc}", returncode=2) from None
