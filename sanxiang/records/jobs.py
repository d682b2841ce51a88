"""Periodic jobs of the record log (run by ``sanxiang worker``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from sanxiang.core.periodic import periodic
from sanxiang.records.checkpoints import checkpoint_create
from sanxiang.records.services import integrate_pending, pending_count


@periodic(
    name="records.checkpoint",
    every=dt.timedelta(minutes=settings.LOG_CHECKPOINT_MINUTES),
    description="签署日志检查点（树有增长时）",
)
def make_checkpoint(slot: dt.datetime):
    checkpoint = checkpoint_create()
    return f"checkpoint {checkpoint.tree_size}" if checkpoint else "unchanged"


@periodic(
    name="records.integrate",
    every=dt.timedelta(minutes=1),
    description="为提交后未及编号的记录编号（批量编号模式下进程在提交与编号之间退出时；编号进程运行时由它编号）",
)
def integrate(slot: dt.datetime):
    # A sequencer process (sequencer.py), else each writer right after its commit, numbers what is pending;
    # this catches what a crash left pending. While a sequencer runs it holds the numbering: this returns.
    numbered = integrate_pending()
    if numbered:
        return f"integrated {numbered}"
    return "numbering held by another process" if pending_count() else "nothing pending"


# The evidence store's cleanup jobs (abandoned uploads, orphan files) register themselves on import.
from sanxiang.records import evidence_jobs  # noqa: E402,F401
