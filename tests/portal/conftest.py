"""Portal fixtures: a page cache of this test's own (the file cache would otherwise outlive the test database)."""

from __future__ import annotations

import pytest

from sanxiang.portal import cache


@pytest.fixture(autouse=True)
def portal_page_cache(settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "portal": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "portal-cache"),
        },
    }
    cache.page_cache.cache_clear()
    yield cache.page_cache()
    cache.page_cache.cache_clear()
