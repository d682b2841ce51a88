"""The nginx front (``portal/nginx.py``, ``sanxiang portal nginx-config``) with a real nginx in front of Django's live
server: the first request is proxied and writes the page file, later ones are served by nginx from it (proved with
the upstream stopped), a withdrawal through the publisher is seen at once, nginx serves a file only for today and
only when Django would certainly choose its language, with the fast path's headers.

Needs the ``nginx`` binary (Debian ``nginx-light``, installed by ``scripts/install --test``): skipped without it,
except in CI (``CI`` set), where it fails."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone
from django.utils.translation import get_language_from_request
from pytest_django.live_server_helper import LiveServer

from sanxiang.portal import cache, fastpath, nginx, publish
from tests.portal.factories import PublishedDecisionFactory

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


def require_nginx() -> str:
    if NGINX is None:
        if os.environ.get("CI"):
            pytest.fail("nginx not found (apt-get install nginx-light), and CI is set")
        pytest.skip("nginx not found (apt-get install nginx-light)")
    return NGINX


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Nginx:
    """An nginx of this test's own: temporary prefix, free port, stopped by its process id."""

    def __init__(self, directory: Path, *, upstream: str, pages: Path, tz: str | None):
        self.port = free_port()
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        conf = directory / "nginx.conf"
        conf.write_text(
            nginx.full_config(
                listen=f"127.0.0.1:{self.port}",
                upstream=upstream,
                pages=pages,
                workers="1",
                user=getpass.getuser() if os.geteuid() == 0 else None,  # else workers run as nobody
                runtime_dir=directory,
                access_log="off",
                keepalive=0,  # a kept connection would outlive the live server's stop (and its database access)
            )  # fmt: skip
        )
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        if tz is not None:
            env["TZ"] = tz
        self.process = subprocess.Popen(
            [require_nginx(), "-p", str(directory), "-c", str(conf), "-e", str(directory / "error.log"),
             "-g", "daemon off;"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"nginx exited: {self.process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise AssertionError("nginx did not start")

    def get(self, path: str, method: str = "GET", **headers) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers.items()), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers.items()), error.read()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def page_files(portal_page_cache, settings, tmp_path):
    """No CACHES["portal"] (tests/portal/conftest.py sets one): pages are files in this test's data dir."""
    settings.CACHES = {name: value for name, value in settings.CACHES.items() if name != "portal"}
    settings.DATA_DIR = tmp_path / "data"
    cache.page_cache.cache_clear()
    yield cache.pages_dir()
    cache.page_cache.cache_clear()


@pytest.fixture
def front(page_files, transactional_db, tmp_path):
    """nginx (TZ=Asia/Shanghai) in front of Django's live server; yields (nginx, upstream)."""
    require_nginx()
    upstream = LiveServer("127.0.0.1:0")
    started = []
    try:
        address = upstream.url.removeprefix("http://")
        started.append(Nginx(tmp_path / "nginx", upstream=address, pages=page_files, tz="Asia/Shanghai"))
        yield started[0], upstream
    finally:
        for server in started:
            server.stop()
        if upstream.thread.is_alive():
            upstream.stop()


def expected_headers(body: bytes) -> dict[str, str]:
    return dict(fastpath._headers(body, "zh-hans"))


def test_first_request_is_proxied_and_written_then_nginx_serves_the_file_and_sees_a_withdrawal(front):
    server, upstream = front
    d = PublishedDecisionFactory(text="正文第一版。")
    path = f"/portal/decisions/{d.pk}/"
    status, _headers, first = server.get(path)
    assert status == 200 and "正文第一版" in first.decode()
    file = cache.page_path(d.pk, "zh-hans", timezone.localdate())
    assert file.read_bytes() == first  # Django rendered it and wrote today's file

    status, headers, second = server.get(path)
    assert status == 200 and second == first
    for name, value in expected_headers(first).items():
        assert headers.get(name) == value, name
    assert not {"Last-Modified", "ETag", "Accept-Ranges"} & set(headers)

    with transaction.atomic():  # the publisher's withdrawal, committed
        publish.decision_withdraw(disclosure_id=d.disclosure_id, at=timezone.now(), reason="决定已被依法撤销")
    status, _headers, withdrawn = server.get(path)
    assert (
        status == 200 and "本决定已撤回公开" in withdrawn.decode() and "正文第一版" not in withdrawn.decode()
    )

    upstream.stop()  # from here only nginx answers
    assert server.get("/portal/")[0] == 502
    status, headers, served = server.get(path)
    assert status == 200 and served == withdrawn == file.read_bytes()
    for name, value in expected_headers(served).items():
        assert headers.get(name) == value, name
    status, headers, body = server.get(path, method="HEAD")
    assert status == 200 and body == b"" and headers["Content-Length"] == str(len(served))
    assert server.get(path, method="POST")[0] == 502  # other methods go to Django
    assert server.get(path, Range="bytes=0-9")[2] == served  # no partial answers (Django gives none)


# Accept-Language and cookie, and whether nginx may answer from the zh-hans file (Django certainly chooses zh-hans).
LANGUAGE_CASES = [
    ({}, True),
    ({"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}, True),
    ({"Accept-Language": "zh"}, True),
    ({"Accept-Language": "zh-CN , en;q=0.5"}, True),
    ({"Accept-Language": "ZH-tw, en"}, True),
    ({"Accept-Language": "zh-Hant-TW"}, True),
    ({"Accept-Language": "en"}, False),
    ({"Accept-Language": "en-US,en;q=0.9,zh-CN;q=0.8"}, False),
    ({"Accept-Language": "zh;q=0.9,en"}, False),
    ({"Accept-Language": "zh;q=1"}, False),
    ({"Accept-Language": "fr, zh-CN"}, False),
    ({"Accept-Language": "*"}, False),
    ({"Accept-Language": "zhx"}, False),
    ({"Cookie": "django_language=en"}, False),
    ({"Cookie": "django_language=zh-hans"}, False),
]


def test_nginx_answers_from_the_file_only_when_django_certainly_chooses_its_language(front):
    server, upstream = front
    d = PublishedDecisionFactory()
    path = f"/portal/decisions/{d.pk}/"
    assert server.get(path)[0] == 200  # writes the zh-hans file
    upstream.stop()
    for headers, served in LANGUAGE_CASES:
        status, answer, _body = server.get(path, **headers)
        assert status == (200 if served else 502), headers
        meta = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
        django_chooses = get_language_from_request(RequestFactory().get(path, **meta))
        if status == 200:
            assert django_chooses == answer["Content-Language"] == "zh-hans", headers


def test_nginx_serves_no_file_of_another_day_and_none_when_its_time_zone_is_not_shanghai(
    front, page_files, tmp_path
):
    server, upstream = front
    today = timezone.localdate()
    for day, pk in ((today - dt.timedelta(days=1), 11), (today + dt.timedelta(days=1), 12), (today, 13)):
        file = cache.page_path(pk, "zh-hans", day)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(f"page {pk}".encode())
    upstream.stop()
    assert server.get("/portal/decisions/11/")[0] == 502
    assert server.get("/portal/decisions/12/")[0] == 502
    assert server.get("/portal/decisions/13/")[2] == b"page 13"
    utc = Nginx(
        tmp_path / "nginx-utc", upstream=upstream.url.removeprefix("http://"), pages=page_files, tz="UTC"
    )
    try:
        assert utc.get("/portal/decisions/13/")[0] == 502
    finally:
        utc.stop()


def test_the_config_carries_the_fast_path_headers_and_the_command_prints_it(page_files, capsys):
    config = nginx.server_config(listen="127.0.0.1:8080", upstream="127.0.0.1:8000")
    for name, value in fastpath._headers(b"", "zh-hans"):
        if name not in ("Content-Type", "Content-Length"):
            assert f'add_header {name} "{value}";' in config
    assert 'default_type "text/html; charset=utf-8";' in config
    assert f'root "{page_files}";' in config
    call_command("portal", "nginx-config", "--full", "--listen", "127.0.0.1:9090")
    printed = capsys.readouterr().out
    assert printed.startswith("worker_processes auto;") and "listen 127.0.0.1:9090;" in printed
    assert "server 127.0.0.1:8000;" in printed and "http {" in printed


def test_the_command_refuses_when_pages_are_not_files(settings):
    settings.CACHES = {
        **settings.CACHES,
        "portal": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal-nginx-test",
        },
    }
    cache.page_cache.cache_clear()
    with pytest.raises(CommandError, match="CACHES") as refused:
        call_command("portal", "nginx-config")
    assert refused.value.returncode == 2
    cache.page_cache.cache_clear()


def test_the_command_refuses_addresses_that_would_change_the_config(page_files):
    with pytest.raises(CommandError, match="--upstream") as refused:
        call_command("portal", "nginx-config", "--upstream", "127.0.0.1:8000; include /etc/passwd")
    assert refused.value.returncode == 2


def test_the_command_refuses_a_user_without_a_full_config(page_files):
    with pytest.raises(CommandError, match="--user") as refused:
        call_command("portal", "nginx-config", "--user", "www-data")
    assert refused.value.returncode == 2
