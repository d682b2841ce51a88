"""Writes to the record log. Every service of every app appends its event through :func:`event_append`.

Two ways of numbering (``settings.LOG_SEQUENCER``, docs/record-log.md "Sequencer"):

* **inline** (SQLite; PostgreSQL when chosen): the append takes the ``LogHead`` row lock (``SELECT … FOR
  UPDATE`` on PostgreSQL; on SQLite the transaction is already IMMEDIATE, so writers queue at BEGIN). The lock is
  held until the caller's transaction commits, so sequence numbers come out gap-free and unique across
  processes: a rolled-back business write takes its event with it and the next writer reuses the number. The
  number is known when ``event_append`` returns.
* **batch** (PostgreSQL default): the append inserts a ``PendingEvent`` row in the caller's transaction (no
  lock, so the commits of several writers group) and, after the commit, :func:`integrate_pending` numbers every
  committed pending event in one transaction under the head lock — or, while a sequencer process runs
  (sequencer.py, in ``sanxiang worker``), that process does and the writer does nothing after its commit. A
  rolled-back write leaves no pending row, so numbers stay gap-free; the number is known once integrated
  (normally right after the commit; the worker's ``records.integrate`` job catches what a crash between commit
  and integration left).

docs/decisions/0003-record-log.md says why.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from sanxiang.records import entries, merkle, protection
from sanxiang.records.models import Event, LogHead, PendingEvent, PersonalCommitmentSalt


@contextmanager
def _cursor(connection):
    """A cursor for the log's own statements. On PostgreSQL a psycopg cursor on Django's connection that binds
    parameters on the server and prepares each statement once per connection (Django's cursors send every
    statement as text to be parsed and planned again; the append runs once per business write), with errors
    turned into Django's as usual. Elsewhere Django's cursor."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    with connection.wrap_database_errors:
        yield _log_cursor(connection)


def _log_cursor(connection) -> _Preparing:
    """One psycopg cursor per Django connection, made again when the connection is (making one per statement
    was a few percent of a pending append's time). Not re-entrant: each use reads its results before the
    next statement, as every use here does."""
    raw = connection.connection
    cached = getattr(connection, "_sanxiang_log_cursor", None)
    if cached is None or cached._cursor.connection is not raw:
        import psycopg

        cached = connection._sanxiang_log_cursor = _Preparing(psycopg.Cursor(raw))
    return cached


class _Preparing:
    __slots__ = ("_cursor",)

    def __init__(self, cursor):
        self._cursor = cursor

    def execute(self, sql, params=None):
        return self._cursor.execute(sql, params, prepare=True)

    def fetchone(self):
        return self._cursor.fetchone()

    def fetchall(self):
        return self._cursor.fetchall()

    @property
    def rowcount(self):
        return self._cursor.rowcount


logger = logging.getLogger("sanxiang.records")


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
    if settings.LOG_SEQUENCER == "batch" and connection.vendor == "postgresql":
        return _append_batch(connection, prepared)
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
    with _cursor(connection) as cursor:
        cursor.execute(sql, [LogHead.SINGLETON_ID])
        row = cursor.fetchone()
    if row is None:
        if not lock:
            return None
        head = _locked_head()  # creates the row (a flushed test database)
        row = (head.size, head.frontier, head.hash_name)
    return row


def _build(head, prepared, commitments_out: dict | None = None):
    """The event (unsaved), its salts and the new head values, for a log whose head is ``head``
    (``commitments_out``, when given, receives the commitments written into the entry)."""
    size, frontier_text, hash_name = head
    frontier = [bytes.fromhex(part) for part in frontier_text.split()]
    actor_id, action, subject_type, subject, payload, personal_items = prepared
    now = timezone.now()  # after reading the head: times follow seq order (seq n+1 is read after n commits)
    hasher = merkle.Hasher(hash_name)
    salts, commitments = _commit_personal(personal_items, hasher)
    if commitments_out is not None:
        commitments_out.update(commitments)
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


def _commit_personal(personal_items, hasher) -> tuple[dict[str, str], dict[str, str]]:
    """Fresh salts and the salted commitments to the personal values (docs/record-log.md, "Commitments")."""
    salts: dict[str, str] = {}
    commitments: dict[str, str] = {}
    for field, value in personal_items:
        salt = secrets.token_bytes(32)
        salts[field] = salt.hex()
        commitments[field] = entries.commitment(salt=salt, value=value, hasher=hasher).hex()
    return salts, commitments


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
    with _cursor(connection) as cursor:
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


# Batch sequencer (PostgreSQL) ------------------------------------------------------------------------------

_PENDING_COLUMNS = (
    "created_at, actor_id, action, subject_type, subject_id, payload, commitments, salts, hash_name"
)
# Largest batch one integration transaction numbers; more pending rows are taken by the next round.
INTEGRATE_BATCH = 2000
# A sequencer process (sequencer.py) holds this advisory lock for its life ("SXLS"). A pending append tries it
# shared in its own transaction, in the same statement: refused means a sequencer runs and will number the
# event; granted means none runs (and none can start before this commit), so the writer numbers after it.
SEQUENCER_LOCK = 0x53584C53
# After an append went pending while a sequencer runs, this thread's appends go pending at once for this long.
SEQUENCER_BUSY_SECONDS = 0.5

_INSERT_PENDING = (
    f"WITH p AS (INSERT INTO records_pendingevent ({_PENDING_COLUMNS}) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)) "
    "SELECT pg_try_advisory_xact_lock_shared(%s)"
)


def _append_batch(connection, prepared) -> Event:
    """The batch sequencer's append: numbered at once when the head is free, else committed unnumbered.

    One statement: if the head row is exactly the head this thread expects and no other transaction holds it
    (``FOR UPDATE SKIP LOCKED``), write the event with its number and the new head, as the inline append does
    (the lock is then held until the caller's commit, so a lone writer pays little for the sequencer); else
    insert a ``PendingEvent``, which takes no lock, so the commits of several writers group. Once a transaction
    has a pending event, its later events are pending too (they keep their order). After the commit the pending
    events are numbered (:func:`integrate_pending`, which waits for an inline writer's commit if it must)."""
    # Pending at once when this transaction already has a pending event (order), or when this thread's last
    # append found the head taken and it has not numbered since, or did so moments ago while a sequencer
    # process runs (other writers are busy: building the entry for a head that has moved would be wasted).
    pending_already = (
        _has_pending(connection)
        or getattr(_last_head, "busy", False)
        or getattr(_last_head, "pending_until", 0.0) > time.monotonic()
    )
    head = None
    if not pending_already:
        head = (
            _remembered(connection) or _head_row(connection, lock=False) or _head_row(connection, lock=True)
        )
    actor_id, action, subject_type, subject, payload, personal_items = prepared
    if head is not None:
        hash_name = head[2]
        commitments: dict[str, str] = {}
        event, salts, new_head = _build(head, prepared, commitments)
        created = event.created_at
    else:
        hash_name = _known_hash_name(connection)
        salts, commitments = (
            _commit_personal(personal_items, merkle.Hasher(hash_name)) if personal_items else ({}, {})
        )
        created = timezone.now()
    pending_values = [
        created, actor_id, action, subject_type, subject, entries.canonical_json(payload).decode("utf-8"),
        entries.canonical_json(commitments).decode("utf-8") if commitments else "{}",
        entries.canonical_json(salts).decode("utf-8") if salts else "{}", hash_name,
    ]  # fmt: skip
    with _cursor(connection) as cursor:
        if pending_already:
            cursor.execute(_INSERT_PENDING, pending_values + [SEQUENCER_LOCK])
            row = cursor.fetchone()
        else:
            size, frontier, root, now = new_head
            cursor.execute(
                "WITH h AS (SELECT id FROM records_loghead WHERE id = %s AND size = %s AND frontier = %s "
                "AND hash_name = %s FOR UPDATE SKIP LOCKED), "
                f"u AS (UPDATE records_loghead SET {_HEAD_SET} FROM h WHERE records_loghead.id = h.id RETURNING 1), "
                f"e AS (INSERT INTO records_event ({_EVENT_COLUMNS}) "
                "SELECT %s::bigint, %s::timestamptz, %s::bigint, %s, %s, %s, %s, %s FROM u RETURNING 1) "
                f"INSERT INTO records_pendingevent ({_PENDING_COLUMNS}) "
                "SELECT %s::timestamptz, %s::bigint, %s, %s, %s, %s, %s, %s, %s WHERE NOT EXISTS (SELECT 1 FROM e) "
                "RETURNING pg_try_advisory_xact_lock_shared(%s)",
                [LogHead.SINGLETON_ID, *head, size, frontier, root, now]
                + _event_values(connection, event)
                + pending_values
                + [SEQUENCER_LOCK],
            )
            row = cursor.fetchone()
            if row is None:
                return _finish(connection, event, salts, new_head, hash_name)
    _pending_in(connection)
    if row[0]:
        # No sequencer process (the shared lock was free, and this transaction now holds it until its commit,
        # so none can start before then): this writer numbers after its commit.
        _last_head.busy = True
        if not _has_callback(connection, _integrate_after_commit):
            transaction.on_commit(_integrate_after_commit, using=connection.alias, robust=True)
    else:
        # A sequencer process holds the lock: it numbers the event within milliseconds of the commit
        # (sequencer.py). Stay with pending appends for a moment; the head this thread wrote is stale now.
        _last_head.value = None
        _last_head.pending_until = time.monotonic() + SEQUENCER_BUSY_SECONDS
    # Unsaved as far as Django knows (its row is a PendingEvent). Positional: a third of the keyword form's time.
    return Event(None, created, actor_id, action, subject_type, subject, "", "")


def _has_callback(connection, func) -> bool:
    return any(callback is func for _sids, callback, _robust in connection.run_on_commit)


def _pending_marker() -> None:
    """Does nothing: its presence among the transaction's on-commit callbacks marks a pending event."""


def _pending_in(connection) -> None:
    """Mark the caller's transaction as having a pending event (its later events must be pending too, to keep
    their order): an on-commit callback that does nothing, and is dropped with the transaction on rollback."""
    if not _has_pending(connection):
        transaction.on_commit(_pending_marker, using=connection.alias)


def _has_pending(connection) -> bool:
    return _has_callback(connection, _pending_marker)


# The hash of the log, per database alias: fixed when the log is created.
_hash_names: dict[str, str] = {}


def _known_hash_name(connection) -> str:
    name = _hash_names.get(connection.alias)
    if name is None:
        head = _head_row(connection, lock=False) or _head_row(connection, lock=True)
        name = _hash_names[connection.alias] = head[2]
    return name


def _integrate_after_commit() -> None:
    integrate_pending()


# The integrator role: a session-level advisory lock, so that only one process numbers pending events at a time
# and the others return at once ("SXLG").
INTEGRATOR_LOCK = 0x53584C47


def integrate_pending(using: str = "default") -> int:
    """Number the committed pending events (batch sequencer); returns how many this call numbered.

    One integrator at a time, by the advisory lock ``INTEGRATOR_LOCK`` (one round trip, no transaction). A
    caller that does not get it returns at once: the holder looks for pending rows again after it releases the
    lock, and so finds every row committed before this caller's attempt. The holder numbers under the head's
    row lock, waiting for an inline writer's commit if one holds the head. Inside a transaction (a test, a
    caller's ``atomic``) the numbering runs in that transaction under the head lock, without the advisory
    lock. A no-op on SQLite."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    if connection.in_atomic_block:
        total = 0
        while numbered := _integrate_round(connection):
            total += numbered
        return total
    total = idle = 0
    while True:
        with _cursor(connection) as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [INTEGRATOR_LOCK])
            if not cursor.fetchone()[0]:
                return total
        progress = 0
        try:
            while True:
                numbered = _integrate_pipelined(connection)
                progress += numbered
                if numbered < INTEGRATE_BATCH:
                    break
        finally:
            with _cursor(connection) as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [INTEGRATOR_LOCK])
        # After the release, in a new snapshot: rows whose writers found the lock taken while this process
        # held it. (One statement for both would read with a snapshot taken before the release.)
        total += progress
        with _cursor(connection) as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM records_pendingevent)")
            if not cursor.fetchone()[0]:
                return total
        # Rows remain: committed after this pass read (go round again, they are visible now). Two passes in a
        # row that numbered nothing while rows remain would be a fault (never seen): stop rather than spin.
        idle = idle + 1 if not progress else 0
        if idle >= 2:
            logger.error("pending log events remain that two passes of the sequencer did not number")
            return total


def pending_count(using: str = "default") -> int:
    return PendingEvent.objects.using(using).count()


# The pending rows are read with FOR UPDATE: the statement's snapshot was taken before the head's lock was
# granted, so it may still show rows that another numbering (one inside a caller's transaction, which does not
# take the advisory lock) deleted and committed meanwhile; locking a row deleted by a committed transaction
# drops it from the result (READ COMMITTED). The head's read also sets the transaction-local setting that lets
# the pending table's guard accept the sequencer's delete.
_READ_BATCH = (
    "WITH h AS (SELECT size, frontier, hash_name, "
    f"set_config('{protection.SEQUENCER_SETTING}', 'integrate', true) "
    "FROM records_loghead WHERE id = %s FOR UPDATE) "
    "SELECT h.size, h.frontier, h.hash_name, p.* FROM h LEFT JOIN LATERAL "
    # The time as the entry writes it (entries.format_time: UTC, six fraction digits, Z), formatted by the
    # server: parsing it into a datetime and formatting it again was a fifth of the numbering's time.
    "(SELECT id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), actor_id, action, "
    "subject_type, subject_id, payload, commitments, salts, hash_name "
    "FROM records_pendingevent ORDER BY id LIMIT %s FOR UPDATE) p ON true"
)
# The numbered events take their query columns from the pending rows they replace (DELETE … RETURNING, rows
# this transaction has locked); only the numbers, entries and leaf hashes are sent. %b: arrays in binary (text
# arrays would be escaped element by element with a regex).
_WRITE_BATCH = (
    "WITH d AS (DELETE FROM records_pendingevent WHERE id = ANY(%b) "
    "RETURNING id, created_at, actor_id, action, subject_type, subject_id), "
    f"h AS (UPDATE records_loghead SET {_HEAD_SET} WHERE id = %s) "
    f"INSERT INTO records_event ({_EVENT_COLUMNS}) "
    "SELECT u.seq, d.created_at, d.actor_id, d.action, d.subject_type, d.subject_id, u.entry, u.leaf "
    "FROM unnest(%b::bigint[], %b::bigint[], %b::text[], %b::text[]) AS u (id, seq, entry, leaf) "
    "JOIN d ON d.id = u.id"
)
_WRITE_SALTS = (
    "INSERT INTO records_personalcommitmentsalt (event_id, field, salt) "
    "SELECT * FROM unnest(%b::bigint[], %b::text[], %b::text[])"
)


def _integrate_round(connection) -> int:
    """In the caller's transaction: lock the head, number up to INTEGRATE_BATCH pending rows in id order, write
    them as events with the new head, delete them."""
    with _cursor(connection) as cursor:
        cursor.execute(_READ_BATCH, [LogHead.SINGLETON_ID, INTEGRATE_BATCH])
        result = cursor.fetchall()
    if not result:  # no head row (a flushed test database): make it, then read again
        _locked_head()
        return _integrate_round(connection)
    batch = _number(result)
    if batch is None:
        return 0
    statements, head = batch
    with _cursor(connection) as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
    return _numbered(connection, head)


def _integrate_pipelined(connection) -> int:
    """The same as one :func:`_integrate_round` in its own transaction, on Django's connection while it is in
    autocommit (after a commit, in the worker, in a command), in two round trips through psycopg's pipeline:
    BEGIN with the read, then the writes with COMMIT (four with Django's transaction: BEGIN, read, write,
    COMMIT). It runs while this process holds the integrator lock, the part of the sequencer that other
    processes wait on."""
    import psycopg

    connection.ensure_connection()
    conn = connection.connection
    with connection.wrap_database_errors:
        try:
            with psycopg.Cursor(conn) as begin, psycopg.Cursor(conn) as read:
                with conn.pipeline():
                    begin.execute("BEGIN")
                    read.execute(_READ_BATCH, [LogHead.SINGLETON_ID, INTEGRATE_BATCH], prepare=True)
                result = read.fetchall()
            batch = _number(result) if result else None
            if batch is None:
                conn.execute("ROLLBACK")  # nothing to number (the row lock needs no commit)
                if not result:  # no head row (a flushed test database): make it, then read again
                    with transaction.atomic(using=connection.alias):
                        _locked_head()
                    return _integrate_pipelined(connection)
                return 0
            statements, head = batch
            with conn.pipeline(), psycopg.Cursor(conn) as cursor:
                for sql, params in statements:
                    cursor.execute(sql, params, prepare=True)
                cursor.execute("COMMIT")
        except BaseException:
            if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                conn.execute("ROLLBACK")
            raise
    return _numbered(connection, head)


def _number(result):
    """From the rows of ``_READ_BATCH``: the statements that write the numbered events, their salts and the new
    head, and that head; None when nothing is pending."""
    size, frontier_text, hash_name = result[0][:3]
    rows = [row[3:] for row in result if row[3] is not None]
    if not rows:
        return None
    hasher = merkle.Hasher(hash_name)
    ids: list[int] = []
    texts: list[str] = []
    salt_rows: list[tuple[int, str, str]] = []
    encode = entries.encode_canonical_parts
    for seq, row in enumerate(rows, start=size):
        pid, time_text, actor_id, action, subject_type, subject, payload, commitments, salts, made_with = row
        if made_with != hash_name:
            raise LogUsageError(
                f"pending event {pid} was committed with {made_with}, the log uses {hash_name}"
            )
        # payload and commitments were stored as canonical JSON by the append (_append_batch).
        texts.append(
            encode(
                seq=seq, time_text=time_text, actor_id=actor_id, action=action, subject_type=subject_type,
                subject_id=subject, payload_json=payload, commitments_json=commitments,
            )
        )  # fmt: skip
        ids.append(pid)
        if salts != "{}":
            salt_rows += [(seq, field, salt) for field, salt in sorted(json.loads(salts).items())]
    leaves = hasher.leaves(text.encode("utf-8") for text in texts)
    tree = merkle.TreeBuilder.resumed(hasher, [bytes.fromhex(part) for part in frontier_text.split()], size)
    tree.extend(leaves)
    new_size = size + len(rows)
    new_frontier = " ".join(h.hex() for h in tree.frontier)
    statements = [
        (_WRITE_BATCH,
         [ids, new_size, new_frontier, tree.root().hex(), timezone.now(), LogHead.SINGLETON_ID,
          ids, list(range(size, new_size)), texts, [leaf.hex() for leaf in leaves]]),
    ]  # fmt: skip
    if salt_rows:
        statements.append((_WRITE_SALTS, [list(column) for column in zip(*salt_rows, strict=True)]))
    return statements, (new_size, new_frontier, hash_name, len(rows))


def _numbered(connection, head) -> int:
    new_size, new_frontier, hash_name, count = head
    _last_head.value = (connection.alias, new_size, new_frontier, hash_name)
    # Numbering several events means other writers are busy too: stay with pending appends (an attempt to
    # number at once would find the head moved). One event (this thread's own): try at once next time.
    _last_head.busy = count > 1
    return count


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
