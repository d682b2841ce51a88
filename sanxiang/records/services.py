"""Writes to the record log. Every service of every app appends its event through :func:`event_append`.

The append takes the ``LogHead`` row lock (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the transaction
is already IMMEDIATE, so writers queue at BEGIN). The lock is held until the caller's transaction commits, so
sequence numbers come out gap-free and unique across processes: a rolled-back business write takes its event
with it and the next writer reuses the number. docs/decisions/0003-record-log.md says why.
"""

from __future__ import annotations

import secrets
import threading

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sanxiang.records import entries, merkle
from sanxiang.records.models import Event, LogHead, PersonalCommitmentSalt


class LogUsageError(RuntimeError):
    """A programming error in a caller of the log (not something a user can cause)."""


def event_append(
    *,
    actor,
    action: str,
    subject_type: str,
    subject_id,
    payload: dict | None = None,
    personal: dict[str, str] | None = None,
) -> Event:
    """Append one event in the caller's transaction and return it.

    ``actor``: the User who acted, or None for the system. ``action``: ``<thing>.<verb>`` such as
    ``certificate.issue``. ``subject_type``/``subject_id``: the object acted on (``accounts.certificate``, 17).
    ``payload``: what changed, JSON of str/int/bool/None/list/dict only (no floats: write decimals as strings),
    naming people and objects by id and **never holding a personal value** (name, ID number, phone, address):
    the payload is part of the entry that full exports and proofs hand to outsiders. ``personal``: field name ->
    personal value that must stay provable; the entry holds only a salted commitment to each value
    (docs/record-log.md, "Commitments"), the salt goes to ``PersonalCommitmentSalt``.

    Must run inside ``transaction.atomic()`` together with the business write it records.
    """
    if not transaction.get_connection().in_atomic_block:
        raise LogUsageError(
            "event_append must run inside transaction.atomic(), in the same transaction as the write it records"
        )
    for name, value in (("action", action), ("subject_type", subject_type)):
        if not isinstance(value, str) or not value or len(value) > 64:
            raise LogUsageError(f"{name} must be a non-empty string of at most 64 characters, got {value!r}")
    subject = str(subject_id)
    if not subject or len(subject) > 64:
        raise LogUsageError(f"subject_id must be 1 to 64 characters, got {subject_id!r}")
    payload = dict(payload or {})
    entries.check_payload(payload)

    actor_id = actor.pk if actor is not None else None
    personal_items = sorted((personal or {}).items())
    for field, value in personal_items:
        if not isinstance(field, str) or not field or not isinstance(value, str):
            raise LogUsageError("personal maps field names (str) to values (str)")
    prepared = (actor_id, action, subject_type, subject, payload, personal_items)

    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        # First try without waiting: take the head this thread wrote last (else read the committed one),
        # build the event, and write event and head in one statement that takes the head's row lock only if
        # the head is still exactly that (size, frontier, hash). The lock is then held for that one round trip
        # and the caller's commit. Else (another writer got there first, or this thread's last append was
        # rolled back) lock, re-read, rebuild and write.
        head = _remembered(connection) or _head_row(connection, lock=False)
        if head is not None:
            event, salts, new_head = _build(head, prepared)
            if _write_pg(connection, event, new_head, expected=head):
                return _finish(connection, event, salts, new_head, head[2])
    head = _head_row(connection, lock=True)
    event, salts, new_head = _build(head, prepared)
    if connection.vendor == "postgresql":
        _write_pg(connection, event, new_head, expected=None)
    else:
        _write_plain(connection, event, new_head)
    return _finish(connection, event, salts, new_head, head[2])


# The head as this thread last wrote it: (database alias, size, frontier, hash name). Only a guess (the write
# may be rolled back, other processes append): the guarded write checks it against the row.
_last_head = threading.local()


def _remembered(connection):
    last = getattr(_last_head, "value", None)
    return last[1:] if last is not None and last[0] == connection.alias else None


# The append in a few statements of raw SQL: every business write goes through here, so ORM overhead and
# round trips inside the head lock count (bench/log.py). Table and column names are Django's defaults.
_EVENT_COLUMNS = "seq, created_at, actor_id, action, subject_type, subject_id, entry, leaf_hash"
_HEAD_SET = "size = %s, frontier = %s, root_hash = %s, updated_at = %s"


def _head_row(connection, *, lock: bool):
    """(size, frontier, hash name) of the head; locked (``FOR UPDATE`` on PostgreSQL; SQLite's
    IMMEDIATE transaction already holds the write lock); None when the row is missing and ``lock`` is False."""
    sql = "SELECT size, frontier, hash_name FROM records_loghead WHERE id = %s"
    if lock and connection.vendor == "postgresql":
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [LogHead.SINGLETON_ID])
        row = cursor.fetchone()
    if row is None:
        if not lock:
            return None
        head = _locked_head()  # creates the row (a flushed test database)
        row = (head.size, head.frontier, head.hash_name)
    return row


def _build(head, prepared):
    """The event (unsaved), its salts and the new head values, for a log whose head is ``head``."""
    size, frontier_text, hash_name = head
    frontier = [bytes.fromhex(part) for part in frontier_text.split()]
    actor_id, action, subject_type, subject, payload, personal_items = prepared
    now = timezone.now()  # after reading the head: times follow seq order (seq n+1 is read after n commits)
    hasher = merkle.Hasher(hash_name)
    salts: dict[str, str] = {}
    commitments: dict[str, str] = {}
    for field, value in personal_items:
        salt = secrets.token_bytes(32)
        salts[field] = salt.hex()
        commitments[field] = entries.commitment(salt=salt, value=value, hasher=hasher).hex()
    data = entries.encode(
        seq=size,
        time=now,
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject,
        payload=payload,
        commitments=commitments,
    )
    leaf = hasher.leaf(data)
    event = Event(
        seq=size,
        created_at=now,
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject,
        entry=data.decode("utf-8"),
        leaf_hash=leaf.hex(),
    )
    frontier = merkle.frontier_append(frontier, size, leaf, hasher)
    new_head = (
        size + 1,
        " ".join(h.hex() for h in frontier),
        merkle.frontier_root(frontier, hasher).hex(),
        now,
    )
    return event, salts, new_head


def _event_values(connection, event: Event) -> list:
    created = connection.ops.adapt_datetimefield_value(event.created_at)
    return [event.seq, created, event.actor_id, event.action, event.subject_type, event.subject_id,
            event.entry, event.leaf_hash]  # fmt: skip


def _write_pg(connection, event: Event, new_head, *, expected) -> bool:
    """Event and head in one statement (a data-modifying CTE). With ``expected`` (size, frontier, hash name),
    only if the head row is still exactly that (else nothing is written and the answer is False)."""
    size, frontier, root, now = new_head
    guard = "" if expected is None else " AND size = %s AND frontier = %s AND hash_name = %s"
    head_params = [size, frontier, root, now, LogHead.SINGLETON_ID] + list(expected or [])
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH head AS (UPDATE records_loghead SET {_HEAD_SET} WHERE id = %s{guard} RETURNING 1) "
            f"INSERT INTO records_event ({_EVENT_COLUMNS}) "
            f"SELECT %s::bigint, %s::timestamptz, %s::bigint, %s, %s, %s, %s, %s FROM head",
            head_params + _event_values(connection, event),
        )
        written = cursor.rowcount == 1
    if expected is None and not written:
        raise LogUsageError("the locked log head could not be updated")
    return written


def _write_plain(connection, event: Event, new_head) -> None:
    size, frontier, root, now = new_head
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO records_event ({_EVENT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            _event_values(connection, event),
        )
        cursor.execute(
            f"UPDATE records_loghead SET {_HEAD_SET} WHERE id = %s",
            [size, frontier, root, connection.ops.adapt_datetimefield_value(now), LogHead.SINGLETON_ID],
        )


def _finish(connection, event: Event, salts: dict[str, str], new_head, hash_name: str) -> Event:
    _last_head.value = (connection.alias, new_head[0], new_head[1], hash_name)
    event._state.adding = False  # it is in the database now, as if saved through the ORM
    event._state.db = "default"
    if salts:
        PersonalCommitmentSalt.objects.bulk_create(
            [PersonalCommitmentSalt(event=event, field=field, salt=salt) for field, salt in salts.items()]
        )
    return event


def _locked_head() -> LogHead:
    head = LogHead.objects.select_for_update().filter(pk=LogHead.SINGLETON_ID).first()
    if head is not None:
        return head
    # The head row is made by migration 0002; it is missing only on a test database that was flushed. Several
    # processes may race here: the losers' inserts wait for the winner's commit, fail, and read its row.
    try:
        with transaction.atomic():
            LogHead.objects.create(pk=LogHead.SINGLETON_ID, **initial_head_fields(settings.LOG_HASH))
    except IntegrityError:
        return LogHead.objects.select_for_update().get(pk=LogHead.SINGLETON_ID)
    if Event.objects.exists():
        raise LogUsageError("the log head row is missing while events exist; run `sanxiang log verify`")
    return LogHead.objects.select_for_update().get(pk=LogHead.SINGLETON_ID)


def initial_head_fields(hash_name: str) -> dict:
    return {
        "hash_name": hash_name,
        "size": 0,
        "frontier": "",
        "root_hash": merkle.Hasher(hash_name).empty_root().hex(),
    }


def head_now() -> LogHead:
    """The head as committed (no lock), created when missing. For checkpoints, pages and verification."""
    head = LogHead.objects.filter(pk=LogHead.SINGLETON_ID).first()
    if head is not None:
        return head
    with transaction.atomic():
        return _locked_head()
