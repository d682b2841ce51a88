"""Login lockout: ``LOGIN_FAILURE_LIMIT`` failures in a row lock a username for ``LOGIN_LOCKOUT_MINUTES``.

The count lives in the database (``LoginThrottle``), never in process memory, because several app server
processes answer logins. It is keyed by the username as typed, so that an unknown name is throttled exactly
like a real one and the login page never reveals which accounts exist. Wrong second-factor codes count against
the same row, so the six-digit code cannot be guessed either.
"""

from __future__ import annotations

import dataclasses
import datetime
import math

from django.conf import settings
from django.db import transaction

from sanxiang.accounts.models import LoginThrottle

USERNAME_KEY_LENGTH = LoginThrottle._meta.get_field("username").max_length


@dataclasses.dataclass(frozen=True)
class Failure:
    """The state after one more failure: attempts left before the lock, or when the lock ends."""

    remaining: int
    locked_until: datetime.datetime | None


def throttle_key(username: str) -> str:
    return username.strip()[:USERNAME_KEY_LENGTH]


def check_locked(username: str, now: datetime.datetime) -> datetime.datetime | None:
    """When the lock on ``username`` ends, or None when it may try to log in."""
    return (
        LoginThrottle.objects.filter(username=throttle_key(username), locked_until__gt=now)
        .values_list("locked_until", flat=True)
        .first()
    )


def record_failure(username: str, now: datetime.datetime) -> Failure:
    """Count one failed attempt; the one that reaches the limit starts the lock.

    The row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite begins IMMEDIATE transactions, settings)
    so that failures arriving at the same moment in different processes are all counted.
    """
    limit = settings.LOGIN_FAILURE_LIMIT
    with transaction.atomic():
        throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(username=throttle_key(username))
        if throttle.locked_until and throttle.locked_until > now:
            return Failure(remaining=0, locked_until=throttle.locked_until)
        if throttle.locked_until:
            # The previous lock has run out: the count starts again.
            throttle.failures = 0
            throttle.locked_until = None
        throttle.failures += 1
        throttle.last_failure_at = now
        if throttle.failures >= limit:
            throttle.locked_until = now + datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        throttle.save(update_fields=["failures", "locked_until", "last_failure_at"])
    return Failure(remaining=max(limit - throttle.failures, 0), locked_until=throttle.locked_until)


def record_success(username: str) -> None:
    """A successful login ends the run of failures."""
    LoginThrottle.objects.filter(username=throttle_key(username)).delete()


def minutes_left(locked_until: datetime.datetime, now: datetime.datetime) -> int:
    """Whole minutes until the lock ends, rounded up (a lock with 10 seconds left says 1 minute)."""
    return max(math.ceil((locked_until - now).total_seconds() / 60), 1)
