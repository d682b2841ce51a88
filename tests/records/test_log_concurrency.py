"""Tests on committed log rows. Four processes appending 1,000 events each: no gaps, no duplicates, the tree
verifies; on PostgreSQL with either sequencer (inline, batch; batch also with a sequencer process running). PostgreSQL refuses TRUNCATE of a log table that
holds rows.

Runs on PostgreSQL and on SQLite in a file (SANXIANG_TEST_SQLITE); skipped on in-memory SQLite, which
separate processes cannot share.
"""

from __future__ import annotations

import time

import pytest
from django.db import DatabaseError, connection, transaction

from sanxiang.records import checkpoints, protection, verify
from sanxiang.records import sequencer as log_sequencer
from sanxiang.records.models import Checkpoint, Event, LogHead, PendingEvent, PersonalCommitmentSalt
from sanxiang.records.services import event_append
from tests import processes

WRITERS, EACH = 4, 1000


@pytest.fixture
def log_cleaned_after(transactional_db, settings, tmp_path):
    """Committed log rows survive a test; remove them (triggers suspended) so the next test starts empty."""
    settings.LOG_KEY_FILE = tmp_path / "log.key"
    yield
    with transaction.atomic(), protection.suspended(connection):
        PendingEvent.objects.all().delete()
        PersonalCommitmentSalt.objects.all().delete()
        Checkpoint.objects.all().delete()
        Event.objects.all().delete()
        LogHead.objects.all().delete()


def writer(number: int, barrier, failures) -> None:
    try:
        barrier.wait(timeout=60)
        for i in range(EACH):
            with transaction.atomic():
                event_append(
                    actor=None, action="case.note", subject_type="cases.case", subject_id=f"{number}-{i}",
                    payload={"writer": number, "i": i},
                )  # fmt: skip
    except Exception as exc:  # reported to the parent, which fails the test
        failures.put(f"writer {number}: {exc!r}")


@pytest.mark.parametrize("sequencer", ["inline", "batch", "batch-with-sequencer-process"])
def test_four_processes_appending_at_once_leave_no_gap_and_no_duplicate(
    log_cleaned_after, settings, sequencer
):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a database that separate processes share (PostgreSQL, or SQLite in a file)")
    if sequencer != "inline" and connection.vendor != "postgresql":
        pytest.skip("the batch sequencer is PostgreSQL's (SQLite numbers inline)")
    settings.LOG_SEQUENCER = sequencer.removesuffix("-with-sequencer-process")  # taken over by the writers
    runner = log_sequencer.SequencerThread() if sequencer.endswith("process") else None
    if runner is not None:
        runner.start()
        assert runner.ready.wait(30)
    try:
        barrier, failures = processes.CONTEXT.Barrier(WRITERS), processes.CONTEXT.Queue()
        writers = [processes.start(f"{__name__}:writer", n, barrier, failures) for n in range(WRITERS)]
        for process in writers:
            process.join(timeout=600)
            assert process.exitcode == 0
        assert failures.empty(), failures.get()
        if runner is not None:
            # The sequencer numbers within milliseconds of each commit; give it a moment for the last ones.
            deadline = time.monotonic() + 30
            while PendingEvent.objects.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            assert runner.is_alive()
    finally:
        if runner is not None:
            runner.stop()

    # Each writer numbered its own events after its commits (or left them to the integrator of the moment,
    # which looks again after releasing the head), or the sequencer process did: nothing is left pending.
    assert not PendingEvent.objects.exists()
    seqs = list(Event.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(WRITERS * EACH))
    per_writer = sorted(Event.objects.values_list("subject_id", flat=True))
    assert len(set(per_writer)) == WRITERS * EACH
    assert LogHead.objects.get().size == WRITERS * EACH
    checkpoints.checkpoint_create()
    report = verify.verify_log()
    assert report.ok, report.problems
    assert report.checked_entries == WRITERS * EACH


@pytest.mark.parametrize("table", protection.PROTECTED_TABLES)
def test_postgresql_refuses_to_truncate_log_tables(log_cleaned_after, table):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE without WHERE is refused (test_log.py)")
    with transaction.atomic():
        event_append(
            actor=None, action="case.note", subject_type="cases.case", subject_id=1, personal={"phone": "1"}
        )
    checkpoints.checkpoint_create()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"TRUNCATE {table} CASCADE")
    assert Event.objects.count() == 1


def verify_in_a_new_process(key_file: str, against: str, results, dying: bool = False) -> None:
    """Runs in a spawned process (one thread, as the CLI): three blocks, two of them in forked processes
    (which, ``dying``, exit at once without a word)."""
    import os

    from django.conf import settings

    settings.LOG_KEY_FILE = key_file
    if dying:
        verify._check_block_in_child = lambda task, sending: os._exit(9)
    report = verify.verify_log(against=against, evidence=False, jobs=3, min_block=1)
    results.put((report.jobs, report.checked_entries, report.checked_checkpoints, report.problems,
                 report.first_bad_seq))  # fmt: skip


def test_blocks_checked_in_forked_processes_give_the_report_of_one_process(log_cleaned_after, settings):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a database that separate processes share (PostgreSQL, or SQLite in a file)")
    kept = []
    for count in (5, 8, 9):  # checkpoints at 5, 13 and 22 entries: blocks 0-6, 7-13, 14-21
        for i in range(count):
            with transaction.atomic():
                event_append(actor=None, action="case.note", subject_type="cases.case", subject_id=i,
                             payload={"意见": "同意", "i": i})  # fmt: skip
        kept.append(checkpoints.checkpoint_create().note)
    against = "".join(kept)

    def elsewhere(dying=False):
        results = processes.CONTEXT.Queue()
        process = processes.start(f"{__name__}:verify_in_a_new_process", str(settings.LOG_KEY_FILE), against,
                                  results, dying)  # fmt: skip
        answer = results.get(timeout=120)
        process.join(timeout=60)
        assert process.exitcode == 0
        return answer

    assert elsewhere() == (3, 22, 6, [], None)
    assert elsewhere(dying=True) == (1, 22, 6, [], None)  # the blocks of checkers that died checked here
    with protection.suspended(connection), connection.cursor() as cursor:
        cursor.execute("UPDATE records_event SET entry = REPLACE(entry, '同意', '不同意') WHERE seq = 9")
        cursor.execute("DELETE FROM records_event WHERE seq = 17")
    here = verify.verify_log(against=against, evidence=False)
    assert here.jobs == 1 and here.first_bad_seq == 9
    assert elsewhere() == (3, 17, 6, here.problems, 9)
    assert "第 9 条记录被改动：条目与其存储的叶子哈希不符" in here.problems[0]
    assert "序号不连续：应为 17，实为 18" in here.problems[1]
