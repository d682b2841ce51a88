"""The reader thread that fetches PostgreSQL rows one chunk ahead of verification: every chunk in order, an
exception in the reader raised in the caller, no thread left running when the caller stops early or fails,
and the connection usable afterwards."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from sanxiang.records import verify
from sanxiang.records.models import Event
from sanxiang.records.services import event_append


def _reader_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "sanxiang-verify-reader"]


def test_every_chunk_arrives_in_order():
    chunks = iter([[1, 2], [3], [4, 5, 6], []])
    assert list(verify._read_ahead(lambda: next(chunks))) == [[1, 2], [3], [4, 5, 6]]
    assert not _reader_threads()


def test_an_exception_in_the_reader_is_raised_in_the_caller():
    calls = iter([[1], [2]])

    def fetch():
        for chunk in calls:
            return chunk
        raise RuntimeError("连接中断")

    got = []
    with pytest.raises(RuntimeError, match="连接中断"):
        for chunk in verify._read_ahead(fetch):
            got.append(chunk)
    assert got == [[1], [2]]
    assert not _reader_threads()


def test_stopping_early_stops_and_joins_the_reader():
    fetched = []

    def fetch():  # endless: only the caller's stop ends it
        fetched.append(len(fetched))
        return [len(fetched)]

    reading = verify._read_ahead(fetch)
    assert next(reading) == [1]
    reading.close()
    assert not _reader_threads()
    assert len(fetched) <= 3  # the one handed over, the one queued, the one in the reader's hand


@pytest.mark.django_db
def test_an_error_while_verifying_leaves_no_reader_and_a_usable_connection(monkeypatch, settings, tmp_path):
    settings.LOG_KEY_FILE = tmp_path / "keys" / "log.key"
    _append(5)
    calls = []

    def failing(rows):
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("校验中断")
        return []

    monkeypatch.setattr(verify, "_column_suspects", failing)
    with pytest.raises(RuntimeError, match="校验中断"):
        verify.verify_log(chunk_size=2, evidence=False)
    assert not _reader_threads()
    assert Event.objects.count() == 5  # the connection (and the test's transaction) still work
    monkeypatch.undo()
    assert verify.verify_log(chunk_size=2, evidence=False).ok


@pytest.mark.django_db
def test_a_database_error_in_the_reader_reaches_the_caller(monkeypatch, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the reader thread reads PostgreSQL only")
    import psycopg

    settings.LOG_KEY_FILE = tmp_path / "keys" / "log.key"
    _append(5)
    fetchmany = psycopg.ServerCursor.fetchmany
    calls = []

    def failing(self, size=0):
        calls.append(size)
        if len(calls) == 2:
            raise psycopg.OperationalError("服务器断开")
        return fetchmany(self, size)

    monkeypatch.setattr(psycopg.ServerCursor, "fetchmany", failing)
    with pytest.raises(psycopg.OperationalError, match="服务器断开"):
        verify.verify_log(chunk_size=2, evidence=False)
    assert not _reader_threads()
    monkeypatch.undo()
    assert Event.objects.count() == 5
    assert verify.verify_log(chunk_size=2, evidence=False).ok


def _append(count: int) -> None:
    for i in range(count):
        with transaction.atomic():
            event_append(actor=None, action="case.note", subject_type="cases.case", subject_id=i)
