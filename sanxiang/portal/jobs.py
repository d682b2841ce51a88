"""Periodic jobs of the portal (run by ``sanxiang worker``, registered with ``core.periodic``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanxiang.core.periodic import periodic
from sanxiang.portal import cache


@periodic(
    name="portal.page_days_sweep",
    every=dt.timedelta(hours=1),
    description="删除以前各日的公示决定页面文件",
)
def page_days_sweep(slot: dt.datetime) -> str:
    """Pages are only looked up in today's directory (portal/cache.py), so earlier days' only take disk space.
    Nothing to do when the pages are kept in ``CACHES["portal"]``."""
    if cache.page_cache() is not None:
        return '页面缓存使用 CACHES["portal"]，无页面文件。'
    removed = cache.page_days_remove(today=timezone.localdate())
    return f"删除了 {removed} 个日期的页面目录。"
