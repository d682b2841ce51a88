"""Periodic jobs run once per slot, however many workers there are (core/periodic.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks import task

from sanxiang.core import periodic
from sanxiang.core.models import PeriodicJobRun
from tests import processes

NOW = dt.datetime(2026, 3, 2, 9, 30, 5, tzinfo=dt.UTC)


@pytest.fixture
def registry(monkeypatch):
    """An empty job registry for one test; the project's own jobs are restored afterwards."""
    periodic.autodiscover()  # import the apps' jobs.py now, so that they register in the real registry
    monkeypatch.setattr(periodic, "REGISTRY", {})
    return periodic.REGISTRY


def test_slot_is_the_start_of_the_period_counted_from_the_epoch():
    job = periodic.PeriodicJob(name="x", every=dt.timedelta(minutes=15), func=lambda slot: None)
    assert job.slot_for(NOW) == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    assert job.slot_for(NOW + dt.timedelta(minutes=14)) == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    assert job.slot_for(NOW + dt.timedelta(minutes=15)) == dt.datetime(2026, 3, 2, 9, 45, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_a_slot_runs_once_then_the_next_slot_runs_again(registry):
    calls = []
    periodic.periodic(name="count", every=dt.timedelta(hours=1))(calls.append)

    assert periodic.run_due_jobs(worker_id="w1", now=NOW) == ["count"]
    assert periodic.run_due_jobs(worker_id="w2", now=NOW + dt.timedelta(minutes=20)) == []
    assert periodic.run_due_jobs(worker_id="w2", now=NOW + dt.timedelta(hours=1)) == ["count"]

    assert calls == [dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)]
    runs = PeriodicJobRun.objects.order_by("slot")
    assert [(r.worker, r.outcome) for r in runs] == [("w1", "succeeded"), ("w2", "succeeded")]


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_does_not_stop_the_others(registry):
    def broken(slot):
        raise RuntimeError("disk full")

    calls = []
    periodic.periodic(name="broken", every=dt.timedelta(hours=1))(broken)
    periodic.periodic(name="fine", every=dt.timedelta(hours=1))(calls.append)

    assert periodic.run_due_jobs(worker_id="w1", now=NOW) == ["broken", "fine"]
    failed = PeriodicJobRun.objects.get(job="broken")
    assert failed.outcome == "failed"
    assert "disk full" in failed.detail
    assert failed.finished_at is not None
    assert len(calls) == 1


def test_a_period_shorter_than_a_second_is_refused():
    with pytest.raises(ValueError):
        periodic.periodic(name="too-fast", every=dt.timedelta(milliseconds=10))


def race(marks: str, slot: dt.datetime, worker_id: str, barrier, results) -> None:
    """One worker process: the job appends a line to ``marks`` when it runs."""

    def job(slot):
        with open(marks, "a") as handle:
            handle.write(f"{slot.isoformat()}\n")

    race_job = periodic.PeriodicJob(name="race", every=dt.timedelta(minutes=5), func=job)
    barrier.wait(timeout=60)
    results.put((worker_id, periodic.run_job(job=race_job, slot=slot, worker_id=worker_id)))


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_on_one_database_run_the_same_slot_once(tmp_path):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a database that separate processes share (PostgreSQL, or SQLite in a file)")
    marks = tmp_path / "ran.txt"
    slot = periodic.PeriodicJob(name="race", every=dt.timedelta(minutes=5), func=print).slot_for(NOW)
    for _round in range(5):
        barrier, results = processes.CONTEXT.Barrier(2), processes.CONTEXT.Queue()
        workers = [
            processes.start(f"{__name__}:race", str(marks), slot, f"w{i}", barrier, results) for i in (1, 2)
        ]
        for process in workers:
            process.join(timeout=120)
            assert process.exitcode == 0
        outcomes = sorted(results.get(timeout=5)[1] for _ in workers)
        assert outcomes == [False, True]
        slot += dt.timedelta(minutes=5)

    assert marks.read_text().count("\n") == 5
    assert PeriodicJobRun.objects.filter(job="race").count() == 5


@task()
def add_numbers(a: int, b: int) -> int:
    return a + b


@pytest.mark.django_db(transaction=True)  # the worker commits and checks connections as in production
def test_worker_once_runs_queued_tasks_and_due_jobs(registry, capsys):
    calls = []
    periodic.periodic(name="tick", every=dt.timedelta(minutes=1))(calls.append)
    queued = add_numbers.enqueue(2, 3)

    call_command("worker", "--once")

    queued.refresh()
    assert queued.status == "SUCCESSFUL"
    assert queued.return_value == 5
    assert len(calls) == 1
    assert "tick" in capsys.readouterr().out


def test_worker_refuses_a_non_positive_interval():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("worker", "--interval", "0")
    assert error.value.returncode == 2


@pytest.mark.django_db
def test_the_calendar_check_warns_from_november_when_next_year_is_not_loaded():
    from sanxiang.core.jobs import calendar_next_year_check, next_year_missing

    # chinese-calendar 1.11.0 knows 2004–2026.
    assert next_year_missing(dt.date(2026, 10, 31)) is None
    assert next_year_missing(dt.date(2026, 11, 27)) == 2027
    assert next_year_missing(dt.date(2025, 11, 27)) is None
    assert "2027 年的工作日安排尚未载入" in calendar_next_year_check(
        dt.datetime(2026, 11, 27, 1, tzinfo=dt.UTC)
    )


def test_the_project_registers_its_periodic_jobs():
    periodic.autodiscover()
    assert "calendar.next_year_check" in periodic.REGISTRY
