"""Periodic jobs of 双随机 (run by ``sanxiang worker``, registered with ``core.periodic``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanxiang.core.periodic import periodic
from sanxiang.inspections.models import ImportRun

# An import writes in one transaction and 100,000 rows take well under a minute (docs/targets-import.md), so a
# run still "running" after this long lost its worker: its transaction was rolled back by the database.
STALE_AFTER = dt.timedelta(hours=2)

STALE_MESSAGE = (
    "导入未能完成：处理该导入的后台进程已停止，数据库已全部回滚，未导入任何检查对象。请重新上传该文件。"
)


def stale_imports_fail(*, now: dt.datetime) -> int:
    """Mark runs whose worker died as failed, so that the page stops showing a progress bar forever."""
    return ImportRun.objects.filter(status=ImportRun.Status.RUNNING, started_at__lt=now - STALE_AFTER).update(
        status=ImportRun.Status.FAILED, message=STALE_MESSAGE, finished_at=now
    )


@periodic(
    name="inspections.stale_imports",
    every=dt.timedelta(minutes=15),
    description="停止的检查对象导入标记为失败",
)
def stale_imports_job(slot: dt.datetime) -> int:
    return stale_imports_fail(now=timezone.now())
