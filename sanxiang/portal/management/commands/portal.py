"""``sanxiang portal``: the public portal's tools (docs/portal.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sanxiang.portal import cache, nginx


class Command(BaseCommand):
    help = (
        "公示网站：nginx-config（打印由 nginx 直接提供决定书页面文件、其余转发给 gunicorn 的 nginx 配置）。"
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{nginx-config}")
        config = actions.add_parser(
            "nginx-config",
            help="打印 nginx 配置：决定书页面由 nginx 从页面文件提供，其余请求转发给 gunicorn。",
        )
        config.add_argument(
            "--listen", default="127.0.0.1:8080", help="nginx 监听地址（默认 127.0.0.1:8080）。"
        )
        config.add_argument(
            "--upstream", default="127.0.0.1:8000", help="sanxiang serve 的地址（默认 127.0.0.1:8000）。"
        )
        config.add_argument(
            "--full", action="store_true", help="打印完整的 nginx.conf（默认只打印放入 http 块的部分）。"
        )
        config.add_argument("--user", help="与 --full 一起：nginx 工作进程的用户（须能读取页面文件）。")

    def handle(self, *args, action, **options):
        if action == "nginx-config":
            self.do_nginx_config(**options)

    def do_nginx_config(self, *, listen: str, upstream: str, full: bool, user: str | None, **options) -> None:
        for name, value in (("--listen", listen), ("--upstream", upstream), ("--user", user or "nobody")):
            if not value or any(c in value for c in " ;{}\"'\\\n$#"):
                raise CommandError(
                    f"{name} “{value}” 格式有误：不能含空格、引号或 ;{{}}$#，地址应为 主机:端口，例如 127.0.0.1:8080。",
                    returncode=2,
                )
        if cache.page_cache() is not None:
            raise CommandError(
                '已配置 CACHES["portal"]：决定书页面不存为文件，nginx 无法直接提供，请直接转发给 gunicorn。',
                returncode=2,
            )
        if user is not None and not full:
            raise CommandError("--user 只能与 --full 一起使用。", returncode=2)
        if full:
            self.stdout.write(nginx.full_config(listen=listen, upstream=upstream, user=user), ending="")
        else:
            self.stdout.write(nginx.server_config(listen=listen, upstream=upstream), ending="")
