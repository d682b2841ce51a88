"""Launching Debian's Chromium through Playwright (no browser download: ``executable_path``)."""

from __future__ import annotations

import contextlib
import os
import shutil

import pytest

CHROMIUM = os.environ.get("SANXIANG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip when Chromium is absent, unless SANXIANG_REQUIRE_BROWSER is set (CI): then fail loudly."""
    if os.path.exists(CHROMIUM) or shutil.which(CHROMIUM):
        return
    if os.environ.get("SANXIANG_REQUIRE_BROWSER"):
        pytest.fail(f"Chromium not found at {CHROMIUM}, and SANXIANG_REQUIRE_BROWSER is set")
    pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")


@contextlib.contextmanager
def launch_chromium():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
