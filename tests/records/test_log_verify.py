"""The fast full verification: the tree rebuilt in batches equals the reference tree at every size, entries read
in small chunks (checkpoints and changes falling inside and across chunk edges) are checked as in one pass, and
comparing text instead of parsing JSON still catches every changed query column.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection, transaction

from sanxiang.records import checkpoints, merkle, protection, verify
from sanxiang.records.models import Event
from sanxiang.records.services import event_append

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def signing_key(settings, tmp_path):
    settings.LOG_KEY_FILE = tmp_path / "keys" / "log.key"


def append(count: int, *, subject_id="7", actor=None, payload=None) -> None:
    for i in range(count):
        with transaction.atomic():
            event_append(
                actor=actor, action="case.note", subject_type="cases.case", subject_id=subject_id,
                payload=payload if payload is not None else {"step": i, "意见": "同意"},
            )  # fmt: skip


def change(sql: str, params=()) -> None:
    with protection.suspended(connection), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize("name", merkle.HASH_NAMES)
def test_the_tree_built_in_batches_is_the_reference_tree_at_every_size(name):
    hasher = merkle.Hasher(name)
    leaves = [hasher.leaf(str(i).encode()) for i in range(70)]
    for size in range(71):
        for batch in (1, 2, 3, 5, 8, 64):
            tree = merkle.TreeBuilder(hasher)
            for start in range(0, size, batch):
                tree.extend(leaves[start : min(start + batch, size)])
            assert tree.size == size
            assert tree.root() == merkle.root(leaves[:size], hasher), (size, batch)


def test_batch_hashing_equals_one_at_a_time():
    hasher = merkle.Hasher("sm3")
    datas = [f"entry {i}".encode() for i in range(9)]
    leaves = hasher.leaves(datas)
    assert leaves == [hasher.leaf(d) for d in datas]
    assert hasher.parents(leaves) == [hasher.node(leaves[i], leaves[i + 1]) for i in range(0, 8, 2)]


@pytest.mark.parametrize(("chunk_size", "blocks"), [(1, 1), (3, 1), (4, 1), (4096, 1), (1, 12), (3, 5), (2, 3),
                                                  (4096, 2)])  # fmt: skip
def test_checkpoints_inside_and_at_the_edges_of_chunks_and_blocks_are_checked(chunk_size, blocks):
    for count in (1, 4, 2, 5):
        append(count)
        checkpoints.checkpoint_create()
    # In a test's transaction, blocks are checked one after the other here (forked processes would not see
    # its rows): the same code as in separate processes, but for the pipes.
    report = verify.verify_log(chunk_size=chunk_size, jobs=blocks, min_block=1)
    assert report.ok, report.problems
    assert (report.checked_entries, report.checked_checkpoints, report.jobs) == (12, 4, 1)


@pytest.mark.parametrize(("chunk_size", "blocks"), [(1, 1), (3, 1), (4096, 1), (1, 10), (3, 3), (4096, 2)])
def test_changes_are_named_in_sequence_order_whatever_the_chunk_or_block(chunk_size, blocks):
    append(10)
    checkpoints.checkpoint_create()
    change("UPDATE records_event SET entry = REPLACE(entry, '同意', '不同意') WHERE seq = 7")
    change("UPDATE records_event SET action = 'case.cancel' WHERE seq = 4")
    change("DELETE FROM records_event WHERE seq = 8")
    report = verify.verify_log(chunk_size=chunk_size, jobs=blocks, min_block=1)
    assert report.first_bad_seq == 4
    assert "第 4 条记录被改动：查询列与条目内容不一致" in report.problems[0]
    assert "第 7 条记录被改动：条目与其存储的叶子哈希不符" in report.problems[1]
    assert "序号不连续：应为 8，实为 9" in report.problems[2]
    assert report.checked_entries == 8


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        ("UPDATE records_event SET subject_id = %s WHERE seq = 1", ["8"]),
        ("UPDATE records_event SET subject_type = %s WHERE seq = 1", ["cases.other"]),
        ("UPDATE records_event SET seq = 9 WHERE seq = 1", []),
        ("UPDATE records_event SET created_at = created_at + interval '1 microsecond' WHERE seq = 1", []),
        # The same date and time before year 1: its text only adds " BC" at the end.
        (
            "UPDATE records_event SET created_at = "
            "(to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || ' BC')::timestamp "
            "AT TIME ZONE 'UTC' WHERE seq = 1",
            [],
        ),
    ],
    ids=["subject_id", "subject_type", "seq", "time", "time-bc"],
)
def test_every_query_column_is_cross_checked(sql, params):
    append(3)
    if connection.vendor == "sqlite" and " BC" in sql:
        pytest.skip("SQLite stores the time as text: no year before 1 to write")
    if connection.vendor == "sqlite" and "interval" in sql:
        moment = Event.objects.get(seq=1).created_at + dt.timedelta(microseconds=1)
        sql, params = "UPDATE records_event SET created_at = %s WHERE seq = 1", [moment.replace(tzinfo=None)]
    change(sql, params)
    report = verify.verify_log()
    assert not report.ok
    assert report.first_bad_seq == 1


def test_a_changed_actor_is_found(django_user_model):
    someone = django_user_model.objects.create_user(username="wangfang", password="Jiancha#2026")
    other = django_user_model.objects.create_user(username="lijun", password="Jiancha#2026")
    append(2, actor=someone)
    change("UPDATE records_event SET actor_id = %s WHERE seq = 1", [other.pk])
    assert verify.verify_log().first_bad_seq == 1
    change("UPDATE records_event SET actor_id = NULL WHERE seq = 0")
    assert verify.verify_log().first_bad_seq == 0


def test_entries_with_quotes_escapes_and_whole_seconds_verify():
    append(2, subject_id='引号"与\\反斜杠\t', payload={"text": '他说："同意"\n', "n": 1})
    with transaction.atomic():
        event = event_append(actor=None, action="case.note", subject_type="cases.case", subject_id=1)
    # An entry written at a whole second: the database text has no fraction, the entry has .000000.
    whole = event.created_at.replace(microsecond=0)
    text = event.entry.replace(event.created_at.strftime("%H:%M:%S.%f"), whole.strftime("%H:%M:%S.%f"))
    leaf = merkle.Hasher("sm3").leaf(text.encode()).hex()
    change(
        "UPDATE records_event SET created_at = %s, entry = %s, leaf_hash = %s WHERE seq = 2",
        [whole if connection.vendor == "postgresql" else whole.replace(tzinfo=None), text, leaf],
    )
    report = verify.verify_log()
    # Only the head disagrees (the leaf was replaced behind its back); no entry or column problem.
    assert report.problems == [report.problems[0]]
    assert "日志头" in report.problems[0]


def test_leaf_hashing_in_batches_equals_one_at_a_time_past_a_batch():
    hasher = merkle.Hasher("sha256")
    datas = [f"entry {i}".encode() for i in range(2500)]
    assert hasher.leaves(iter(datas)) == [hasher.leaf(d) for d in datas]


# Values whose JSON encoding is not the text between two quotes (quotes, backslash, control characters), or
# that the whole-chunk comparison sends row by row (unprintable, apostrophe), next to plain non-ASCII text.
ODD_VALUES = [
    '引号"',
    "反斜杠\\",
    "tab\t",
    "bell\x07",
    "del\x7f",
    "it's",
    "行\u2028分隔",
    "𝄞音符",
    "é e",
    "同意",
]


@pytest.mark.parametrize("chunk_size", [1, 4, 4096])
def test_odd_characters_in_the_query_columns_verify_and_a_change_to_them_is_found(chunk_size):
    odd = ODD_VALUES + (["nul\x00"] if connection.vendor == "sqlite" else [])  # PostgreSQL text has no NUL
    for value in odd:
        with transaction.atomic():
            event_append(actor=None, action=f"case.{value}", subject_type=f"cases.{value}", subject_id=value)
    report = verify.verify_log(chunk_size=chunk_size)
    assert report.ok, report.problems
    change("UPDATE records_event SET subject_id = %s WHERE seq = 3", ["bell\x08"])
    change("UPDATE records_event SET action = %s WHERE seq = 6", ["case.it’s"])
    change("UPDATE records_event SET subject_type = %s WHERE seq = 8", ["cases.é  e"])
    report = verify.verify_log(chunk_size=chunk_size)
    assert report.first_bad_seq == 3
    assert [p.split("：")[0] for p in report.problems] == [
        "第 3 条记录被改动",
        "第 6 条记录被改动",
        "第 8 条记录被改动",
    ]


def test_a_column_of_another_type_with_the_same_text_is_found():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite stores a value of any type in any column; PostgreSQL's columns have one type")
    append(3)
    # The same text as the entry holds, but the timeline's queries (subject_id = '7', actor_id IS NULL) do not
    # find these rows.
    change("UPDATE records_event SET subject_id = CAST(subject_id AS BLOB) WHERE seq = 1")
    change("UPDATE records_event SET actor_id = 'null' WHERE seq = 2")
    report = verify.verify_log()
    assert [p.split("：")[0] for p in report.problems] == ["第 1 条记录被改动", "第 2 条记录被改动"]
    change("UPDATE records_event SET actor_id = NULL WHERE seq = 2")  # the test database checks foreign keys


@pytest.mark.parametrize("blocks", [1, 2, 5])
def test_a_gap_at_a_block_edge_and_missing_last_rows_are_found(blocks):
    append(10)
    change("DELETE FROM records_event WHERE seq IN (4, 5)")  # seq 4 starts the third of 5 blocks
    report = verify.verify_log(jobs=blocks, min_block=1)
    assert "序号不连续：应为 4，实为 6" in report.problems[0]
    assert report.first_bad_seq == 4 and report.checked_entries == 4
    change("DELETE FROM records_event WHERE seq >= 4")
    report = verify.verify_log(jobs=blocks, min_block=1)
    assert report.checked_entries == 4
    assert report.problems == ["日志头（10 条）与重建的树（4 条）不一致"]


def test_rows_past_the_head_are_found():
    append(3)
    change(
        "INSERT INTO records_event (seq, entry, leaf_hash, created_at, actor_id, action, subject_type, "
        "subject_id) SELECT 3, entry, leaf_hash, created_at, actor_id, action, subject_type, subject_id "
        "FROM records_event WHERE seq = 2"
    )
    report = verify.verify_log()
    assert report.checked_entries == 3
    assert report.problems == ["记录表中有序号 3 至 3 的记录，日志头只记有 3 条（它们不是经编号写入的）"]
    assert report.first_bad_seq == 3


def test_the_parts_of_the_tree_built_from_any_starts_join_into_the_whole_tree():
    hasher = merkle.Hasher("sm3")
    leaves = [hasher.leaf(str(i).encode()) for i in range(37)]
    for cuts in ([0, 37], [0, 5, 37], [0, 3, 11, 12, 30, 37], list(range(38)), [0, 16, 17, 32, 37]):
        whole = merkle.TreeBuilder(hasher)
        for lo, hi in itertools.pairwise(cuts):
            part = merkle.TreeBuilder(hasher, start=lo)
            for i in range(lo, hi, 3):  # in batches, as verification reads chunks
                part.extend(leaves[i : min(i + 3, hi)])
            assert len(part.frontier) <= 2 * max(1, (hi - lo).bit_length())
            whole.push_all(part.frontier, part.widths)
            assert whole.root() == merkle.root(leaves[:hi], hasher), (cuts, lo)
    with pytest.raises(ValueError, match="no whole tree"):
        merkle.TreeBuilder(hasher, start=3).root()
    three = merkle.TreeBuilder(hasher)
    three.extend(leaves[:3])
    with pytest.raises(ValueError, match="cannot start at leaf 3"):
        three.push(leaves[3], 2)
    assert three.size == 3 and three.root() == merkle.root(
        leaves[:3], hasher
    )  # the refused push changed nothing
    resumed = merkle.TreeBuilder.resumed(hasher, three.frontier, 3)
    resumed.extend(leaves[3:9])
    assert resumed.root() == merkle.root(leaves[:9], hasher)
    with pytest.raises(ValueError, match="does not fit"):
        merkle.TreeBuilder.resumed(hasher, three.frontier[:1], 3)
