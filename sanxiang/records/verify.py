"""Verification of the whole log, proofs for outsiders.

:func:`verify_log` rebuilds every leaf hash from the stored entries (a changed entry is named by its sequence
number), rebuilds the tree, and checks it against the log head, every stored checkpoint (signature and root at
its size) and the checkpoints an outsider kept (``against``). Comparing the rebuilt root at an earlier size with
that checkpoint's root is the strongest form of consistency: we hold every leaf, so no proof is needed.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import json
import multiprocessing
import os
import queue
import threading
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import DataError, connection, connections, transaction
from django.db.models import Subquery

from sanxiang.records import entries, merkle, notes
from sanxiang.records.models import Checkpoint, Event, LogHead
from sanxiang.records.services import head_now


@dataclass
class Report:
    checked_entries: int = 0
    checked_checkpoints: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    first_bad_seq: int | None = None
    jobs: int = 1  # processes that checked the entries

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, message: str, seq: int | None = None) -> None:
        self.problems.append(message)
        if seq is not None and self.first_bad_seq is None:
            self.first_bad_seq = seq


_ENTRY, _LEAF = itemgetter(1), itemgetter(2)
_quote = entries.json_string


def _entry_chunks(chunk_size: int, lo: int, hi: int):
    """The stored entries with ``lo <= seq < hi`` in seq order, ``chunk_size`` rows at a time, as ``(rows,
    suspects)``: rows of (seq, entry as UTF-8 bytes, leaf_hash, time, actor_id, action, subject_type,
    subject_id), ``suspects`` the indexes of the rows whose query columns may disagree with their entry
    (:func:`_column_suspects`).
    ``time`` is the UTC time as the database writes it, ``YYYY-MM-DD HH:MM:SS.ffffff`` (PostgreSQL: padded
    to six fraction digits; a whole second has no fraction on SQLite and seven zeros on PostgreSQL, which
    the comparison then doubts and :func:`_column_problem` decides).

    The entry comes as bytes (SQLite ``CAST AS BLOB``, PostgreSQL ``convert_to`` in a binary cursor): the
    leaf hashes bytes, and decoding the text only to encode it again cost about 15 % of the verification
    (SQLite, 2026-11-27). PostgreSQL reads through a server-side cursor inside a transaction (a cursor
    outside one is ``WITH HOLD``: the server copies the whole result before the first row), and a reader
    thread fetches the next chunk while this one is checked and hashed (the driver waits without the GIL,
    the server produces rows on another core); on SQLite, where reading is all Python-side work under the
    GIL, one thread does both.

    Measured 2026-11-27: letting PostgreSQL compare the columns with the entry (``to_json``, ``to_char``,
    ``starts_with``; one boolean instead of five columns, even with the rows aggregated per range) was slower
    than sending the columns and comparing in Python, so both backends do the latter. Letting it build the
    expected beginning and end of each entry (``to_json``, with the reader thread) was faster only while the
    second core was free and slower when it was busy; a reader thread on SQLite was slower. On SQLite too
    the comparison in SQL (``json_quote``, ``substr``, ``typeof``) was slower: it added 5.3 µs a row to the
    query, where fetching the five columns adds 0.7 µs and comparing them in Python 1.3 µs row by row, less
    now (2026-11-27, SQLite 3.40.1, micro-benchmarks on this 2-core machine). Reading each chunk as one row
    of ``group_concat`` columns was no faster once the column types are guarded (a blob with the same text
    must still count as a change): 3.2 µs a row, as ``fetchmany``; 2.5 µs without the guard."""
    table = connection.ops.quote_name(Event._meta.db_table)
    if connection.vendor != "postgresql":
        with connection.chunked_cursor() as cursor:
            cursor.execute(
                "SELECT seq, CAST(entry AS BLOB), leaf_hash, CAST(created_at AS TEXT), actor_id, action, "
                f"subject_type, subject_id FROM {table} WHERE seq >= %s AND seq < %s ORDER BY seq",
                [lo, hi],
            )
            while rows := cursor.fetchmany(chunk_size):
                yield rows, _column_suspects(rows)
        return
    connection.ensure_connection()
    with (
        transaction.atomic(),
        connection.connection.cursor(name=f"sanxiang_verify_{next(_cursor_numbers)}", binary=True) as cursor,
    ):
        cursor.execute(
            "SELECT seq, convert_to(entry, 'UTF8'), leaf_hash, "
            # NULL for a time before year 1 (its text ends " BC", which rpad would cut off): such a row is
            # a suspect, and _column_problem names it.
            "CASE WHEN created_at >= '0001-01-01 00:00:00+00' "
            "THEN rpad((created_at AT TIME ZONE 'UTC')::text, 26, '0') END, actor_id, action, subject_type, "
            f"subject_id FROM {table} WHERE seq >= %s AND seq < %s ORDER BY seq",
            [lo, hi],
        )
        with contextlib.closing(_read_ahead(lambda: cursor.fetchmany(chunk_size))) as chunks:
            for rows in chunks:  # the reader is stopped and joined before the cursor closes
                yield rows, _column_suspects(rows)


_cursor_numbers = itertools.count()
_END = object()


class _ReaderFailed:
    def __init__(self, exc: BaseException):
        self.exc = exc


def _read_ahead(fetch):
    """``fetch()`` until it returns nothing, in a reader thread one result ahead of the caller. An exception
    in the reader is raised here; when the caller stops early the reader is stopped and joined before this
    generator returns (so the cursor can be closed in the caller's thread)."""
    box: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def hand_over(item) -> bool:
        while not stop.is_set():
            try:
                box.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def reader() -> None:
        try:
            while rows := fetch():
                if not hand_over(rows):
                    return
            hand_over(_END)
        except BaseException as exc:  # handed to the caller, which raises it
            hand_over(_ReaderFailed(exc))

    thread = threading.Thread(target=reader, name="sanxiang-verify-reader", daemon=True)
    thread.start()
    try:
        while (item := box.get()) is not _END:
            if isinstance(item, _ReaderFailed):
                raise item.exc
            yield item
    finally:
        stop.set()
        thread.join()


def _column_suspects(rows) -> list[int]:
    """Indexes of the rows (as :func:`_entry_chunks` gives them) whose query columns may disagree with their
    entry, found by comparing text.

    A canonical entry (what ``entries.encode`` writes) begins ``{"action":A,"actor":X,"commitments":`` and
    ends ``,"seq":S,"subject":{"id":I,"type":T},"time":"…Z","v":1}``: sorted keys put payload and
    commitments in the middle. Rebuilding that beginning and end from the columns with the encoder
    ``json.dumps`` uses and finding both (UTF-8 encoded) in the entry means every column equals its field
    (JSON strings and numbers end unambiguously, and the time is a fixed 27 characters). A row that does not
    match is not yet a problem: :func:`_column_problem` parses it and decides.

    The chunk is checked as a whole, the loops in C (``map``, ``join``): beginnings come from a cache by
    actor and action; subject id and type go between plain quotes, which is their JSON encoding when none
    holds a ``"``, a backslash or an unprintable character (checked once on all of them joined, which also
    fails on a value that is not text); the times, always 26 ASCII characters, are compared all at once
    with the last 35 bytes of the entries. A chunk that fails any of this is checked row by row
    (:func:`_row_suspects`, the same comparison with every value JSON-encoded).

    Measured 2026-11-27 (SQLite, 20,000 entries, each part timed inside the verification and divided by the
    hashlib loop's time): 0.48–0.50 loops against 0.59–0.62 for building each row's beginning and end in a
    Python loop, in chunks of 1,024 rows; 0.35 against 0.44 in chunks of 256. Doing the comparison in SQLite
    SQL instead (``json_quote``, ``substr`` on the entry as a blob, ``typeof`` guards; one boolean fetched
    instead of five columns) cost 5 µs a row, more than the
    whole check; extracting the fields with one regular expression over the joined chunk cost 1.3 µs a row.
    """
    seqs, entries, _leaves, times, actor_ids, actions, subject_types, subject_ids = zip(*rows, strict=True)
    try:
        subjects = "".join(subject_ids) + "".join(subject_types)
        time_text = _AFTER_TIME.join(times)
    except TypeError:  # a value that is not text
        return _row_suspects(rows)
    plain = '"' not in subjects and "\\" not in subjects and subjects.isprintable()
    if not (plain and time_text.isascii() and set(map(len, times)) == {26}):
        return _row_suspects(rows)
    # 35 bytes a row on each side (26 ASCII characters + 9): equal joined means equal row by row.
    if b"".join(map(_TIME_ON, entries)) != (time_text + _AFTER_TIME).replace(" ", "T").encode():
        return _row_suspects(rows)
    beginnings = map(dict.__getitem__, map(_beginnings.__getitem__, actor_ids), actions)
    if not all(map(bytes.startswith, entries, beginnings)):
        return _row_suspects(rows)
    ends = [
        f',"seq":{seq},"subject":{{"id":"{subject_id}","type":"{subject_type}"}},"time":"'.encode()
        for seq, subject_id, subject_type in zip(seqs, subject_ids, subject_types, strict=True)
    ]
    if not all(map(bytes.endswith, map(_BEFORE_TIME, entries), ends)):
        return _row_suspects(rows)
    return []


# An entry's last 35 bytes: the time without its opening quote, then ","v":1}.
_TIME_ON, _BEFORE_TIME = itemgetter(slice(-35, None)), itemgetter(slice(None, -35))
_AFTER_TIME = 'Z","v":1}'


class _ByAction(dict):
    """An actor's entry beginnings by action: ``{"action":A,"actor":X,"commitments":`` (UTF-8), built on first
    use. A value that is not text (or an actor that is not an integer or NULL) gets a beginning no entry has:
    its row goes to :func:`_column_problem`."""

    def __init__(self, actor: str | None):
        super().__init__()
        self.actor = actor

    def __missing__(self, action):
        if self.actor is None or type(action) is not str:
            return b"\xff"  # not UTF-8: no entry begins with it
        if len(self) >= 256:  # bounded in a long-running process (a log has a few dozen actions)
            self.clear()
        beginning = self[action] = f'{{"action":{_quote(action)},"actor":{self.actor},"commitments":'.encode()
        return beginning


class _ByActor(dict):
    """``_beginnings[actor_id][action]``: two plain lookups a row, no key tuple to build."""

    def __missing__(self, actor_id):
        if not (actor_id is None or type(actor_id) is int):
            return _NO_ACTOR
        if len(self) >= 1024:
            self.clear()
        by_action = self[actor_id] = _ByAction("null" if actor_id is None else str(actor_id))
        return by_action


_beginnings = _ByActor()
_NO_ACTOR = _ByAction(None)


def _row_suspects(rows) -> list[int]:
    """:func:`_column_suspects` one row at a time, each value JSON-encoded; a value of an unexpected type
    (bytes, NULL) makes its row a suspect."""
    q = _quote
    suspects = []
    for i, (seq, data, _leaf, t, actor_id, action, subject_type, subject_id) in enumerate(rows):
        try:
            matches = (
                len(t) == 26
                and data.startswith(_beginnings[actor_id][action])
                and data.endswith(
                    f',"seq":{seq},"subject":{{"id":{q(subject_id)},"type":{q(subject_type)}}},'
                    f'"time":"{t[:10]}T{t[11:]}Z","v":1}}'.encode()
                )
            )
        except TypeError:
            matches = False
        if not matches:
            suspects.append(i)
    return suspects


def _column_problem(seq, text: bytes) -> str | None:
    """Do the queryable columns say what the hashed entry says? (The timeline reads the columns.) Reads the
    row's columns through the ORM, as the timeline does; called only for rows the text comparison doubts."""
    try:
        entry = json.loads(text)
    except ValueError:
        return "条目不是 JSON"
    if not isinstance(entry, dict):
        return "条目不是 JSON 对象"
    subject = entry.get("subject")
    if not isinstance(subject, dict):
        subject = {}
    try:
        created_at, actor_id, action, subject_type, subject_id = (
            Event.objects.filter(seq=seq)
            .values_list("created_at", "actor_id", "action", "subject_type", "subject_id")
            .get()
        )
    except (DataError, ValueError):  # a value Python cannot hold (a time before year 1)
        return "查询列与条目内容不一致（存储的值无法读取）"
    if (
        entry.get("seq") != seq
        or entry.get("action") != action
        or entry.get("actor") != actor_id
        or subject.get("type") != subject_type
        or subject.get("id") != subject_id
        or entry.get("time") != entries.format_time(created_at)
    ):
        return "查询列与条目内容不一致"
    return None


def verify_log(
    *,
    against: str | None = None,
    evidence: bool = True,
    chunk_size: int | None = None,
    jobs: int = 1,
    min_block: int | None = None,
) -> Report:
    """Check the log as described in this module's docstring. ``jobs`` > 1 cuts the entries into that many
    blocks of at least ``min_block`` (default :data:`MIN_BLOCK`) and checks them in as many processes at
    once, this one and forked ones (:func:`_block_results`), or one after the other here when this process
    cannot fork safely (:func:`_can_fork`)."""
    # Rows a chunk: a chunk's rows, entries and hashes should stay in the CPU caches between reading, checking
    # and hashing. Measured 2026-11-27 (20,000 entries, ratio to the hashlib loop, medians of 10 alternating
    # runs, the row-by-row column check of then): SQLite 0.43 at 256 rows against 0.38 at 1,024 (128 as good
    # as 256, 384 and 512 in between; this machine has 512 KiB of L2 cache a core, and 1,024 rows of 8
    # columns are about 600 KiB of objects); PostgreSQL 0.44 at 512 or 1,024 against 0.40 at 256 (each chunk
    # is a round trip), 2,048 no better.
    # With the chunk sizes, the whole-chunk column check and merkle's batched leaf hashing together, against
    # the code before (same runs, 8–12 alternating rounds each, bench/log.py's shape of log, SM3): SQLite
    # 20,000 entries 0.38 -> 0.42, 0.44, 0.45 (three runs), 100,000 entries 0.32 -> 0.41; PostgreSQL 20,000
    # entries 0.40 -> 0.41, 0.36 -> 0.34, 0.43 -> 0.46, 100,000 entries 0.39 -> 0.39: no change measurable
    # there, where the reader thread's fetching (one core shared with the server) sets the pace.
    if chunk_size is None:
        chunk_size = 1024 if connection.vendor == "postgresql" else 256
    report = Report()
    # The head and the last stored seq in one statement (one snapshot): events numbered while this runs
    # are after both and are left out, so a live log verifies; rows past the head's size in the same
    # snapshot were not added by the numbering, which writes them together with the head.
    head = (
        LogHead.objects.filter(pk=LogHead.SINGLETON_ID)
        .annotate(last_seq=Subquery(Event.objects.order_by("-seq").values("seq")[:1]))
        .first()
    )
    if head is None:
        head = head_now()
        head.last_seq = Event.objects.order_by("-seq").values_list("seq", flat=True).first()
    size = head.size
    hasher = merkle.Hasher(head.hash_name)
    verifier = _verifier_or_none(report)

    checkpoints: list[tuple[str, str]] = [
        (f"检查点（库内）#{c.tree_size}", c.note) for c in Checkpoint.objects.all()
    ]
    if against is not None:
        try:
            kept = notes.split_many(against)
        except notes.NoteError as exc:
            report.problem(f"外部检查点文件格式有误：{exc}")
            kept = []
        checkpoints += [(f"外部检查点 {i + 1}", text) for i, text in enumerate(kept)]
    wanted: dict[int, list[tuple[str, bytes]]] = {}
    for label, text in checkpoints:
        if verifier is None:
            break
        try:
            checkpoint = notes.open_checkpoint(text, verifier)
        except notes.NoteError as exc:
            report.problem(f"{label}：签名或格式无效（{exc}）")
            continue
        if checkpoint.origin != verifier.name:
            report.problem(f"{label}：来源 {checkpoint.origin} 不是本日志 {verifier.name}")
            continue
        wanted.setdefault(checkpoint.size, []).append((label, checkpoint.root))
    _verify_sm2_lines(report, checkpoints)

    # The entries 0 .. size-1 in blocks, each checked on its own (here or in another process): leaf hashes
    # recomputed and compared, query columns cross-checked, the block's own part of the tree built
    # (merkle.TreeBuilder from the block's start: O(log n) hashes kept between chunks) and kept at the
    # checkpoint sizes inside it. Here the blocks' parts are joined in order into the whole tree, and its
    # roots taken at those sizes.
    cuts = sorted(c for c in wanted if 0 < c <= size)
    count = max(1, min(jobs, size // (MIN_BLOCK if min_block is None else max(1, min_block))))
    tasks = []
    for k in range(count):
        lo, hi = size * k // count, size * (k + 1) // count
        tasks.append((lo, hi, [c for c in cuts if lo < c <= hi], head.hash_name, chunk_size))
    tree = merkle.TreeBuilder(hasher)
    roots: dict[int, bytes] = {0: hasher.empty_root()}
    expected = 0
    checkers = set()
    with contextlib.closing(_block_results(tasks, count > 1 and _can_fork())) as results:
        for (lo, hi, *_rest), checked in zip(tasks, results, strict=False):
            checkers.add(checked.pid)
            for cut, (frontier, widths) in checked.cut_trees.items():
                at_cut = tree.copy()
                at_cut.push_all(frontier, widths)
                roots[cut] = at_cut.root()
            for seq, message in checked.problems:
                report.problem(f"第 {seq} 条记录被改动：{message}", seq=seq)
            tree.push_all(checked.frontier, checked.widths)
            expected = lo + checked.count
            if expected < hi:  # seq is the primary key and rows come in its order: a row is missing
                found = (
                    Event.objects.filter(seq__gte=expected)
                    .order_by("seq")
                    .values_list("seq", flat=True)
                    .first()
                )
                if found is not None:
                    report.problem(
                        f"序号不连续：应为 {expected}，实为 {found}（记录缺失或被删除）", seq=expected
                    )
                break
    report.checked_entries = expected
    report.jobs = max(1, len(checkers))
    current_root = tree.root()

    if head.size != expected or head.root_hash != current_root.hex():
        report.problem(f"日志头（{head.size} 条）与重建的树（{expected} 条）不一致")
    if head.last_seq is not None and head.last_seq >= size:
        report.problem(
            f"记录表中有序号 {size} 至 {head.last_seq} 的记录，日志头只记有 {size} 条（它们不是经编号写入的）",
            seq=size,
        )
    for checkpoint_size in sorted(wanted):
        for label, root in wanted[checkpoint_size]:
            report.checked_checkpoints += 1
            if checkpoint_size > expected:
                report.problem(
                    f"{label}：检查点有 {checkpoint_size} 条，日志只有 {expected} 条（日志被截断或回滚）"
                )
            elif roots.get(checkpoint_size) != root:
                report.problem(f"{label}：前 {checkpoint_size} 条记录的根哈希与检查点不符（日志被改写）")
    if evidence:
        _verify_evidence(report)
    return report


# Entries a block at least: forking a process and connecting it costs about as much as checking a
# thousand entries.
MIN_BLOCK = 4096


def default_jobs() -> int:
    """Processes ``sanxiang log verify`` uses unless told: one a CPU this process may run on, at most 8."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def _can_fork() -> bool:
    """Forked processes may check blocks when they see what this one sees and inherit nothing half-done:
    no transaction of the caller (its uncommitted rows would be invisible to them), a database in a file or
    on a server (not SQLite in memory), and no other thread (one holding a lock at the fork would leave it
    held in the child forever: the CLI has none; a test server's process may)."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and not connection.in_atomic_block
        and not (connection.vendor == "sqlite" and connection.is_in_memory_db())
    )


@dataclass
class _Checked:
    """What checking the entries ``lo ..`` of one block found (in this process or a forked one)."""

    count: int = 0  # entries from lo on, in order, before the first missing one
    problems: list[tuple[int, str]] = field(default_factory=list)  # (seq, what is wrong) in seq order
    # The block's part of the tree: perfect subtrees (root, leaves under it) in order, at its end and at
    # each checkpoint size inside it.
    frontier: list[bytes] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)
    cut_trees: dict[int, tuple[list[bytes], list[int]]] = field(default_factory=dict)
    pid: int = 0  # the process that checked the block


def _block_results(tasks, fork: bool):
    """:func:`_check_block` of each task, in order. With ``fork``, the first block is checked here while
    forked children check the others and send their results through pipes (this process's connections are
    closed first so that none is shared: each child opens its own). A child that fails or dies costs time,
    not the verification: its block is checked here (an error that persists is then raised here). Leaving
    early (a gap, an error) kills the children."""
    if not fork:
        yield from map(_check_block, tasks)
        return
    connections.close_all()
    context = multiprocessing.get_context("fork")
    children = []
    try:
        for task in tasks[1:]:
            receiving, sending = context.Pipe(duplex=False)
            child = context.Process(target=_check_block_in_child, args=(task, sending), daemon=True)
            child.start()
            sending.close()
            children.append((task, child, receiving))
        yield _check_block(tasks[0])
        for task, _child, receiving in children:
            try:
                checked = receiving.recv()
            except EOFError:  # it died
                checked = None
            yield checked if isinstance(checked, _Checked) else _check_block(task)
    finally:
        for _task, child, receiving in children:
            if child.is_alive():  # still checking (this stopped early), or exiting after it sent
                child.kill()
            child.join()
            receiving.close()


def _check_block_in_child(task, sending) -> None:
    try:
        checked = _check_block(task)
    except Exception:  # the parent checks the block itself, and meets the error there if it persists
        checked = None
    finally:
        connections.close_all()
    sending.send(checked)
    sending.close()


def _check_block(task) -> _Checked:
    lo, hi, cuts, hash_name, chunk_size = task
    hasher = merkle.Hasher(hash_name)
    tree = merkle.TreeBuilder(hasher, start=lo)
    checked = _Checked(pid=os.getpid())
    expected, next_cut = lo, 0
    # closing(): a gap or an error stops the reading (PostgreSQL: reader thread, cursor, transaction) at once.
    with contextlib.closing(_entry_chunks(chunk_size, lo, hi)) as chunks:
        for rows, suspects in chunks:
            count = len(rows)
            # seq is the primary key and the rows come in its order: no gap iff the ends are where they
            # should be.
            gap = rows[0][0] != expected or rows[-1][0] != expected + count - 1
            if gap:
                count = next(i for i, row in enumerate(rows) if row[0] != expected + i)
                rows = rows[:count]
                suspects = [i for i in suspects if i < count]
            leaves = hasher.leaves(map(_ENTRY, rows))
            changed: dict[int, str] = {}
            # One comparison per chunk; row by row only when it fails.
            if b"".join(leaves).hex() != "".join(map(_LEAF, rows)):
                changed = {
                    i: "条目与其存储的叶子哈希不符" for i, row in enumerate(rows) if leaves[i].hex() != row[2]
                }
            for i in suspects:
                if i not in changed:
                    wrong = _column_problem(rows[i][0], rows[i][1])
                    if wrong:
                        changed[i] = wrong
            checked.problems += [(rows[i][0], changed[i]) for i in sorted(changed)]
            # The tree, kept at the checkpoint sizes that fall inside this chunk.
            done = 0
            while next_cut < len(cuts) and cuts[next_cut] <= expected + count:
                cut = cuts[next_cut] - expected
                tree.extend(leaves[done:cut])
                done = cut
                checked.cut_trees[cuts[next_cut]] = (list(tree.frontier), list(tree.widths))
                next_cut += 1
            tree.extend(leaves[done:])
            expected += count
            if gap:
                break
    checked.count = expected - lo
    checked.frontier, checked.widths = tree.frontier, tree.widths
    return checked


def _verify_sm2_lines(report: Report, checkpoints: list[tuple[str, str]]) -> None:
    """With an SM2 key configured, every SM2 line by it must verify; checkpoints signed before SM2 was turned
    on have none (counted, not a problem: the Ed25519 line is checked above)."""
    from sanxiang.records.checkpoints import KeyFileError, sm2_verifier_key

    try:
        key = sm2_verifier_key()
    except KeyFileError as exc:
        report.problem(str(exc))
        return
    if key is None:
        return
    good = missing = 0
    for label, text in checkpoints:
        try:
            if not notes.carries(text, key):
                missing += 1
                continue
            notes.open_note(text, key)
            good += 1
        except notes.NoteError as exc:
            report.problem(f"{label}：SM2 签名无效（{exc}）")
    report.notes.append(f"SM2 签名：{good} 个检查点通过，{missing} 个没有 SM2 签名行")


def _verifier_or_none(report: Report):
    from sanxiang.records.checkpoints import KeyFileError, verifier_key

    try:
        return verifier_key()
    except KeyFileError as exc:
        report.problem(str(exc))
        return None


def _verify_evidence(report: Report) -> None:
    """Hook for the evidence store: ``sanxiang.records.evidence.verify_all()`` returns a list of problems
    (strings, empty when every file matches its hash). Absent module: nothing to check."""
    try:
        module = importlib.import_module("sanxiang.records.evidence")
    except ModuleNotFoundError as exc:
        if exc.name != "sanxiang.records.evidence":
            raise
        return
    verify_all = getattr(module, "verify_all", None)
    if verify_all is None:
        return
    problems = list(verify_all() or [])
    report.notes.append(f"证据文件检查：{'通过' if not problems else f'{len(problems)} 处问题'}")
    for problem in problems:
        report.problem(f"证据文件：{problem}")


# Proofs ----------------------------------------------------------------------------------------------------


class ProofRequestError(ValueError):
    """The sequence number or sizes asked for do not exist in the log."""


def _stored_leaves(size: int) -> list[bytes]:
    hexes = Event.objects.filter(seq__lt=size).order_by("seq").values_list("leaf_hash", flat=True)
    return [bytes.fromhex(h) for h in hexes.iterator(chunk_size=10000)]


def inclusion_proof_for(seq: int, size: int | None = None) -> dict:
    """The inclusion proof of entry ``seq`` in the tree of ``size`` leaves (default: the latest checkpoint that
    contains it, else the current tree), with the checkpoint note when one has that size."""
    head = head_now()
    if size is None:
        checkpoint = Checkpoint.objects.filter(tree_size__gt=seq).order_by("-tree_size").first()
        size = checkpoint.tree_size if checkpoint else head.size
    if not 0 <= seq < size <= head.size:
        raise ProofRequestError(f"日志共 {head.size} 条：无法证明第 {seq} 条在大小为 {size} 的树中")
    hasher = merkle.Hasher(head.hash_name)
    leaves = _stored_leaves(size)
    proof = merkle.inclusion_proof(leaves, seq, size, hasher)
    checkpoint = Checkpoint.objects.filter(tree_size=size).first()
    return {
        "hash": head.hash_name,
        "seq": seq,
        "tree_size": size,
        "leaf_hash": leaves[seq].hex(),
        "proof": [p.hex() for p in proof],
        "root_hash": merkle.root(leaves, hasher).hex(),
        "checkpoint": checkpoint.note if checkpoint else None,
    }


def consistency_proof_for(first: int, second: int) -> dict:
    head = head_now()
    if not 0 <= first <= second <= head.size:
        raise ProofRequestError(f"日志共 {head.size} 条：无法证明 {first} 与 {second} 的一致性")
    hasher = merkle.Hasher(head.hash_name)
    leaves = _stored_leaves(second)
    return {
        "hash": head.hash_name,
        "first": first,
        "second": second,
        "first_root": merkle.root(leaves[:first], hasher).hex(),
        "second_root": merkle.root(leaves, hasher).hex(),
        "proof": [p.hex() for p in merkle.consistency_proof(leaves, first, second, hasher)],
    }
