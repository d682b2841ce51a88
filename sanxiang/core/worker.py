"""The ``sanxiang worker`` loop: periodic jobs (core/periodic.py) and queued tasks (Django Tasks on the database)."""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from collections.abc import Callable

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker as TaskWorker

from sanxiang.core import periodic as jobs
from sanxiang.records import sequencer

logger = logging.getLogger("sanxiang.worker")


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


class Worker:
    def __init__(self, *, worker_id: str, interval: float = 2.0, max_tasks_per_tick: int = 100):
        self.worker_id = worker_id
        self.interval = interval
        self.running = True
        self.seen: dict = {}
        self.tasks = TaskWorker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=max_tasks_per_tick,
            worker_id=worker_id,
            excluded_queue_names=[],
        )

    def stop(self, *_args) -> None:
        self.running = False

    def tick(self) -> list[str]:
        """One pass: due periodic jobs, then queued tasks until the queue is empty (or the per-tick cap)."""
        close_old_connections()
        ran = jobs.run_due_jobs(worker_id=self.worker_id, seen=self.seen)
        self.tasks._run_tasks = 0
        self.tasks.run()
        close_old_connections()
        return ran

    def run_forever(self, *, sleep: Callable[[float], None] = time.sleep) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        logger.info("worker %s started; periodic jobs: %s", self.worker_id, ", ".join(sorted(jobs.REGISTRY)))
        # The record log's sequencer (PostgreSQL, batch numbering): numbers the events writers commit pending,
        # so that they need not (records/sequencer.py). With several workers one numbers, the others stand by.
        log_sequencer = sequencer.SequencerThread() if sequencer.wanted() else None
        if log_sequencer is not None:
            log_sequencer.start()
        try:
            while self.running:
                self.tick()
                slept = 0.0
                while self.running and slept < self.interval:
                    sleep(0.2)
                    slept += 0.2
        finally:
            if log_sequencer is not None:
                log_sequencer.stop()
        logger.info("worker %s stopped", self.worker_id)
