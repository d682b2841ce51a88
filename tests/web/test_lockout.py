"""lockout.py: the failure count and the lock live in the database, and concurrent failures all count."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import close_old_connections, connection

from sanxiang.accounts import lockout
from sanxiang.accounts.models import LoginThrottle

NOW = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_four_failures_leave_one_attempt_and_the_fifth_locks_for_fifteen_minutes():
    for expected in (4, 3, 2, 1):
        assert lockout.record_failure("zhangwei", NOW) == lockout.Failure(
            remaining=expected, locked_until=None
        )
    assert lockout.check_locked("zhangwei", NOW) is None
    failure = lockout.record_failure("zhangwei", NOW)
    assert failure.locked_until == NOW + datetime.timedelta(minutes=15)
    assert lockout.check_locked("zhangwei", NOW + datetime.timedelta(minutes=14)) == failure.locked_until
    assert lockout.check_locked("zhangwei", NOW + datetime.timedelta(minutes=15)) is None


@pytest.mark.django_db
def test_failures_during_the_lock_do_not_extend_it():
    for _ in range(5):
        lockout.record_failure("zhangwei", NOW)
    later = NOW + datetime.timedelta(minutes=10)
    assert lockout.record_failure("zhangwei", later).locked_until == NOW + datetime.timedelta(minutes=15)


@pytest.mark.django_db
def test_limit_and_duration_come_from_settings(settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_LOCKOUT_MINUTES = 60
    lockout.record_failure("zhangwei", NOW)
    assert lockout.record_failure("zhangwei", NOW).locked_until == NOW + datetime.timedelta(hours=1)


@pytest.mark.django_db
def test_success_clears_the_count():
    lockout.record_failure("zhangwei", NOW)
    lockout.record_success("zhangwei")
    assert not LoginThrottle.objects.exists()


@pytest.mark.django_db
def test_overlong_names_share_the_row_of_their_first_150_characters():
    long_name = "a" * 400
    lockout.record_failure(long_name, NOW)
    assert LoginThrottle.objects.get().username == "a" * 150


@pytest.mark.parametrize(
    ("seconds_left", "minutes"), [(1, 1), (60, 1), (61, 2), (14 * 60 + 59, 15), (15 * 60, 15)]
)
def test_minutes_left_round_up(seconds_left, minutes):
    assert lockout.minutes_left(NOW + datetime.timedelta(seconds=seconds_left), NOW) == minutes


@pytest.mark.django_db(transaction=True)
def test_failures_at_the_same_moment_from_several_workers_are_all_counted():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip(
            "threads cannot share an in-memory SQLite test database; runs on PostgreSQL and file SQLite"
        )
    workers = 4
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def fail_once():
        try:
            barrier.wait()
            lockout.record_failure("zhangwei", NOW)
        except BaseException as exc:  # reported below, a thread cannot fail the test itself
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=fail_once) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert LoginThrottle.objects.get(username="zhangwei").failures == workers
