"""Periodic jobs of the record log (run by ``sanxiang worker``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from sanxiang.core.periodic import periodic
from sanxiang.records.checkpoints import checkpoint_create


@periodic(
    name="records.checkpoint",
    every=dt.timedelta(minutes=settings.LOG_CHECKPOINT_MINUTES),
    description="签署日志检查点（树有增长时）",
)
def make_checkpoint(slot: dt.datetime):
    checkpoint = checkpoint_create()
    return f"checkpoint {checkpoint.tree_size}" if checkpoint else "unchanged"


# The evidence store's cleanup jobs (abandoned uploads, orphan files) register themselves on import.
from sanxiang.records import evidence_jobs  # noqa: E402,F401
