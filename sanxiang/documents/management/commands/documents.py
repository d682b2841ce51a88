"""``sanxiang documents``: the PDF converter, the default templates, types, numbers (docs/cli.md, docs/documents.md).

Exit codes: 0 success; 1 a conversion or check that did not succeed; 2 bad input.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanxiang.core.errors import DomainError
from sanxiang.documents import converter, default_templates, jobs, rendering, samples, services
from sanxiang.documents.models import DocumentType


class Command(BaseCommand):
    help = "执法文书：converter（运行 PDF 转换服务）、templates build|check、seed（登记文书种类和默认模板）、pdf（补生成 PDF/A）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{converter,templates,seed,pdf}"
        )
        conv = actions.add_parser(
            "converter", help="在前台运行 PDF/A 转换服务（LibreOffice + unoserver），供服务管理器托管。"
        )
        conv.add_argument(
            "--port",
            type=int,
            default=None,
            help="XML-RPC 端口（默认 SANXIANG_DOCUMENT_CONVERTER_PORT 或 2003）",
        )
        conv.add_argument(
            "--check", action="store_true", help="只检查：启动（如未运行）并转换一页样张，成功退出码 0"
        )
        templates = actions.add_parser("templates", help="默认模板")
        which = templates.add_subparsers(dest="templates_action", required=True, metavar="{build,check}")
        build = which.add_parser("build", help="用 python-docx 重新生成默认模板（.docx）")
        build.add_argument(
            "--out", default=str(default_templates.DIRECTORY), help="输出文件夹（默认为随代码提交的位置）"
        )
        build.add_argument("--body-font", default=default_templates.DEFAULT_BODY_FONT)
        build.add_argument("--title-font", default=default_templates.DEFAULT_TITLE_FONT)
        check = which.add_parser("check", help="检查一个 .docx 模板能否用于某文书种类（不保存）")
        check.add_argument("type", help="文书种类代码，如 penalty_decision")
        check.add_argument("file", help=".docx 文件")
        actions.add_parser("seed", help="登记标准文书种类，并为没有模板的种类装入默认模板（可重复运行）")
        actions.add_parser("pdf", help="为已签发但尚无 PDF/A 的文书补生成")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from None
        except converter.ConverterUnavailable as exc:
            raise CommandError(str(exc), returncode=1) from None

    def do_converter(self, *, port, check, **options):
        if check:
            spec = samples.sample_context("penalty_decision")
            docx = rendering.render_docx(
                (default_templates.DIRECTORY / "penalty_decision.docx").read_bytes(), spec
            )
            pdf = converter.to_pdfa(docx, port=port)
            self.stdout.write(f"PDF/A 转换正常：样张 {len(pdf)} 字节。")
            return
        converter.run_foreground(port)

    def do_templates(self, *, templates_action, **options):
        if templates_action == "build":
            paths = default_templates.build_all(
                Path(options["out"]), body_font=options["body_font"], title_font=options["title_font"]
            )
            self.stdout.write(f"已生成 {len(paths)} 个默认模板：{options['out']}")
            return
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件 {path} 不存在。", returncode=2)
        if (
            not DocumentType.objects.filter(code=options["type"]).exists()
            and options["type"] not in samples.BY_CODE
        ):
            raise CommandError(f"没有文书种类“{options['type']}”。", returncode=2)
        problems = rendering.check_template(path.read_bytes(), samples.sample_context(options["type"]))
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError("模板不可用。", returncode=1)
        self.stdout.write("模板可用。")

    def do_seed(self, **options):
        created = services.document_types_seed()
        self.stdout.write(f"文书种类：新增 {created} 种（共 {DocumentType.objects.count()} 种）。")

    def do_pdf(self, **options):
        self.stdout.write(f"已补生成 PDF/A：{jobs.pdf_backfill(limit=10_000)} 份。")
