"""The sequencer process of the batch sequencer (PostgreSQL): numbers pending events so that writers need not.

Without it, a writer whose event went pending numbers the pending events itself right after its commit
(``services.integrate_pending``): one more round trip per commit to try the numbering, and whoever gets it
numbers for everyone. With it (``sanxiang worker`` runs it in a thread; ``sanxiang log sequencer`` alone), the
writers only insert and commit:

* It holds two session-level advisory locks for its life: ``services.SEQUENCER_LOCK`` (a writer's pending insert
  tries that lock shared in the same statement and, refused, knows a sequencer runs and leaves the numbering
  to it) and the integrator lock ``services.INTEGRATOR_LOCK`` (so writers that started before it, and the
  worker's ``records.integrate`` job, find the numbering taken and return). A second sequencer waits as a
  stand-by until the first one's session ends.
* It looks for pending rows in a loop: again at once after a full batch, after ``GATHER_SECONDS`` after a
  smaller one (the commits of the next moment group), and at most ``IDLE_SECONDS`` apart when the table was
  empty (one indexed ``EXISTS`` per look). An event is numbered within milliseconds of its commit.
* On stop it releases both locks and then numbers once more as any writer would (``integrate_pending``), for
  writers that tried the numbering while it held the lock. A writer that found the sequencer running but
  commits after that last pass leaves its event to the next writer's numbering or to the ``records.integrate``
  job (within a minute), as a process that dies between its commit and the numbering does.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections

from sanxiang.records import services

logger = logging.getLogger("sanxiang.records")

GATHER_SECONDS = 0.01
IDLE_SECONDS = 0.02
STANDBY_SECONDS = 5.0
RETRY_SECONDS = 5.0


def wanted(using: str = "default") -> bool:
    """Whether this deployment numbers in batches (PostgreSQL with ``LOG_SEQUENCER = "batch"``)."""
    return connections[using].vendor == "postgresql" and settings.LOG_SEQUENCER == "batch"


def run(stop: threading.Event, using: str = "default", *, ready: threading.Event | None = None) -> None:
    """Number pending events until ``stop`` is set (see the module's docstring). ``ready`` is set once this
    process holds the sequencer's locks. Database errors (a restarted server) are logged and the loop
    reconnects after ``RETRY_SECONDS``."""
    while not stop.is_set():
        try:
            _serve(stop, using, ready)
        except DatabaseError:
            logger.exception("log sequencer: database error; reconnecting in %s s", RETRY_SECONDS)
            connections[using].close()
            stop.wait(RETRY_SECONDS)
        except BaseException:
            # Closing the session releases its locks, so that writers (and the job) number again: a dead
            # sequencer must not hold the numbering.
            logger.exception("log sequencer: stopped by an error; writers number their own events again")
            connections[using].close()
            raise
        finally:
            close_old_connections()
    services.integrate_pending(using)
    connections[using].close()


def _serve(stop: threading.Event, using: str, ready: threading.Event | None) -> None:
    connection = connections[using]
    connection.ensure_connection()
    with services._cursor(connection) as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [services.SEQUENCER_LOCK])
            if cursor.fetchone()[0]:
                break
            if stop.wait(STANDBY_SECONDS):  # another sequencer runs: stand by
                return
        try:
            # Wait for a writer that is numbering now (it holds the lock for one batch).
            cursor.execute("SELECT pg_advisory_lock(%s)", [services.INTEGRATOR_LOCK])
            try:
                logger.info("log sequencer: numbering pending events")
                if ready is not None:
                    ready.set()
                _loop(stop, connection, cursor)
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [services.INTEGRATOR_LOCK])
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [services.SEQUENCER_LOCK])


def _loop(stop: threading.Event, connection, cursor) -> None:
    pending = True
    while not stop.is_set():
        if not pending:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM records_pendingevent)")
            pending = cursor.fetchone()[0]
            if not pending:
                stop.wait(IDLE_SECONDS)
                continue
        numbered = services._integrate_pipelined(connection)
        if numbered >= services.INTEGRATE_BATCH:
            continue
        pending = bool(numbered)
        stop.wait(GATHER_SECONDS if numbered else IDLE_SECONDS)


class SequencerThread(threading.Thread):
    """The sequencer in a thread of its own (with its own database connection), as ``sanxiang worker`` runs it."""

    def __init__(self, using: str = "default"):
        super().__init__(name="log-sequencer", daemon=True)
        self.using = using
        self.stop_event = threading.Event()
        self.ready = threading.Event()
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            run(self.stop_event, self.using, ready=self.ready)
        except Exception as exc:  # logged by run(), which also released the numbering
            self.error = exc

    def stop(self, timeout: float = 10.0) -> None:
        self.stop_event.set()
        self.join(timeout)
