"""``sanxiang demo``: set up the database, load the demo agency and its people, then serve the site."""

from __future__ import annotations

import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from sanxiang.core import demo


class Command(BaseCommand):
    help = (
        "创建/迁移数据库，载入演示数据（某区卫生健康局），打印演示账号，并在 http://127.0.0.1:8000 提供网站。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只做准备工作，不启动网站和 worker。")
        parser.add_argument("--bind", default="127.0.0.1:8000", help="网站监听地址（默认 127.0.0.1:8000）。")

    def handle(self, *args, no_serve, bind, **options):
        call_command("migrate", interactive=False, verbosity=0)
        logins = demo.load(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {demo.DEMO_PASSWORD}）：")
        for username, description in logins:
            self.stdout.write(f"  {username:<14} {description}")
        if no_serve:
            self.stdout.write("演示数据已就绪（--no-serve：未启动网站）。")
            return
        self.stdout.write(f"\n网站：http://{bind}/   （Ctrl+C 停止）")
        self.stdout.flush()
        worker = subprocess.Popen([sys.executable, "-m", "sanxiang", "worker"])
        try:
            call_command("serve", bind=bind, workers=2, no_migrate=True)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
            # The worker may have started the PDF converter (its own session, so that it outlives a request);
            # the demo stops it with the rest.
            from sanxiang.documents import converter

            converter.stop()
