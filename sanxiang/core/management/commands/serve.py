"""``sanxiang serve``: the production WSGI server (gunicorn) with static files served by WhiteNoise."""

from __future__ import annotations

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, 9)


class Command(BaseCommand):
    help = "以生产方式运行网站（gunicorn，WSGI），同时提供静态文件。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）。")
        parser.add_argument("--workers", type=int, default=default_workers(), help="进程数（默认 2×CPU+1）。")
        parser.add_argument("--threads", type=int, default=2, help="每进程线程数（默认 2）。")
        parser.add_argument("--no-migrate", action="store_true", help="启动前不执行数据库迁移。")

    def handle(self, *args, bind, workers, threads, no_migrate, **options):
        if workers < 1 or threads < 1:
            raise CommandError("--workers 与 --threads 必须至少为 1。", returncode=2)
        if ":" not in bind:
            raise CommandError(
                f"--bind “{bind}” 格式有误，应为 主机:端口，例如 127.0.0.1:8000。", returncode=2
            )
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        run_gunicorn(bind=bind, workers=workers, threads=threads)


def run_gunicorn(*, bind: str, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    from sanxiang.config.wsgi import application

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", bind)
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 120)
            self.cfg.set("graceful_timeout", 10)

        def load(self):
            return application

    Server().run()
