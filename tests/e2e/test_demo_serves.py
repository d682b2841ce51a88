"""The README's first command: `sanxiang demo` sets up SQLite with the demo and serves a page where a demo
officer logs in (real gunicorn, real worker process, real Chromium)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"sanxiang demo exited early with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {timeout} s")


@pytest.fixture
def demo_site(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}}
    env["SANXIANG_DATA_DIR"] = str(tmp_path / "data")
    env["CSRF_TRUSTED_ORIGINS"] = f"http://127.0.0.1:{port}"
    log = (tmp_path / "demo.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "sanxiang", "demo", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/login/", process)
        yield base, tmp_path / "demo.log"
    finally:
        # The worker may have started the PDF converter in a session of its own: note it before stopping.
        documents = tmp_path / "data" / "documents"
        converters = [int(pid_file.read_text()) for pid_file in documents.glob("converter-*.pid")]
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
        alive = [pid for pid in converters if group_alive(pid)]
        for pid in alive:
            os.killpg(pid, signal.SIGKILL)
        assert alive == [], "sanxiang demo left its PDF converter running"
        assert list(documents.glob("converter-*.pid")) == []


def group_alive(pgid: int, wait: float = 15) -> bool:
    """Whether the process group still exists after ``wait`` seconds (killed processes take a moment to be
    reaped)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        if time.monotonic() > deadline:
            return True
        time.sleep(0.2)


def test_demo_serves_the_site_where_a_demo_officer_logs_in(demo_site, chromium):
    base, log_path = demo_site
    output = log_path.read_text()
    assert "演示账号" in output and "zhangwei" in output

    context = chromium.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(base + "/")
        page.get_by_label("用户名").fill("zhangwei")
        page.get_by_label("密码").fill("Sanxiang@2026")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(base + "/workbench/")
        assert "工作台" in page.content()
        assert page.evaluate("document.documentElement.lang").lower().startswith("zh")
        # Static files come from the production server (WhiteNoise), not from a CDN.
        css = page.locator("link[rel=stylesheet]").first.get_attribute("href")
        assert css.startswith("/static/")
        with urllib.request.urlopen(base + css, timeout=5) as response:
            assert response.status == 200
        # The decided demo case was walked through the workflow with its documents issued at their steps.
        assert "演示案件：新增 6 件" in output
        cases = [
            c
            for status in ("executing", "on_the_spot")  # decided and served; decided on the spot
            for c in page.request.get(f"{base}/api/cases/?status={status}").json()["results"]
        ]
        assert len(cases) == 2
        for case in cases:
            page.goto(f"{base}/cases/{case['id']}/")
            documents = page.locator("#documents").inner_text()
            assert "已签发" in documents and (
                "《行政处罚决定书》" in documents or "《当场行政处罚决定书》" in documents
            )
    finally:
        context.close()
