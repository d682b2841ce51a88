"""Browser journeys: Debian's Chromium driven by Playwright, against pytest-django's live server.

The session-wide ``chromium`` fixture lives in tests/conftest.py (the e2e tests share it).
"""

from __future__ import annotations

import pathlib

import pytest

RESULTS = pathlib.Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture
def screenshots() -> pathlib.Path:
    RESULTS.mkdir(exist_ok=True)
    return RESULTS
