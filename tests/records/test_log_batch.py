"""The batch sequencer (``LOG_SEQUENCER = "batch"``, PostgreSQL): a writer that finds the head free numbers its
event at once; one that finds it held commits the event unnumbered, and it is numbered right after the commit,
gap-free; a rollback leaves nothing; personal commitments keep their salts; the pending table refuses changes
except the sequencer's delete; what a crash leaves pending is numbered by the worker's job, by a checkpoint and
by ``sanxiang log verify``; with a sequencer process running, writers leave the numbering to it. The
four-process test is in test_log_concurrency.py."""

from __future__ import annotations

import datetime as dt
import json
import time
from contextlib import contextmanager

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from sanxiang.records import checkpoints, entries, jobs, merkle, sequencer, services, verify
from sanxiang.records.models import Event, LogHead, PendingEvent, PersonalCommitmentSalt
from sanxiang.records.services import event_append, head_now, integrate_pending

pytestmark = pytest.mark.postgres


@pytest.fixture
def batch(transactional_db, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the batch sequencer is PostgreSQL's (SQLite numbers inline)")
    settings.LOG_SEQUENCER = "batch"
    settings.LOG_KEY_FILE = tmp_path / "log.key"
    # Forget what an earlier test's appends left in this thread: the head it wrote, and whether it found the
    # head taken (then its next append would go pending at once).
    services._last_head.value = None
    services._last_head.busy = False
    services._last_head.pending_until = 0.0
    head_now()  # the head row exists (a flushed test database has none), so that another session can hold it
    return settings


def _note(i, **extra):
    return event_append(
        actor=None, action="case.note", subject_type="cases.case", subject_id=i, payload={"i": i}, **extra
    )


def _other_session(**options):
    """A second database session on the test database (another process, as far as locks go)."""
    params = connection.get_connection_params()
    return psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}, **options)


@contextmanager
def head_held_elsewhere():
    """Another session holds the head row (as a writer or integrator in another process would)."""
    with _other_session() as other:
        other.execute("SELECT 1 FROM records_loghead WHERE id = 1 FOR UPDATE")
        yield
        other.rollback()


@contextmanager
def integrator_held_elsewhere():
    """Another process is numbering pending events (holds the integrator's advisory lock)."""
    with _other_session(autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [services.INTEGRATOR_LOCK])
        yield
        other.execute("SELECT pg_advisory_unlock(%s)", [services.INTEGRATOR_LOCK])


def _forget_integration():
    """As if the process died between its commit and the numbering: drop the after-commit callback."""
    connection.run_on_commit[:] = []


def test_a_lone_writer_numbers_its_event_at_once(batch):
    with transaction.atomic():
        assert _note(0).seq == 0
        assert not PendingEvent.objects.exists()
        assert _note(1).seq == 1
    assert list(Event.objects.values_list("seq", "subject_id")) == [(0, "0"), (1, "1")]
    assert verify.verify_log(evidence=False).ok


def test_with_the_head_held_an_event_is_pending_then_numbered_after_its_commit(batch):
    with transaction.atomic():
        _note(0)  # numbered at once: the head is free
    with transaction.atomic():
        with head_held_elsewhere():
            event = _note(1)
        assert event.seq is None  # not numbered inside the writer's transaction
        assert (event.action, event.subject_type, event.subject_id, event.actor_id) == (
            "case.note", "cases.case", "1", None,
        )  # fmt: skip
        assert PendingEvent.objects.count() == 1 and Event.objects.count() == 1
    # Numbered right after the commit.
    assert not PendingEvent.objects.exists()
    stored = Event.objects.get(seq=1)
    assert stored.subject_id == "1" and stored.created_at == event.created_at
    entry = json.loads(stored.entry)
    assert entry["seq"] == 1 and entry["payload"] == {"i": 1}
    assert entry["time"] == entries.format_time(event.created_at)
    head = LogHead.objects.get()
    hasher = merkle.Hasher(head.hash_name)
    assert stored.leaf_hash == hasher.leaf(stored.entry.encode()).hex()
    assert head.size == 2 and verify.verify_log(evidence=False).ok


@pytest.mark.parametrize("microsecond", [0, 5, 999999])
def test_the_entry_time_of_a_pending_event_is_formatted_as_an_inline_one(batch, monkeypatch, microsecond):
    # The sequencer has the server format the time (to_char); the inline append formats it in Python.
    moment = dt.datetime(2026, 12, 31, 23, 59, 59, microsecond, tzinfo=dt.UTC)
    monkeypatch.setattr(services.timezone, "now", lambda: moment)
    with transaction.atomic():
        with head_held_elsewhere():
            assert _note(0).seq is None
    stored = Event.objects.get()
    assert json.loads(stored.entry)["time"] == entries.format_time(moment)
    assert stored.created_at == moment
    assert verify.verify_log(evidence=False).ok


def test_a_writer_that_finds_another_integrator_returns_and_leaves_the_numbering_to_it(batch):
    with integrator_held_elsewhere():
        with transaction.atomic():
            with head_held_elsewhere():
                _note(0)
        # The writer's attempt found the integrator lock taken and returned at once.
        assert PendingEvent.objects.count() == 1 and not Event.objects.exists()
        assert integrate_pending() == 0
    # What the holder does after releasing the lock: look for pending rows and number them.
    assert integrate_pending() == 1
    assert Event.objects.get().seq == 0 and not PendingEvent.objects.exists()


def test_several_events_of_one_transaction_keep_their_order_and_a_rollback_leaves_no_gap(batch):
    with transaction.atomic():
        with head_held_elsewhere():
            _note(0)  # pending
        _note(1)  # the head is free again, but this transaction is already pending: pending too, after 0
        _note(2)
        assert PendingEvent.objects.count() == 3
    with pytest.raises(RuntimeError), head_held_elsewhere(), transaction.atomic():
        _note(99)
        raise RuntimeError("the business write failed")
    with transaction.atomic():
        _note(3)
    rows = list(Event.objects.order_by("seq").values_list("seq", "subject_id"))
    assert rows == [(0, "0"), (1, "1"), (2, "2"), (3, "3")]
    assert not PendingEvent.objects.exists()
    report = verify.verify_log(evidence=False)
    assert report.ok, report.problems and report.checked_entries == 4


@pytest.mark.parametrize("held", [False, True], ids=["numbered-at-once", "pending"])
def test_personal_commitments_keep_their_salt_and_no_value(batch, held):
    with transaction.atomic(), head_held_elsewhere() if held else contextmanager(lambda: (yield))():
        event = _note(1, personal={"phone": "13800138000", "id_number": "110105199001011234"})
    assert (event.seq is None) == held
    integrate_pending()
    assert not PendingEvent.objects.exists()
    stored = Event.objects.get()
    assert "13800138000" not in stored.entry and "110105199001011234" not in stored.entry
    salts = dict(PersonalCommitmentSalt.objects.filter(event=stored).values_list("field", "salt"))
    assert set(salts) == {"phone", "id_number"}
    hasher = merkle.Hasher(LogHead.objects.get().hash_name)
    commitments = json.loads(stored.entry)["commitments"]
    assert commitments["phone"] == (
        entries.commitment(salt=bytes.fromhex(salts["phone"]), value="13800138000", hasher=hasher).hex()
    )


def test_batch_and_inline_appends_share_one_gap_free_sequence(batch):
    with transaction.atomic():
        _note(0)
    batch.LOG_SEQUENCER = "inline"
    with transaction.atomic():
        assert _note(1).seq == 1
    batch.LOG_SEQUENCER = "batch"
    with transaction.atomic():
        _note(2)
    assert list(Event.objects.values_list("seq", "subject_id")) == [(0, "0"), (1, "1"), (2, "2")]
    assert verify.verify_log(evidence=False).ok


def test_what_a_crash_left_pending_is_numbered_by_the_worker_job(batch):
    with head_held_elsewhere(), transaction.atomic():
        _note(1)
        _forget_integration()
    assert PendingEvent.objects.count() == 1 and not Event.objects.exists()
    assert jobs.integrate(None) == "integrated 1"
    assert Event.objects.get().seq == 0 and not PendingEvent.objects.exists()
    assert jobs.integrate(None) == "nothing pending"


def test_a_checkpoint_covers_events_still_pending(batch):
    with head_held_elsewhere(), transaction.atomic():
        _note(1)
        _note(2)
        _forget_integration()
    checkpoint = checkpoints.checkpoint_create()
    assert checkpoint.tree_size == 2
    assert verify.verify_log(evidence=False).ok


def test_log_verify_numbers_pending_events_first(batch, capsys):
    with head_held_elsewhere(), transaction.atomic():
        _note(1)
        _forget_integration()
    call_command("log", "verify")
    out = capsys.readouterr().out
    assert "已检查记录 1 条" in out and "验证通过" in out
    assert not PendingEvent.objects.exists()


def test_integrating_with_nothing_pending_numbers_nothing(batch):
    assert integrate_pending() == 0
    assert LogHead.objects.get().size == 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE records_pendingevent SET action = 'case.other'",
        "DELETE FROM records_pendingevent",
        "TRUNCATE records_pendingevent",
    ],
)
def test_the_pending_table_refuses_changes_outside_the_sequencer(batch, statement):
    with head_held_elsewhere(), transaction.atomic():
        _note(1)
        _forget_integration()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    pending = PendingEvent.objects.get()
    assert pending.action == "case.note"
    assert integrate_pending() == 1  # the sequencer's own delete is allowed


@contextmanager
def sequencer_running():
    """A sequencer thread (as ``sanxiang worker`` runs it), holding its locks; stopped and joined at the end."""
    thread = sequencer.SequencerThread()
    thread.start()
    try:
        assert thread.ready.wait(10), "the sequencer did not take its locks"
        yield thread
    finally:
        thread.stop()
    assert not thread.is_alive()


def _wait_until_numbered(count: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while Event.objects.count() < count:
        assert time.monotonic() < deadline, f"{Event.objects.count()} of {count} events numbered"
        time.sleep(0.01)


def test_with_a_sequencer_running_writers_leave_the_numbering_to_it(batch):
    with sequencer_running():
        with transaction.atomic():
            with head_held_elsewhere():
                event = _note(0)
            assert event.seq is None
            # The append found the sequencer's lock taken: no numbering of its own after the commit.
            assert not services._has_callback(connection, services._integrate_after_commit)
        _wait_until_numbered(1)
        # The numbering is the sequencer's for as long as it runs: a writer's or the job's attempt returns at
        # once, whatever is pending.
        with head_held_elsewhere(), transaction.atomic():
            _note(1)
        assert PendingEvent.objects.exists() or Event.objects.count() == 2
        assert integrate_pending() == 0
        assert not jobs.integrate(None).startswith("integrated")
        _wait_until_numbered(2)
    assert list(Event.objects.order_by("seq").values_list("seq", "subject_id")) == [(0, "0"), (1, "1")]
    assert not PendingEvent.objects.exists()
    assert verify.verify_log(evidence=False).ok


def test_without_a_sequencer_the_writer_numbers_after_its_commit(batch):
    with transaction.atomic():
        with head_held_elsewhere():
            _note(0)
        assert services._has_callback(connection, services._integrate_after_commit)
    assert Event.objects.get().seq == 0


def test_a_second_sequencer_stands_by_until_the_first_stops(batch, monkeypatch):
    monkeypatch.setattr(sequencer, "STANDBY_SECONDS", 0.05)
    first = sequencer.SequencerThread()
    first.start()
    second = sequencer.SequencerThread()
    try:
        assert first.ready.wait(10)
        second.start()
        assert not second.ready.wait(0.5)  # stands by
        first.stop()
        assert second.ready.wait(10)  # took over
        with transaction.atomic(), head_held_elsewhere():
            _note(0)
        _wait_until_numbered(1)
    finally:
        first.stop()
        second.stop()
    assert not first.is_alive() and not second.is_alive()


def test_events_pending_when_the_sequencer_starts_are_numbered_and_after_it_stops_writers_number(batch):
    with head_held_elsewhere(), transaction.atomic():
        _note(0)
        _forget_integration()  # committed pending, nobody numbered it (a writer that died)
    with sequencer_running():
        _wait_until_numbered(1)  # its first look
    # Stopped: its locks are free again, so a writer whose event goes pending numbers it after its commit.
    with transaction.atomic():
        with head_held_elsewhere():
            _note(1)
        assert services._has_callback(connection, services._integrate_after_commit)
    assert list(Event.objects.order_by("seq").values_list("subject_id", flat=True)) == ["0", "1"]
    assert not PendingEvent.objects.exists()


def test_a_sequencer_stopped_by_an_error_releases_the_numbering(batch, monkeypatch):
    def broken(_connection):
        raise RuntimeError("a bug in the numbering")

    thread = sequencer.SequencerThread()
    monkeypatch.setattr(services, "_integrate_pipelined", broken)
    with transaction.atomic(), head_held_elsewhere():
        _note(0)
        _forget_integration()  # pending, so that the sequencer's first pass runs into the bug
    thread.start()
    thread.join(10)
    assert not thread.is_alive() and str(thread.error) == "a bug in the numbering"
    monkeypatch.undo()
    # Its session is closed, so its locks are free: a writer numbers again.
    with transaction.atomic():
        with head_held_elsewhere():
            _note(1)
        assert services._has_callback(connection, services._integrate_after_commit)
    assert list(Event.objects.order_by("seq").values_list("subject_id", flat=True)) == ["0", "1"]


def test_the_worker_runs_the_sequencer_while_it_runs(batch, monkeypatch):
    from sanxiang.core.worker import Worker

    started = []

    class Recording(sequencer.SequencerThread):
        def run(self):
            started.append(self)
            super().run()

    monkeypatch.setattr(sequencer, "SequencerThread", Recording)
    worker = Worker(worker_id="test-worker", interval=0.2)
    monkeypatch.setattr(worker, "tick", lambda: [])

    def sleep(_seconds):
        # While the worker sleeps between ticks, the sequencer numbers a writer's pending event.
        assert started and started[0].ready.wait(10)
        with transaction.atomic(), head_held_elsewhere():
            _note(0)
        _wait_until_numbered(1)
        worker.stop()

    monkeypatch.setattr("signal.signal", lambda *_args: None)
    worker.run_forever(sleep=sleep)
    assert len(started) == 1 and not started[0].is_alive()
    assert Event.objects.get().seq == 0


def test_the_sequencer_command_refuses_inline_numbering(batch, capsys):
    batch.LOG_SEQUENCER = "inline"
    with pytest.raises(CommandError) as caught:
        call_command("log", "sequencer")
    assert caught.value.returncode == 2 and "批量编号" in str(caught.value)


def test_the_timeline_shows_events_committed_but_not_numbered_yet(batch, client):
    from sanxiang.records import selectors
    from tests.records.test_log import make_staff

    officer = make_staff()
    with transaction.atomic():
        event_append(actor=officer, action="case.note", subject_type="cases.case", subject_id=5, payload={})
    with head_held_elsewhere(), transaction.atomic():  # numbered by no one: as if a sequencer had yet to
        event_append(actor=officer, action="case.close", subject_type="cases.case", subject_id=5, payload={})
        _note(5)
        _forget_integration()
    assert PendingEvent.objects.count() == 2
    events = selectors.events_for("cases.case", 5)
    assert [(e.seq, e.action, e.actor) for e in events] == [(0, "case.note", officer), (None, "case.close", officer),
                                                            (None, "case.note", None)]  # fmt: skip
    client.force_login(officer)
    page = client.get("/records/timeline/cases.case/5/").content.decode()
    assert page.count("待编号") == 2 and "#0" in page and "张伟" in page
    integrate_pending()
    assert [(e.seq, e.action) for e in selectors.events_for("cases.case", 5)] == [
        (0, "case.note"), (1, "case.close"), (2, "case.note")]  # fmt: skip
