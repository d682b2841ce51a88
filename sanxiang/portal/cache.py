"""The cache of rendered decision pages, shared by every server process.

A decision page changes only when its decision is withdrawn (or corrected) and when its display period ends, so the
rendered bytes are kept until the end of the day in Asia/Shanghai (the display period is counted in days) or until
the publisher calls ``decision_changed(pk)``. The cache is Django's cache framework: the ``portal`` entry of
``settings.CACHES`` when a deployment configures one (e.g. Redis), otherwise a file-based cache in the data
directory, which every gunicorn worker on the machine sees (a per-process memory cache would keep serving a
withdrawn decision from the other workers).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction
from django.utils import timezone

MAX_ENTRIES = 100_000


@cache
def page_cache() -> BaseCache:
    if "portal" in settings.CACHES:
        return caches["portal"]
    return FileBasedCache(
        str(settings.DATA_DIR / "cache" / "portal"),
        {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES}},
    )


def _key(pk: int, language: str) -> str:
    return f"portal:decision:{pk}:{language}"


def seconds_to_midnight(now: dt.datetime | None = None) -> int:
    now = timezone.localtime(now)
    midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, int((midnight - now).total_seconds()))


def decision_page_get(pk: int, language: str) -> bytes | None:
    return page_cache().get(_key(pk, language))


def decision_page_set(pk: int, language: str, content: bytes) -> None:
    page_cache().set(_key(pk, language), content, timeout=seconds_to_midnight())


def decision_changed(pk: int) -> None:
    """Forget the rendered page of published decision ``pk`` in every language: the publisher calls this after
    withdrew or corrected the decision, inside its transaction or not. Forgotten now and again when the
    transaction commits, so that a request that re-rendered the old row in between is not kept."""
    keys = [_key(pk, code) for code, _name in settings.LANGUAGES]
    page_cache().delete_many(keys)
    transaction.on_commit(lambda: page_cache().delete_many(keys))
