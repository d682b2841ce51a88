"""Periodic jobs and the claim that makes each run happen once.

A job is a plain function registered with :func:`periodic`; the worker (``sanxiang worker``) calls
:func:`run_due_jobs` every few seconds. Time is cut into slots of the job's period, counted from the Unix
epoch; the first worker to insert the ``PeriodicJobRun`` row for (job, slot) runs it, the others see the
unique constraint refuse their insert and move on. No in-memory lock: this holds across processes and
machines sharing one database.

Jobs live in each app's ``jobs.py`` (loaded by :func:`autodiscover`), so that later issues add theirs
(checkpoints, deadline warnings, publication due dates) without touching the worker.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger("sanxiang.worker")

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: dt.timedelta
    func: Callable[[dt.datetime], object]
    description: str = ""

    def slot_for(self, now: dt.datetime) -> dt.datetime:
        """The start of the period containing ``now``."""
        periods = (now - EPOCH) // self.every
        return EPOCH + periods * self.every


REGISTRY: dict[str, PeriodicJob] = {}


def periodic(*, name: str, every: dt.timedelta, description: str = ""):
    """Register ``func(slot)`` to run once per ``every`` across all workers."""
    if every < dt.timedelta(seconds=1):
        raise ValueError("a periodic job's period must be at least one second")

    def register(func: Callable[[dt.datetime], object]):
        REGISTRY[name] = PeriodicJob(name=name, every=every, func=func, description=description)
        return func

    return register


def autodiscover() -> None:
    autodiscover_modules("jobs")


def claim(*, job: PeriodicJob, slot: dt.datetime, worker_id: str):
    """Insert the run row for (job, slot); return it, or None when another worker already has it."""
    from sanxiang.core.models import PeriodicJobRun

    try:
        with transaction.atomic():
            return PeriodicJobRun.objects.create(job=job.name, slot=slot, worker=worker_id)
    except IntegrityError:
        return None


def run_job(*, job: PeriodicJob, slot: dt.datetime, worker_id: str) -> bool:
    """Claim and run one slot of one job. True when this worker ran it."""
    from sanxiang.core.models import PeriodicJobRun

    run = claim(job=job, slot=slot, worker_id=worker_id)
    if run is None:
        return False
    outcome, detail = PeriodicJobRun.Outcome.SUCCEEDED, ""
    try:
        result = job.func(slot)
        detail = "" if result is None else str(result)[:2000]
    except Exception:  # a failing job must not stop the worker; the row says what happened
        outcome, detail = PeriodicJobRun.Outcome.FAILED, traceback.format_exc()[-4000:]
        logger.exception("periodic job %s failed for slot %s", job.name, slot.isoformat())
    PeriodicJobRun.objects.filter(pk=run.pk).update(
        outcome=outcome, detail=detail, finished_at=timezone.now()
    )
    return True


def run_due_jobs(
    *, worker_id: str, now: dt.datetime | None = None, seen: dict[str, dt.datetime] | None = None
):
    """Run every registered job whose current slot nobody has claimed yet. Returns the names run here.

    ``seen`` remembers, per worker, the last slot tried for each job so that an idle worker does not hammer
    the database with inserts that will be refused.
    """
    now = now or timezone.now()
    ran = []
    for job in list(REGISTRY.values()):
        slot = job.slot_for(now)
        if seen is not None and seen.get(job.name) == slot:
            continue
        if run_job(job=job, slot=slot, worker_id=worker_id):
            ran.append(job.name)
        if seen is not None:
            seen[job.name] = slot
    return ran
