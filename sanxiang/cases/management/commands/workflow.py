"""``sanxiang workflow diagram [--format md|mermaid|dot]``: print the case workflow from the transition table.

``md`` (the default) is the whole of docs/workflow.md: ``sanxiang workflow diagram > docs/workflow.md``.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sanxiang.cases import diagram

FORMATS = {"md": diagram.document, "mermaid": diagram.mermaid, "dot": diagram.dot}


class Command(BaseCommand):
    help = "案件流程：diagram 输出由流转表生成的流程图（md：docs/workflow.md 全文；mermaid；dot）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{diagram}")
        draw = actions.add_parser("diagram", help="输出流程图。")
        draw.add_argument("--format", choices=sorted(FORMATS), default="md", help="输出格式，默认 md。")

    def handle(self, *args, action, format, **options):
        self.stdout.write(FORMATS[format](), ending="")
